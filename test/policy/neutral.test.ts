import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it, test } from "vitest";
import { CLOUD_ENTRIES } from "../../providers";
import { ROOT } from "../support/stack";

/**
 * The policy pack states each promise once for every cloud (policy/); which resources and
 * properties carry it is each cloud's binding (providers/<cloud>/policy.ts, through the registry).
 */

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Type-token packages, cloud and service names: what only a binding may say. */
const CLOUD_SPECIFIC =
  /\b(aws|gcp|azure|azure-native|amazon|google|microsoft|s3|gcs|rds|kms|ecs|alb|elasticache|cloudfront|cloudwatch|memorystore|cloud ?sql|cloud ?run|cloud ?armor|key ?vault|front ?door|app ?service)\b|\b[a-z-]+:[a-z0-9]+(\/[a-zA-Z]+)?:[A-Z][A-Za-z]+\b/gi;

describe("the neutral policy tree", () => {
  it("names no cloud, cloud service or resource type token", () => {
    const found = files(join(ROOT, "policy")).flatMap((path) =>
      [...readFileSync(path, "utf8").matchAll(CLOUD_SPECIFIC)].map(
        (m) => `${relative(ROOT, path)}: ${m[0]}`,
      ),
    );
    expect(found).toEqual([]);
  });

  test.each([
    "aws:rds/instance:Instance",
    "azure-native:keyvault:Vault",
    "oci:core/vcn:Vcn",
    "S3 bucket",
    "a Cloud Armor policy",
  ])("the pattern catches %s", (text) => {
    expect(text.match(CLOUD_SPECIFIC)).not.toBeNull();
  });

  it("every registered cloud has a binding, loaded without its provider SDK", async () => {
    for (const [cloud, entry] of Object.entries(CLOUD_ENTRIES)) {
      const binding = await entry.loadPolicy();
      expect(Object.keys(binding.checks).length, cloud).toBeGreaterThan(0);
    }
    // Each cloud's SDK packages, as its plan view names them (the first part of its tokens).
    const packages = new Set<string>();
    for (const entry of Object.values(CLOUD_ENTRIES)) {
      for (const pkg of (await entry.loadPlanView()).packages) packages.add(pkg);
    }
    const sdks = Object.keys(require.cache).filter((m) =>
      packages.has(/node_modules[\\/]@pulumi[\\/]([^\\/]+)[\\/]/.exec(m)?.[1] ?? ""),
    );
    expect(packages.size).toBeGreaterThanOrEqual(3);
    expect(sdks).toEqual([]);
  });
});
