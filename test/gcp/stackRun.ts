import * as pulumi from "@pulumi/pulumi";
import { runWithMocks, type MockRun, type RecordedResource } from "../../src/plan/harness";
import { loadStackConfig } from "../../src/plan/stackConfig";
import type { PlatformOutputs } from "../../src/platform";
import { main } from "../../src/program";
import { CLOUD_ENTRIES } from "../../providers";
import { ROOT } from "../support/stack";

/** `type::name` of a resource, the key the dependency map uses. */
export const key = (type: string, name: string) => `${type}::${name}`;

/** `type::name` out of a URN (`urn:pulumi:<stack>::<project>::<parent$>type::name`). */
function keyOfUrn(urn: string): string {
  const parts = urn.split("::");
  const name = parts.slice(3).join("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return key(type, name);
}

export interface GcpStackRun extends MockRun<PlatformOutputs> {
  /** What each resource waits for (its `dependsOn` and input dependencies), as `type::name`. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

interface Request {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
}

/**
 * Runs the committed stack on GCP (the README's `--set`s plus `sets`) under the plan's mocks and
 * also records the dependencies the engine would be told about, which decide what a first
 * `pulumi up` creates before what.
 */
export async function runGcpStack(
  stack: string,
  sets: readonly string[] = [],
): Promise<GcpStackRun> {
  const config = loadStackConfig(ROOT, stack, [...CLOUD_ENTRIES.gcp.stackSets(stack), ...sets]);
  const dependencies = new Map<string, string[]>();
  const run = await runWithMocks(
    () => {
      const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: Request, cb: unknown): unknown;
      };
      const register = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req, cb) => {
        dependencies.set(
          key(req.getType(), req.getName()),
          req.getDependenciesList().map(keyOfUrn),
        );
        return register(req, cb);
      };
      return main();
    },
    { stack, config: config.values, secretKeys: config.secretKeys },
  );
  return { ...run, dependencies };
}

export const ofType = (rs: readonly RecordedResource[], type: string) =>
  rs.filter((r) => r.type === type);

/** The one resource of `type` named `name`; throws when there is none. */
export function named(rs: readonly RecordedResource[], type: string, name: string) {
  const found = rs.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
}
