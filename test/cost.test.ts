import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, test } from "vitest";
import { AWS_SKUS } from "../providers/aws/skus";
import { GCP_SKUS } from "../providers/gcp/skus";
import { usd } from "../src/cost/basis";
import { cents, componentOf, estimate, type CostReport } from "../src/cost/estimate";
import { cloudSqlShape, runCpu, runMemoryGib } from "../src/cost/gcp";
import {
  CACHE_NODE,
  CLOUD_SQL_EDITION,
  HOURS_PER_MONTH,
  PRICES,
  PRICES_AS_OF,
  RDS_INSTANCE,
  UnknownSkuError,
} from "../src/cost/prices";
import { renderCost } from "../src/cost/render";
import type { RecordedResource } from "../src/plan/harness";
import { parseArgs } from "../src/plan/cli";
import { loadStackConfig } from "../src/plan/stackConfig";
import { GCP_SETS, ROOT, runStack } from "./support/stack";

const run = promisify(execFile);
/** `npm run cost` without npm: the same node, loader and entry point. */
const COST = [
  "--require",
  join(ROOT, "scripts", "register.cjs"),
  join(ROOT, "src", "cost", "cli.ts"),
];
const TIERS = ["small", "medium", "large"] as const;

const STACK = "urn:pulumi:s::entmoot::pulumi:pulumi:Stack::entmoot-s";
function resource(type: string, name: string, inputs: Record<string, unknown>, parent = STACK) {
  return {
    type,
    name,
    urn: `urn:pulumi:s::entmoot::${type}::${name}`,
    parent,
    custom: !type.startsWith("entmoot:"),
    inputs,
    secretInputs: [],
    protect: false,
    ignoreChanges: [],
    retainOnDelete: false,
  } satisfies RecordedResource;
}
const stackResource = { ...resource("pulumi:pulumi:Stack", "entmoot-s", {}), urn: STACK };
const rds = (inputs: Record<string, unknown>) =>
  resource("aws:rds/instance:Instance", "db", {
    instanceClass: "db.r6i.xlarge",
    allocatedStorage: 200,
    storageType: "gp3",
    ...inputs,
  });

