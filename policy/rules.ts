/**
 * The policy pack's rules: each promise of ./promises.ts joined with every cloud's binding, as
 * pure checks over plain resource data. They load no provider SDK, so the same rules run under
 * CrossGuard (policy/index.ts adapts them) and in vitest over minimal resources and the recorded
 * mock plans (test/policy/). A resource is judged by the binding of the cloud that owns its type.
 */
import { CLOUD_ENTRIES } from "../providers";
import type { Cloud } from "../src/cloud";
import type { PolicyBinding } from "./binding";
import type { Environment, Finding, PolicyResource, Rule, Violation } from "./model";
import { PROMISES, type PlatformPromise, type PromiseName } from "./promises";

export {
  environmentFromName,
  type Environment,
  type Finding,
  type PolicyResource,
  type Rule,
  type Violation,
} from "./model";
export type { CloudCheck, PolicyBinding } from "./binding";
export { BACKUP_DAYS, PROMISES, SECRET_ENV, type PromiseName } from "./promises";

/** Every registered cloud's binding, implemented or not, so a stack on any of them is judged. */
export async function loadBindings(): Promise<Record<Cloud, PolicyBinding>> {
  const clouds = Object.keys(CLOUD_ENTRIES) as Cloud[];
  const bindings = await Promise.all(clouds.map((c) => CLOUD_ENTRIES[c].loadPolicy()));
  return Object.fromEntries(clouds.map((c, i) => [c, bindings[i]])) as Record<Cloud, PolicyBinding>;
}

/** One rule per promise, over the given bindings. */
export function buildRules(bindings: readonly PolicyBinding[]): Rule[] {
  return (PROMISES as readonly PlatformPromise[]).map((promise) => {
    const name = promise.name as PromiseName;
    const applies = (env: Environment) => !promise.productionOnly || env === "production";
    const withResource =
      promise.resource !== undefined || bindings.some((b) => b.checks[name]?.resource);
    const withStack = bindings.some((b) => b.checks[name]?.stack);
    const resource = (r: PolicyResource, env: Environment): string[] => {
      if (!applies(env)) return [];
      const binding = bindings.find((b) => b.ownsType(r.type));
      if (binding === undefined) return [];
      const check = (res: PolicyResource, e: Environment) =>
        binding.checks[name]?.resource?.(res, e) ?? [];
      return promise.resource ? promise.resource(r, env, { binding, check }) : check(r, env);
    };
    const stack = (resources: readonly PolicyResource[], env: Environment): Finding[] =>
      applies(env)
        ? bindings.flatMap(
            (b) =>
              b.checks[name]?.stack?.(
                resources.filter((r) => b.ownsType(r.type)),
                env,
              ) ?? [],
          )
        : [];
    return {
      name,
      description: promise.description,
      ...(withResource ? { resource } : {}),
      ...(withStack ? { stack } : {}),
    };
  });
}

/** The rules over every registered cloud's binding. */
export async function loadRules(): Promise<Rule[]> {
  return buildRules(Object.values(await loadBindings()));
}

/** One CrossGuard policy: a rule's per-resource or whole-stack check under the name users see. */
export type PackPolicy =
  | { kind: "resource"; name: string; rule: Rule; check: NonNullable<Rule["resource"]> }
  | { kind: "stack"; name: string; rule: Rule; check: NonNullable<Rule["stack"]> };

/**
 * The policies of the pack: a rule is `<rule>`; a rule with both a per-resource and a whole-stack
 * check is two, `<rule>` and `<rule>-in-stack`.
 */
export function packPolicies(rules: readonly Rule[]): PackPolicy[] {
  return rules.flatMap((rule): PackPolicy[] => [
    ...(rule.resource
      ? [{ kind: "resource" as const, name: rule.name, rule, check: rule.resource }]
      : []),
    ...(rule.stack
      ? [
          {
            kind: "stack" as const,
            name: rule.resource ? `${rule.name}-in-stack` : rule.name,
            rule,
            check: rule.stack,
          },
        ]
      : []),
  ]);
}

/** Runs the rules over a stack's resources. */
export function evaluate(
  rules: readonly Rule[],
  resources: readonly PolicyResource[],
  environment: Environment,
): Violation[] {
  return rules.flatMap((rule) => [
    ...resources.flatMap((r) =>
      (rule.resource?.(r, environment) ?? []).map((message) => ({
        policy: rule.name,
        resource: r.name,
        message,
      })),
    ),
    ...(rule.stack?.(resources, environment) ?? []).map((f) => ({
      policy: rule.name,
      resource: f.resource?.name,
      message: f.message,
    })),
  ]);
}
