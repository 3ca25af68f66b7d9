import { beforeAll, describe, expect, it, test } from "vitest";
import { CACHE_NODE, PRICES, RDS_INSTANCE } from "../../providers/aws/prices";
import { AWS_SKUS } from "../../providers/aws/skus";
import { usd } from "../../src/cost/basis";
import { cents, estimate, type CostReport } from "../../src/cost/estimate";
import { HOURS_PER_MONTH, UnknownSkuError } from "../../src/cost/prices";
import type { RecordedResource } from "../../src/plan/harness";
import { runStack } from "../support/stack";

const resource = (type: string, name: string, inputs: Record<string, unknown>) =>
  ({
    ...{ type, name, urn: `urn:pulumi:s::entmoot::${type}::${name}`, custom: true, inputs },
    ...{ secretInputs: [], protect: false, ignoreChanges: [], retainOnDelete: false },
  }) satisfies RecordedResource;

const rds = (inputs: Record<string, unknown>) =>
  resource("aws:rds/instance:Instance", "db", {
    instanceClass: "db.r6i.xlarge",
    allocatedStorage: 200,
    storageType: "gp3",
    ...inputs,
  });

describe("AWS price table", () => {
  test.each(["small", "medium", "large"] as const)("prices every %s-tier SKU", (tier) => {
    expect(RDS_INSTANCE[AWS_SKUS.database[tier]]?.usd).toBeGreaterThan(0);
    expect(CACHE_NODE[`valkey:${AWS_SKUS.cache[tier]}`]?.usd).toBeGreaterThan(0);
  });

  test.each([
    [rds({ instanceClass: "db.m7i.large" }), /RDS instance class "db\.m7i\.large" in the aws/],
    [
      resource("aws:elasticache/replicationGroup:ReplicationGroup", "c", {
        engine: "valkey",
        nodeType: "cache.m7g.xlarge",
      }),
      /ElastiCache node type "valkey:cache\.m7g\.xlarge"/,
    ],
  ])("refuses an unknown SKU instead of pricing it at 0 (%#)", async (r, message) => {
    await expect(estimate("aws", "s", [r])).rejects.toThrow(UnknownSkuError);
    await expect(estimate("aws", "s", [r])).rejects.toThrow(message);
  });

  it("refuses a Fargate platform it has no price for", async () => {
    const task = resource("aws:ecs/taskDefinition:TaskDefinition", "t", {
      family: "api",
      cpu: "1024",
      memory: "2048",
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
    });
    const service = resource("aws:ecs/service:Service", "api", {
      launchType: "FARGATE",
      desiredCount: 2,
      taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/api:1",
    });
    await expect(estimate("aws", "s", [task, service])).rejects.toThrow(
      'no price for Fargate platform "LINUX/ARM64"',
    );
  });

  it("doubles instance and storage for Multi-AZ", async () => {
    const single = (await estimate("aws", "s", [rds({ multiAz: false })])).lines[0]!;
    const multi = (await estimate("aws", "s", [rds({ multiAz: true })])).lines[0]!;
    expect(single.monthly).toBe(cents(HOURS_PER_MONTH * 0.5 + 200 * 0.115));
    expect(multi.monthly).toBe(cents(2 * single.monthly));
    expect(multi.basis).toBe(
      "db.r6i.xlarge x2 (Multi-AZ) x 730 h @ $0.50/h + 200 GB gp3 x2 (Multi-AZ) @ $0.115/GB-month",
    );
  });
});

describe("AWS estimates of the committed stacks", () => {
  const reports: Record<string, CostReport> = {};
  beforeAll(async () => {
    for (const stack of ["production", "staging"]) {
      reports[stack] = await estimate("aws", stack, (await runStack(stack)).resources);
    }
  });
  const line = (stack: string, resource: string, prefix: string) =>
    reports[stack]!.lines.find((l) => l.resource === resource && l.basis.startsWith(prefix))!;

  it("shows the Multi-AZ doubling on the production RDS line, not on its replica", () => {
    const primary = line("production", "entmoot-production-db", "db.");
    const replica = line("production", "entmoot-production-db-replica-0", "db.");
    expect(primary.component).toBe("database");
    expect(primary.basis).toMatch(/^db\.r6i\.xlarge x2 \(Multi-AZ\) x 730 h @ \$0\.50\/h/);
    expect(replica.basis).toMatch(/^db\.r6i\.xlarge x 730 h/);
    expect(primary.monthly).toBe(cents(2 * replica.monthly));
    expect(line("staging", "entmoot-staging-db", "db.").basis).not.toContain("Multi-AZ");
  });

  it("prices the production cache from the table (3 nodes of cache.r7g.large)", () => {
    const cache = line("production", "entmoot-production-cache", "ElastiCache");
    const rate = CACHE_NODE["valkey:cache.r7g.large"]!.usd;
    expect(cache.monthly).toBe(cents(3 * HOURS_PER_MONTH * rate));
    expect(cache.basis).toBe(
      `ElastiCache cache.r7g.large (valkey) x3 nodes x 730 h @ ${usd(rate)}/h`,
    );
  });

  it("prices each bucket at the shared storage assumption", () => {
    const buckets = reports.production!.lines.filter((l) => l.basis.startsWith("S3 Standard"));
    expect(buckets.length).toBeGreaterThan(1);
    for (const b of buckets) expect(b.monthly).toBe(cents(50 * PRICES.s3Standard.usd));
  });
});