describe("price table", () => {
  it("is dated", () => {
    expect(PRICES_AS_OF).toBe("2026-11-01");
  });

  test.each(TIERS)("prices every %s-tier SKU in stacks/tiers.ts", (tier) => {
    expect(RDS_INSTANCE[AWS_SKUS.database[tier]]?.usd).toBeGreaterThan(0);
    expect(CACHE_NODE[`valkey:${AWS_SKUS.cache[tier]}`]?.usd).toBeGreaterThan(0);
    expect(cloudSqlShape(GCP_SKUS.database[tier]).vcpu).toBeGreaterThan(0);
  });

  test.each([
    [0.5, "$0.50"],
    [0.0413, "$0.0413"],
    [0.000018, "$0.000018"],
    [1234.5, "$1,234.50"],
  ])("formats %d as %s", (n, text) => {
    expect(usd(n)).toBe(text);
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
});

describe("estimate", () => {
  test.each([
    ["aws", rds({ instanceClass: "db.m7i.large" }), /RDS instance class "db\.m7i\.large"/],
    [
      "aws",
      resource("aws:elasticache/replicationGroup:ReplicationGroup", "c", {
        engine: "valkey",
        nodeType: "cache.m7g.xlarge",
      }),
      /ElastiCache node type "valkey:cache\.m7g\.xlarge"/,
    ],
    [
      "gcp",
      resource("gcp:sql/databaseInstance:DatabaseInstance", "d", {
        settings: { tier: "db-perf-optimized-N-8", edition: "ENTERPRISE_PLUS" },
      }),
      /Cloud SQL tier "db-perf-optimized-N-8"/,
    ],
    [
      "gcp",
      resource("gcp:redis/instance:Instance", "r", { tier: "CLUSTER", memorySizeGb: 6 }),
      /Memorystore tier "CLUSTER"/,
    ],
  ])("refuses an unknown SKU on %s instead of pricing it at 0", (cloud, r, message) => {
    expect(() => estimate(cloud, "s", [r])).toThrow(UnknownSkuError);
    expect(() => estimate(cloud, "s", [r])).toThrow(message);
  });

  it("refuses a Fargate platform it has no price for", () => {
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
    expect(() => estimate("aws", "s", [task, service])).toThrow(
      'no price for Fargate platform "LINUX/ARM64"',
    );
  });

  it("refuses a cloud without prices", () => {
    expect(() => estimate("azure", "s", [])).toThrow('no price table for cloud "azure"');
  });

  it("doubles instance and storage for Multi-AZ", () => {
    const single = estimate("aws", "s", [rds({ multiAz: false })]).lines[0]!;
    const multi = estimate("aws", "s", [rds({ multiAz: true })]).lines[0]!;
    expect(single.monthly).toBe(cents(HOURS_PER_MONTH * 0.5 + 200 * 0.115));
    expect(multi.monthly).toBe(cents(2 * single.monthly));
    expect(multi.basis).toBe(
      "db.r6i.xlarge x2 (Multi-AZ) x 730 h @ $0.50/h + 200 GB gp3 x2 (Multi-AZ) @ $0.115/GB-month",
    );
  });

  it("names the top-level component a resource belongs to", () => {
    const db = resource("entmoot:database:AwsDatabase", "db", {});
    const child = resource("aws:kms/key:Key", "k", {}, db.urn);
    const byUrn = new Map([stackResource, db, child].map((r) => [r.urn, r]));
    expect(componentOf(child, byUrn)).toBe("database");
    expect(componentOf(resource("aws:kms/key:Key", "loose", {}), byUrn)).toBe("loose");
  });
});

describe("estimates of the committed stacks", () => {
  const reports: Record<string, CostReport> = {};
  beforeAll(async () => {
    const stacks: [string, string, readonly string[]][] = [
      ["aws-production", "production", []],
      ["aws-staging", "staging", []],
      ["gcp-production", "production", GCP_SETS],
      ["gcp-staging", "staging", GCP_SETS],
    ];
    for (const tier of ["small", "large"]) {
      stacks.push([`aws-${tier}`, "production", [`entmoot:tier=${tier}`]]);
      stacks.push([`gcp-${tier}`, "production", [...GCP_SETS, `entmoot:tier=${tier}`]]);
    }
    // The committed stacks come from the suite's shared runs; the tiers run here.
    for (const [key, stack, sets] of stacks) {
      const cloud = loadStackConfig(ROOT, stack, sets).values["entmoot:cloud"]!;
      reports[key] = estimate(cloud, stack, (await runStack(stack, sets)).resources);
    }
    reports["aws-medium"] = reports["aws-production"]!;
    reports["gcp-medium"] = reports["gcp-production"]!;
  });
  const line = (key: string, resource: string, prefix: string) =>
    reports[key]!.lines.find((l) => l.resource === resource && l.basis.startsWith(prefix))!;

  test.each(["aws-production", "aws-staging", "gcp-production", "gcp-staging"])(
    "%s has exactly the fixed JSON shape, and its total is the sum of its lines",
    (key) => {
      const report = reports[key]!;
      expect(Object.keys(report)).toEqual(["cloud", "stack", "currency", "monthlyTotal", "lines"]);
      expect(report).toMatchObject({ cloud: key.split("-")[0], currency: "USD" });
      expect(report.lines.length).toBeGreaterThan(10);
      for (const l of report.lines) {
        expect(Object.keys(l)).toEqual(["component", "resource", "monthly", "basis"]);
        expect([typeof l.component, typeof l.resource, typeof l.basis]).toEqual(
          Array(3).fill("string"),
        );
        expect(l.monthly).toBe(cents(l.monthly));
        expect(l.monthly).toBeGreaterThanOrEqual(0);
      }
      const sum = report.lines.reduce((s, l) => s + l.monthly, 0);
      expect(report.monthlyTotal).toBe(cents(sum));
      expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    },
  );

  test.each(["aws", "gcp"])("production costs more than staging on %s", (cloud) => {
    expect(reports[`${cloud}-production`]!.monthlyTotal).toBeGreaterThan(
      reports[`${cloud}-staging`]!.monthlyTotal,
    );
  });

  test.each(["aws", "gcp"])("large > medium > small for production on %s", (cloud) => {
    const [small, medium, large] = TIERS.map((t) => reports[`${cloud}-${t}`]!.monthlyTotal);
    expect(large).toBeGreaterThan(medium!);
    expect(medium).toBeGreaterThan(small!);
  });

  it("shows the Multi-AZ doubling on the production RDS line, not on its replica", () => {
    const primary = line("aws-production", "entmoot-production-db", "db.");
    const replica = line("aws-production", "entmoot-production-db-replica-0", "db.");
    expect(primary.component).toBe("database");
    expect(primary.basis).toMatch(/^db\.r6i\.xlarge x2 \(Multi-AZ\) x 730 h @ \$0\.50\/h/);
    expect(replica.basis).toMatch(/^db\.r6i\.xlarge x 730 h/);
    expect(primary.monthly).toBe(cents(2 * replica.monthly));
    expect(line("aws-staging", "entmoot-staging-db", "db.").basis).not.toContain("Multi-AZ");
  });

  it("prices the production cache from the table (3 nodes of cache.r7g.large)", () => {
    const cache = line("aws-production", "entmoot-production-cache", "ElastiCache");
    const rate = CACHE_NODE["valkey:cache.r7g.large"]!.usd;
    expect(cache.monthly).toBe(cents(3 * HOURS_PER_MONTH * rate));
    expect(cache.basis).toBe(
      `ElastiCache cache.r7g.large (valkey) x3 nodes x 730 h @ ${usd(rate)}/h`,
    );
  });

  it("prices the GCP production database as REGIONAL with SSD and backups", () => {
    const db = line("gcp-production", "entmoot-production-database", "Cloud SQL");
    const { vcpu, memory } = CLOUD_SQL_EDITION.ENTERPRISE!;
    const hourly = 4 * vcpu.usd + 16 * memory.usd;
    const expected = 2 * hourly * HOURS_PER_MONTH + 2 * 200 * 0.17 + 200 * PRICES.gcp.sqlBackup.usd;
    expect(db.monthly).toBe(cents(expected));
    expect(db.basis).toContain("x2 (REGIONAL)");
  });

  it("renders a table grouped by component with the total and the price date", () => {
    const text = renderCost(reports["aws-staging"]!, "eu-west-1");
    expect(text).toMatch(
      /^Monthly cost estimate for stack staging on aws \(USD, prices as of 2026-11-01/,
    );
    expect(text).toMatch(
      /\ndatabase +\d+\.\d\d\n {2}entmoot-staging-db +\d+\.\d\d {2}db\.t4g\.large/,
    );
    expect(text).toContain(`Total`);
    expect(text).toContain("Prices are for us-east-1; eu-west-1 differs.");
  });
});

describe("npm run cost", () => {
  it("reads the same arguments as npm run plan", () => {
    expect(parseArgs(["staging", "--set", "entmoot:tier=large", "--json"], "u")).toEqual({
      stack: "staging",
      sets: ["entmoot:tier=large"],
      json: true,
    });
    expect(() => parseArgs([], "usage: npm run cost")).toThrow("usage: npm run cost");
  });

  it("prints only the JSON report with --json", async () => {
    const { stdout } = await run(process.execPath, [...COST, "staging", "--json"], { cwd: ROOT });
    const parsed = JSON.parse(stdout) as CostReport;
    expect(parsed).toMatchObject({ cloud: "aws", stack: "staging", currency: "USD" });
    expect(parsed.monthlyTotal).toBe(cents(parsed.lines.reduce((s, l) => s + l.monthly, 0)));
    // The command prices the very run the tests above price.
    expect(parsed).toEqual(estimate("aws", "staging", (await runStack("staging")).resources));
  });
});
