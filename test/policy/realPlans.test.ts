import { beforeAll, describe, expect, it, test } from "vitest";
import { environmentFromName, evaluate, isGcpFrontendBucket, RULES } from "../../policy/rules";
import { AWS_MUTATED } from "./awsMutations";
import { GCP_MUTATED } from "./gcpMutations";
import { loadPlans, plans, PLANS, type Mutation } from "./plans";

/**
 * The CrossGuard rules (policy/rules.ts) over the real program's mock plan: the committed stacks
 * pass on both clouds, and every rule catches a mutated copy of a real resource (the cases live
 * in awsMutations.ts and gcpMutations.ts). policy/index.ts is not imported: constructing a
 * PolicyPack starts serving.
 */

beforeAll(loadPlans);

const MUTATED: Mutation[] = [...AWS_MUTATED, ...GCP_MUTATED];

describe("the committed stacks", () => {
  test.each(PLANS)("%s violates no policy", (key, _stack, _sets, env) => {
    const resources = plans[key];
    expect(resources.length).toBeGreaterThan(80);
    expect(evaluate(resources, env)).toEqual([]);
  });

  test.each(PLANS)("%s names every resource after its environment", (key, _stack, _sets, env) => {
    const custom = plans[key].filter((r) => r.custom);
    expect(custom.every((r) => environmentFromName(r.name) === env)).toBe(true);
  });

  test.each(PLANS.filter(([k]) => k.startsWith("gcp")))(
    "%s exempts exactly the frontend bucket",
    (key, _s, _x, env) => {
      expect(plans[key].filter(isGcpFrontendBucket).map((r) => r.name)).toEqual([
        `entmoot-${env}-frontend`,
      ]);
    },
  );
});

describe("every rule catches a mutated copy of a real resource", () => {
  it("covers every rule", () => {
    expect(new Set(MUTATED.map(([, , , , v]) => v.policy))).toEqual(
      new Set(RULES.map((r) => r.name)),
    );
  });

  test.each(MUTATED)("%s (%s)", (_label, _key, env, build, violation) => {
    expect(evaluate(build(), env)).toEqual([violation]);
  });
});
