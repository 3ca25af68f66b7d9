// The plans every tool runs: each committed stack on each implemented cloud, read from the
// registry, so that a cloud that lands is benchmarked, recorded and shared with the tests without
// editing them. Loads no provider SDK.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS } from "../providers";
import type { Cloud } from "../src/cloud";
import type { MockRunOptions } from "../src/plan/harness";
import { loadStackConfig } from "../src/plan/stackConfig";

export const ROOT = join(__dirname, "..");

/** One committed stack on one cloud, with the `--set` values that put it there. */
export interface CommittedPlan {
  readonly cloud: Cloud;
  readonly stack: string;
  readonly sets: readonly string[];
}

/** The stacks with a committed `Pulumi.<stack>.yaml`, sorted. */
export function committedStacks(dir: string = ROOT): string[] {
  return readdirSync(dir)
    .map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** Every committed stack on every implemented cloud, cloud by cloud. */
export function committedPlans(clouds: readonly Cloud[] = IMPLEMENTED_CLOUDS): CommittedPlan[] {
  const stacks = committedStacks();
  return clouds.flatMap((cloud) =>
    stacks.map((stack) => ({ cloud, stack, sets: CLOUD_ENTRIES[cloud].stackSets(stack) })),
  );
}

/** The harness options for a stack, as `npm run plan` builds them. */
export function runOptions(stack: string, sets: readonly string[] = []): MockRunOptions {
  const config = loadStackConfig(ROOT, stack, sets);
  return { stack, config: config.values, secretKeys: config.secretKeys };
}

/**
 * What decides a run of the program: the stack name and its config after `--set`s. Two runs with
 * the same key register the same resources (the mocks answer from the config alone), whatever
 * `--set`s spelled it.
 */
export function runKey(options: MockRunOptions): string {
  const values = Object.entries(options.config ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const secretKeys = [...(options.secretKeys ?? [])].sort();
  return JSON.stringify([
    options.project,
    options.stack,
    values,
    secretKeys,
    options.previousOutputs,
  ]);
}
