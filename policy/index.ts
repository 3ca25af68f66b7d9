/**
 * CrossGuard entry: `pulumi preview --policy-pack policy` (from the project root). Every rule of
 * ./rules.ts (a promise joined with every cloud's binding) becomes a mandatory policy; a rule with
 * both a per-resource and a whole-stack check becomes two policies, `<rule>` and
 * `<rule>-in-stack`.
 *
 * Environment (for production-protection, backups, high-availability): taken from the logical
 * name, which stacks/spec.ts makes `entmoot-<environment>-...` for every resource, so it needs no
 * setup and cannot disagree with the stack's `entmoot:environment`. A policy's config
 * `{"environment": "production" | "staging"}` (`--policy-pack-config`) overrides it; a resource
 * whose name carries no environment is judged as production, the strictest profile.
 *
 * What differs from the offline test: CrossGuard hands policies secrets already unwrapped, so
 * the "must be recorded as secret" half of secrets-not-plain runs only in test/policy/;
 * and a value still unknown during preview makes its policy report an advisory "can't run during
 * preview" (inputs are passed through the SDK's unknown-checking proxy, never copied), so those
 * checks bite at `pulumi up`. Stack policies get dependency data, so they match an access block
 * WAF association or lock to the resource it references, not just by name.
 *
 * Never imported by tests: constructing a PolicyPack starts the analyzer's gRPC server.
 */
import {
  PolicyPack,
  type PolicyResource as StackResource,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import {
  environmentFromName,
  loadRules,
  packPolicies,
  type Environment,
  type PolicyResource,
  type Rule,
} from "./rules";

interface RuleConfig {
  environment?: Environment;
}

const configSchema = {
  properties: { environment: { type: "string" as const, enum: ["production", "staging"] } },
};

function resourcePolicy(
  rule: Rule,
  check: NonNullable<Rule["resource"]>,
): ResourceValidationPolicy {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: "mandatory",
    configSchema,
    validateResource: (args, reportViolation) => {
      const env =
        args.getConfig<RuleConfig>().environment ?? environmentFromName(args.name) ?? "production";
      const resource: PolicyResource = {
        type: args.type,
        name: args.name,
        inputs: args.props,
        protect: args.opts.protect,
        parent: args.opts.parent,
      };
      for (const message of check(resource, env)) reportViolation(message);
    },
  };
}

function stackPolicy(
  rule: Rule,
  check: NonNullable<Rule["stack"]>,
  name: string,
): StackValidationPolicy {
  return {
    name,
    description: rule.description,
    enforcementLevel: "mandatory",
    configSchema,
    validateStack: (args, reportViolation) => {
      const byResource = new Map<PolicyResource, StackResource>();
      for (const r of args.resources) {
        byResource.set(
          {
            type: r.type,
            name: r.name,
            inputs: r.props,
            protect: r.opts.protect,
            parent: r.opts.parent,
            dependencies: Object.fromEntries(
              Object.entries(r.propertyDependencies).map(([k, deps]) => [
                k,
                deps.map((d) => d.name),
              ]),
            ),
          },
          r,
        );
      }
      const resources = [...byResource.keys()];
      const env =
        args.getConfig<RuleConfig>().environment ??
        resources.map((r) => environmentFromName(r.name)).find((e) => e !== undefined) ??
        "production";
      for (const finding of check(resources, env)) {
        const urn = finding.resource ? byResource.get(finding.resource)?.urn : undefined;
        reportViolation(finding.message, urn);
      }
    },
  };
}

/**
 * The analyzer awaits a function the pack's module exports: every cloud's binding is imported
 * through the registry first (SDK-free), then the pack starts serving.
 */
export = async (): Promise<void> => {
  new PolicyPack("entmoot", {
    policies: packPolicies(await loadRules()).map((p) =>
      p.kind === "resource"
        ? resourcePolicy(p.rule, p.check)
        : stackPolicy(p.rule, p.check, p.name),
    ),
  });
};
