import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, loadRules, type Rule } from "../../policy/rules";
import type { RecordedResource } from "../../src/plan/harness";
import { ofType, runStack } from "../support/stack";

/** The committed production stack moved out of us-east-1, where CloudFront's resources stay. */
const EU = ["entmoot:region=eu-west-1", "entmoot:drRegion=eu-central-1"];

describe("AWS production outside us-east-1", () => {
  let resources: readonly RecordedResource[];
  let rules: readonly Rule[];
  beforeAll(async () => {
    resources = (await runStack("production", EU)).resources;
    rules = await loadRules();
  });

  it("passes the mandatory policy pack: the CloudFront WAF log group in us-east-1 gets a KMS key there (log-retention wants one on every log group)", () => {
    expect(evaluate(rules, resources, "production")).toEqual([]);
    const group = resources.find(
      (r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name.endsWith("-frontend-waf-logs"),
    )!;
    expect(group.inputs.kmsKeyId).toMatch(/frontend-logs-us-east-1$/);
  });

  it("protects the us-east-1 keys (WAF logs, availability alerts) like every production key", () => {
    const keys = ofType(resources, "aws:kms/key:Key").filter((k) => k.name.endsWith("-us-east-1"));
    expect(keys.map((k) => k.name).sort()).toEqual([
      "entmoot-production-frontend-logs-us-east-1",
      "entmoot-production-monitoring-alerts-us-east-1",
    ]);
    for (const k of keys) {
      expect(k.protect, k.name).toBe(true);
      expect(k.inputs.enableKeyRotation, k.name).toBe(true);
    }
  });
});
