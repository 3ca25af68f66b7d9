import { beforeAll, describe, expect, it, test } from "vitest";
import { CLOUD_ENTRIES } from "../../providers";
import {
  environmentFromName,
  loadBindings,
  packPolicies,
  PROMISES,
  type PolicyBinding,
} from "../../policy/rules";
import type { Cloud } from "../../src/cloud";
import { check, loadPolicyRules, rules, type CloudCases } from "./cases";

/**
 * The policy rules (policy/rules.ts: every promise joined with every cloud's binding) on minimal
 * resources. Each registered cloud's cases come from test/<cloud>/policyCases.ts, so a new cloud
 * is picked up here without editing this file: every promise its binding carries is shown to fail
 * with exact messages, and near misses to pass. policy/index.ts is not imported: constructing a
 * PolicyPack starts serving.
 */

const CLOUDS = Object.keys(CLOUD_ENTRIES) as Cloud[];
let bindings: Record<Cloud, PolicyBinding>;

beforeAll(async () => {
  await loadPolicyRules();
  bindings = await loadBindings();
});

/** The promises a cloud's binding carries: those it checks, and secrecy of its secret inputs. */
function carried(binding: PolicyBinding): Set<string> {
  const names = new Set<string>(Object.keys(binding.checks));
  if (Object.keys(binding.secretInputs).length > 0) names.add("secrets-not-plain");
  return names;
}

const loadCases = (cloud: Cloud): Promise<CloudCases> => import(`../${cloud}/policyCases.ts`);

describe("environmentFromName", () => {
  test.each([
    ["entmoot-production-db", "production"],
    ["entmoot-staging-lb-https", "staging"],
    ["entmoot-staging", "staging"],
    ["entmoot-productionish-db", undefined],
    ["other-production-db", undefined],
  ])("%s -> %s", (name, env) => expect(environmentFromName(name)).toBe(env));
});

describe("the policies users see", () => {
  it("keep their names: one per promise, and -in-stack where a promise also has a stack check", () => {
    expect(packPolicies(rules()).map((p) => p.name)).toEqual([
      "no-public-database",
      "database-encryption-in-transit-and-at-rest",
      "cache-encryption",
      "private-buckets",
      "private-buckets-in-stack",
      "tls-1-2-minimum",
      "secrets-not-plain",
      "production-protection",
      // New with the Azure binding: the management locks that are Azure's deletion protection.
      "production-protection-in-stack",
      "backups",
      "high-availability",
      "ingress-only-through-the-load-balancer",
      "waf-in-front",
      "waf-in-front-in-stack",
      "log-retention",
    ]);
  });

  it("every promise is carried by at least one cloud's cases", async () => {
    const covered = new Set<string>();
    for (const cloud of CLOUDS) for (const [p] of (await loadCases(cloud)).FAILING) covered.add(p);
    expect(covered).toEqual(new Set(PROMISES.map((p) => p.name)));
  });
});

for (const cloud of CLOUDS) {
  describe(`${cloud}: every promise its binding carries fails on a minimal resource`, async () => {
    const { FAILING, PASSING } = await loadCases(cloud);

    it("has a failing case for each of those promises, and none for others", () => {
      expect(new Set(FAILING.map(([policy]) => policy))).toEqual(carried(bindings[cloud]));
    });

    test.each(FAILING)("%s: %j", (policy, resources, env, messages) => {
      expect(check(policy, resources, env)).toEqual(messages);
    });

    test.each(PASSING)("%s passes %j", (policy, resources, env) => {
      expect(check(policy, resources, env)).toEqual([]);
    });
  });
}
