import { describe, expect, it, test } from "vitest";
import { environmentFromName, RULES } from "../../policy/rules";
import { check, type Case, type Passing } from "./cases";
import { DATA_FAILING, DATA_PASSING } from "./dataCases";
import { EDGE_FAILING, EDGE_PASSING } from "./edgeCases";

/**
 * The CrossGuard rules (policy/rules.ts) on minimal resources: every rule is shown to fail with
 * exact messages, and near misses to pass. The cases live by rule group in dataCases.ts and
 * edgeCases.ts. policy/index.ts is not imported: constructing a PolicyPack starts serving.
 */

const FAILING: Case[] = [...DATA_FAILING, ...EDGE_FAILING];
const PASSING: Passing[] = [...DATA_PASSING, ...EDGE_PASSING];

describe("environmentFromName", () => {
  test.each([
    ["entmoot-production-db", "production"],
    ["entmoot-staging-lb-https", "staging"],
    ["entmoot-staging", "staging"],
    ["entmoot-productionish-db", undefined],
    ["other-production-db", undefined],
  ])("%s -> %s", (name, env) => expect(environmentFromName(name)).toBe(env));
});

describe("every rule can fail on a minimal resource", () => {
  it("covers every rule", () => {
    expect(new Set(FAILING.map(([policy]) => policy))).toEqual(new Set(RULES.map((r) => r.name)));
  });

  test.each(FAILING)("%s: %j", (policy, resources, env, messages) => {
    expect(check(policy, resources, env)).toEqual(messages);
  });
});

test.each(PASSING)("%s passes %j", (policy, resources, env) => {
  expect(check(policy, resources, env)).toEqual([]);
});
