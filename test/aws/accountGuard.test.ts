import { describe, expect, it } from "vitest";
import { ofType, runStack } from "../support/stack";

/** A provider input as the engine receives it: providers get their inputs JSON-encoded. */
const decoded = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

describe("entmoot:accountId on AWS", () => {
  it("pins every AWS provider (primary, DR, us-east-1) to the account, so a wrong profile fails before creating anything", async () => {
    // Outside us-east-1 the stack has a third provider there, for CloudFront's certificate.
    const run = await runStack("production", [
      "entmoot:accountId=123456789012",
      "entmoot:region=eu-west-1",
      "entmoot:drRegion=eu-central-1",
    ]);
    const providers = ofType(run.resources, "pulumi:providers:aws");
    expect(providers.length).toBeGreaterThanOrEqual(3);
    for (const p of providers) {
      expect(decoded(p.inputs.allowedAccountIds), p.name).toEqual(["123456789012"]);
    }
  });

  it("leaves the providers unrestricted without it", async () => {
    const run = await runStack("production");
    for (const p of ofType(run.resources, "pulumi:providers:aws")) {
      expect(p.inputs.allowedAccountIds, p.name).toBeUndefined();
    }
  });
});
