/**
 * Shared by the policy tests (not a test file itself): minimal resources for the rules of
 * policy/rules.ts, the rules over every registered cloud's binding, and a filter to the one
 * policy a case is about. Each cloud's cases live in test/<cloud>/policyCases.ts.
 */
import {
  evaluate,
  loadRules,
  type Environment,
  type PolicyResource,
  type Rule,
} from "../../policy/rules";

export const NAME = "entmoot-production-x";

let loaded: readonly Rule[] | undefined;

/** The rules over every cloud's binding; load them in `beforeAll` before `check` or `judge`. */
export async function loadPolicyRules(): Promise<readonly Rule[]> {
  loaded ??= await loadRules();
  return loaded;
}

/** The rules `loadPolicyRules` loaded. */
export function rules(): readonly Rule[] {
  if (loaded === undefined) throw new Error("call loadPolicyRules() in beforeAll first");
  return loaded;
}

/** Every violation of every rule over `resources`. */
export const judge = (resources: readonly PolicyResource[], env: Environment) =>
  evaluate(rules(), resources, env);

export function res(
  type: string,
  inputs: Record<string, unknown>,
  extra: Partial<PolicyResource> = {},
): PolicyResource {
  return { type, name: NAME, inputs, protect: true, ...extra };
}

/** Violations of one policy only: a minimal resource breaks others that are beside the point. */
export function check(
  policy: string,
  resources: readonly PolicyResource[],
  env: Environment = "production",
): string[] {
  return judge(resources, env)
    .filter((v) => v.policy === policy)
    .map((v) => v.message);
}

/** A parent URN of a component of type `type` named `name`, as the engine writes it. */
export const parentUrn = (type: string, name: string) =>
  `urn:pulumi:production::entmoot::pulumi:pulumi:Stack$${type}::${name}`;

// [policy, resources, environment, exact messages]
export type Case = [string, PolicyResource[], Environment, string[]];
// [policy, resources, environment]: near misses that must pass, so the failures are precise.
export type Passing = [string, PolicyResource[], Environment];

/** What test/<cloud>/policyCases.ts exports. */
export interface CloudCases {
  readonly FAILING: readonly Case[];
  readonly PASSING: readonly Passing[];
}
