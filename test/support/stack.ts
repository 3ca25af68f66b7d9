import { resolve } from "node:path";
import { runWithMocks, type MockRun, type RecordedResource } from "../../src/plan/harness";
import { loadStackConfig } from "../../src/plan/stackConfig";
import type { PlatformOutputs } from "../../src/platform";
import { main } from "../../src/program";

export const ROOT = resolve(__dirname, "..", "..");

/** `--set` values that move the committed stacks to GCP, as the README shows. */
export const GCP_SETS = [
  "entmoot:cloud=gcp",
  "entmoot:region=us-central1",
  "entmoot:drRegion=us-east1",
  "entmoot:gcpProject=entmoot-prod-123",
];

/** Runs the real program for a committed stack under mocks, as `npm run plan` does. */
export function runStack(
  stack: string,
  sets: readonly string[] = [],
): Promise<MockRun<PlatformOutputs>> {
  const config = loadStackConfig(ROOT, stack, sets);
  return runWithMocks(main, { stack, config: config.values, secretKeys: config.secretKeys });
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** Reads a dotted path out of recorded inputs; arrays step into their first element. */
export function at(inputs: unknown, path: string): any {
  let v: any = inputs;
  for (const part of path.split(".")) {
    if (Array.isArray(v) && !/^\d+$/.test(part)) v = v[0];
    if (v === undefined || v === null) return undefined;
    v = v[part];
  }
  return v;
}
