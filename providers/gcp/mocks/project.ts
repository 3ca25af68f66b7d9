import type { MockContext } from "../../../src/plan/mocks";

/** The project the fake GCP runs in: the stack's `entmoot:gcpProject`, else a stand-in. */
export function projectOf(ctx: MockContext): string {
  const configured = ctx.config["entmoot:gcpProject"] ?? "";
  return configured === "" ? "entmoot-mock-project" : configured;
}
