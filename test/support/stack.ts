import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { inject } from "vitest";
import { CLOUD_ENTRIES } from "../../providers";
import { runKey, runOptions } from "../../scripts/committedPlans";
import { runWithMocks, type MockRun, type RecordedResource } from "../../src/plan/harness";
import type { PlatformOutputs } from "../../src/platform";
import { main } from "../../src/program";

export const ROOT = resolve(__dirname, "..", "..");

/** `--set` values that move the committed production stack to GCP, as the README shows. */
export const GCP_SETS = CLOUD_ENTRIES.gcp.stackSets("production");

let shared: Map<string, string> | undefined;

/**
 * The runs scripts/vitestSetup.ts recorded before the test files started, each as its JSON text
 * so that every caller parses its own copy: a test that edits a run cannot change another's.
 * Empty outside `vitest run` or when the setup could not record them.
 */
function sharedRuns(): Map<string, string> {
  if (shared !== undefined) return shared;
  shared = new Map();
  const file = inject("sharedRuns");
  if (file === undefined) return shared;
  const runs = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  for (const [key, run] of Object.entries(runs)) shared.set(key, JSON.stringify(run));
  return shared;
}

/** True when `runStack(stack, sets)` answers from the runs shared by the global setup. */
export function isShared(stack: string, sets: readonly string[] = []): boolean {
  return sharedRuns().has(runKey(runOptions(stack, sets)));
}

/**
 * Runs the real program for a committed stack under mocks, as `npm run plan` does. The committed
 * stacks on every implemented cloud come from the runs the global setup recorded once for the
 * whole suite (a fresh copy each call); any other config runs here.
 */
export function runStack(
  stack: string,
  sets: readonly string[] = [],
): Promise<MockRun<PlatformOutputs>> {
  const options = runOptions(stack, sets);
  const text = sharedRuns().get(runKey(options));
  if (text !== undefined) return Promise.resolve(JSON.parse(text) as MockRun<PlatformOutputs>);
  return runWithMocks(main, options);
}

/** `type::name` of a resource: what the dependency maps are keyed by. */
export const key = (type: string, name: string) => `${type}::${name}`;

/** `type::name` out of a URN (`urn:pulumi:<stack>::<project>::<parent types$>type::name`). */
function keyOfUrn(urn: string): string {
  const parts = urn.split("::");
  return key((parts[2] ?? "").split("$").pop() ?? "", parts.slice(3).join("::"));
}

/**
 * What each recorded resource waits for (its `dependsOn` and input dependencies), both sides as
 * `type::name`: what decides the order of a first `pulumi up`.
 */
export function dependencyMap(rs: readonly RecordedResource[]): Map<string, string[]> {
  return new Map(rs.map((r) => [key(r.type, r.name), (r.waitsFor ?? []).map(keyOfUrn)]));
}

/** The names of the resources `name` waits for, in a plan whose resource names are unique. */
export function waitsForByName(rs: readonly RecordedResource[]): (name: string) => string[] {
  const byUrn = new Map(rs.map((r) => [r.urn, r.name]));
  const byName = new Map(rs.map((r) => [r.name, r.waitsFor ?? []]));
  return (name) => (byName.get(name) ?? []).map((u) => byUrn.get(u) ?? u);
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
