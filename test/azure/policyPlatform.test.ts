import { beforeAll, describe, expect, it, test } from "vitest";
import { IMPLEMENTED_CLOUDS } from "../../providers";
import { loadBindings, type PolicyBinding } from "../../policy/rules";
import { judge, loadPolicyRules } from "../policy/cases";
import { plans } from "../policy/plans";
import { planAzure } from "./platform";
import { MUTATIONS } from "./policyMutations";

/**
 * The policy rules over the Azure platform built directly (test/azure/platform.ts), as the
 * committed stacks would be on Azure (production medium, staging small), while `entmoot:cloud
 * azure` is refused. Once Azure is implemented, test/policy/realPlans.test.ts runs the same
 * mutations over the committed stacks themselves.
 */

let binding: PolicyBinding;

beforeAll(async () => {
  await loadPolicyRules();
  binding = (await loadBindings()).azure;
  plans["azure-production"] = (await planAzure("production", "medium", { sentry: true })).resources;
  plans["azure-staging"] = (await planAzure("staging", "small")).resources;
});

describe.skipIf(IMPLEMENTED_CLOUDS.includes("azure"))("the Azure platform", () => {
  test.each(["production", "staging"] as const)("in %s violates no policy", (env) => {
    expect(plans[`azure-${env}`].length).toBeGreaterThan(80);
    expect(judge(plans[`azure-${env}`], env)).toEqual([]);
  });

  it("is judged by the Azure binding for every resource type it creates", () => {
    const unowned = plans["azure-production"]
      .filter((r) => r.custom && !/^(random|pulumi|pulumi-nodejs):/.test(r.type))
      .filter((r) => !binding.ownsType(r.type));
    expect(unowned.map((r) => r.type)).toEqual([]);
  });

  it("has a mutation for every promise the binding carries", () => {
    const carried = new Set<string>(Object.keys(binding.checks));
    if (Object.keys(binding.secretInputs).length > 0) carried.add("secrets-not-plain");
    expect(new Set(MUTATIONS.map(([, , , , v]) => v.policy))).toEqual(carried);
  });

  test.each(MUTATIONS)("catches %s (%s)", (_label, _key, env, build, violation) => {
    expect(judge(build(), env)).toEqual([violation]);
  });
});
