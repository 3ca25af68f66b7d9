/**
 * The real program's mock plans, for the policy tests that run over them (not a test file
 * itself): load them with `beforeAll(loadPlans)`, then mutate or drop one real resource.
 */
import type { RecordedResource } from "../../src/plan/harness";
import type { Environment, PolicyResource, Violation } from "../../policy/rules";
import { GCP_SETS, runStack } from "../support/stack";

export type PlanKey = "aws-production" | "aws-staging" | "gcp-production" | "gcp-staging";
export const PLANS: readonly [PlanKey, string, readonly string[], Environment][] = [
  ["aws-production", "production", [], "production"],
  ["aws-staging", "staging", [], "staging"],
  ["gcp-production", "production", GCP_SETS, "production"],
  ["gcp-staging", "staging", GCP_SETS, "staging"],
];
export const plans = {} as Record<PlanKey, readonly RecordedResource[]>;

export async function loadPlans(): Promise<void> {
  for (const [key, stack, sets] of PLANS) plans[key] = (await runStack(stack, sets)).resources;
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

export const envs = (run: { inputs: any }) =>
  run.inputs.template.containers[0].envs as { name: string; value?: string }[];

// [label, plan, environment, build, the one violation expected over the whole plan]
export type Mutation = [string, PlanKey, Environment, () => PolicyResource[], Violation];
