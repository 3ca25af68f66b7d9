/**
 * The real program's mock plans, for the policy tests that run over them (not a test file
 * itself): every committed stack on every implemented cloud, read from the registry. Load them
 * with `beforeAll(loadPlans)`, then mutate or drop one real resource.
 */
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS } from "../../providers";
import type { Environment, PolicyResource, Violation } from "../../policy/rules";
import { ENVIRONMENTS, type Cloud } from "../../src/cloud";
import type { RecordedResource } from "../../src/plan/harness";
import { runStack } from "../support/stack";

/** `<cloud>-<stack>`; each committed stack is named after its environment. */
export type PlanKey = `${Cloud}-${Environment}`;
export const PLANS: readonly [PlanKey, Cloud, Environment][] = IMPLEMENTED_CLOUDS.flatMap((cloud) =>
  ENVIRONMENTS.map((env): [PlanKey, Cloud, Environment] => [`${cloud}-${env}`, cloud, env]),
);
export const plans = {} as Record<PlanKey, readonly RecordedResource[]>;

export async function loadPlans(): Promise<void> {
  for (const [key, cloud, env] of PLANS) {
    plans[key] = (await runStack(env, CLOUD_ENTRIES[cloud].stackSets(env))).resources;
  }
}

/** The plan with one real resource replaced by a mutated deep copy. */
export function mutate(
  key: PlanKey,
  type: string,
  name: string,
  change: (r: { inputs: any; protect: boolean; secretInputs: string[] }) => void,
): PolicyResource[] {
  const resources = plans[key];
  const target = resources.find((r) => r.type === type && r.name === name);
  if (!target) throw new Error(`${key} has no ${type} ${name}`);
  const copy = structuredClone({ ...target, secretInputs: [...target.secretInputs] });
  change(copy);
  return resources.map((r) => (r === target ? copy : r));
}

export const without = (key: PlanKey, type: string, name: string): PolicyResource[] =>
  plans[key].filter((r) => !(r.type === type && r.name === name));

// [label, plan, environment, build, the one violation expected over the whole plan]
export type Mutation = [string, PlanKey, Environment, () => PolicyResource[], Violation];

/** What test/<cloud>/policyMutations.ts exports, for each implemented cloud. */
export interface CloudMutations {
  readonly MUTATIONS: readonly Mutation[];
}
