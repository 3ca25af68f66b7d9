import { beforeAll, describe, expect, it, test } from "vitest";
import { environmentFromName, loadBindings, type PolicyBinding } from "../../policy/rules";
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS } from "../../providers";
import type { Cloud } from "../../src/cloud";
import { judge, loadPolicyRules } from "./cases";
import { loadPlans, plans, PLANS, type CloudMutations } from "./plans";

/**
 * The policy rules over the real program's mock plans: the committed stacks pass on every
 * implemented cloud, and every promise a cloud's binding carries catches a mutated copy of one
 * of that cloud's real resources. Each cloud's mutations come from test/<cloud>/policyMutations.ts,
 * so a cloud that lands is picked up here without editing this file. policy/index.ts is not
 * imported: constructing a PolicyPack starts serving.
 */

let bindings: Record<Cloud, PolicyBinding>;

beforeAll(async () => {
  await loadPolicyRules();
  bindings = await loadBindings();
  await loadPlans();
});

describe("the committed stacks", () => {
  it("are planned on every implemented cloud", () => {
    expect(new Set(PLANS.map(([, cloud]) => cloud))).toEqual(new Set(IMPLEMENTED_CLOUDS));
    expect(IMPLEMENTED_CLOUDS.every((c) => CLOUD_ENTRIES[c].implemented)).toBe(true);
  });

  test.each(PLANS)("%s violates no policy", (key, _cloud, env) => {
    const resources = plans[key];
    expect(resources.length).toBeGreaterThan(80);
    expect(judge(resources, env)).toEqual([]);
  });

  test.each(PLANS)("%s names every resource after its environment", (key, _cloud, env) => {
    const custom = plans[key].filter((r) => r.custom);
    expect(custom.every((r) => environmentFromName(r.name) === env)).toBe(true);
  });

  test.each(PLANS)("%s: the cloud's binding owns every resource type it creates", (key, cloud) => {
    // A resource no binding owns is judged by no promise; the program's own providers
    // (random, the engine's) are neutral.
    const owned = plans[key]
      .filter((r) => r.custom && !/^(random|pulumi|pulumi-nodejs):/.test(r.type))
      .filter((r) => !bindings[cloud].ownsType(r.type));
    expect(owned.map((r) => r.type)).toEqual([]);
  });
});

for (const cloud of IMPLEMENTED_CLOUDS) {
  describe(`${cloud}: every promise catches a mutated copy of a real resource`, async () => {
    const { MUTATIONS } = (await import(`../${cloud}/policyMutations.ts`)) as CloudMutations;

    it("covers every promise the binding carries", () => {
      const binding = bindings[cloud];
      const carried = new Set<string>(Object.keys(binding.checks));
      if (Object.keys(binding.secretInputs).length > 0) carried.add("secrets-not-plain");
      expect(new Set(MUTATIONS.map(([, , , , v]) => v.policy))).toEqual(carried);
    });

    test.each(MUTATIONS)("%s (%s)", (_label, _key, env, build, violation) => {
      expect(judge(build(), env)).toEqual([violation]);
    });
  });
}
