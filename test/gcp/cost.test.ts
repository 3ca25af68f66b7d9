import { beforeAll, describe, expect, it, test } from "vitest";
import { cloudSqlShape, runCpu, runMemoryGib } from "../../providers/gcp/cost";
import { CLOUD_SQL_EDITION, PRICES } from "../../providers/gcp/prices";
import { GCP_SKUS } from "../../providers/gcp/skus";
import { cents, estimate, type CostReport } from "../../src/cost/estimate";
import { HOURS_PER_MONTH, UnknownSkuError } from "../../src/cost/prices";
import type { RecordedResource } from "../../src/plan/harness";
import { GCP_SETS, runStack } from "../support/stack";

const resource = (type: string, name: string, inputs: Record<string, unknown>) =>
  ({
    ...{ type, name, urn: `urn:pulumi:s::entmoot::${type}::${name}`, custom: true, inputs },
    ...{ secretInputs: [], protect: false, ignoreChanges: [], retainOnDelete: false },
  }) satisfies RecordedResource;

describe("GCP price table", () => {
  test.each(["small", "medium", "large"] as const)("prices every %s-tier SKU", (tier) => {
    expect(cloudSqlShape(GCP_SKUS.database[tier]).vcpu).toBeGreaterThan(0);
  });

  test.each([
    ["db-custom-2-7680", 2, 7.5],
    ["db-custom-4-16384", 4, 16],
    ["db-custom-8-32768", 8, 32],
  ])("reads the shape of %s", (tier, vcpu, memoryGb) => {
    expect(cloudSqlShape(tier)).toEqual({ vcpu, memoryGb });
  });

  test.each([
    ["1", 1],
    ["2000m", 2],
  ])("reads Cloud Run CPU %s", (v, n) => expect(runCpu(v)).toBe(n));
  test.each([
    ["2Gi", 2],
    ["512Mi", 0.5],
  ])("reads Cloud Run memory %s", (v, n) => expect(runMemoryGib(v)).toBe(n));

  test.each([
    [
      resource("gcp:sql/databaseInstance:DatabaseInstance", "d", {
        settings: { tier: "db-perf-optimized-N-8", edition: "ENTERPRISE_PLUS" },
      }),
      /Cloud SQL tier "db-perf-optimized-N-8"/,
    ],
    [
      resource("gcp:sql/databaseInstance:DatabaseInstance", "d", {
        settings: { tier: "db-custom-2-7680", edition: "ENTERPRISE_PLUS" },
      }),
      /Cloud SQL edition "ENTERPRISE_PLUS" in the gcp price table/,
    ],
    [
      resource("gcp:redis/instance:Instance", "r", { tier: "CLUSTER", memorySizeGb: 6 }),
      /Memorystore tier "CLUSTER"/,
    ],
  ])("refuses an unknown SKU instead of pricing it at 0 (%#)", async (r, message) => {
    await expect(estimate("gcp", "s", [r])).rejects.toThrow(UnknownSkuError);
    await expect(estimate("gcp", "s", [r])).rejects.toThrow(message);
  });
});

describe("GCP estimates of the committed stacks", () => {
  let production: CostReport;
  beforeAll(async () => {
    production = await estimate(
      "gcp",
      "production",
      (await runStack("production", GCP_SETS)).resources,
    );
  });

  it("prices the production database as REGIONAL with SSD and backups", () => {
    const db = production.lines.find(
      (l) => l.resource === "entmoot-production-database" && l.basis.startsWith("Cloud SQL"),
    )!;
    const { vcpu, memory } = CLOUD_SQL_EDITION.ENTERPRISE!;
    const hourly = 4 * vcpu.usd + 16 * memory.usd;
    const expected = 2 * hourly * HOURS_PER_MONTH + 2 * 200 * 0.17 + 200 * PRICES.sqlBackup.usd;
    expect(db.monthly).toBe(cents(expected));
    expect(db.basis).toContain("x2 (REGIONAL)");
  });
});
