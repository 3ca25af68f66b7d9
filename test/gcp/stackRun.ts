import type { MockRun, RecordedResource } from "../../src/plan/harness";
import type { PlatformOutputs } from "../../src/platform";
import { CLOUD_ENTRIES } from "../../providers";
import { dependencyMap, runStack } from "../support/stack";

export { key } from "../support/stack";

export interface GcpStackRun extends MockRun<PlatformOutputs> {
  /** What each resource waits for (its `dependsOn` and input dependencies), as `type::name`. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

/**
 * The committed stack on GCP (the registry's `--set`s plus `sets`) under the plan's mocks, with
 * the dependencies the engine would be told about, which decide what a first `pulumi up`
 * creates before what.
 */
export async function runGcpStack(
  stack: string,
  sets: readonly string[] = [],
): Promise<GcpStackRun> {
  const run = await runStack(stack, [...CLOUD_ENTRIES.gcp.stackSets(stack), ...sets]);
  return { ...run, dependencies: dependencyMap(run.resources) };
}

export const ofType = (rs: readonly RecordedResource[], type: string) =>
  rs.filter((r) => r.type === type);

/** The one resource of `type` named `name`; throws when there is none. */
export function named(rs: readonly RecordedResource[], type: string, name: string) {
  const found = rs.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
}
