import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { plan } from "../src/plan/cli";
import { renderPlan, type Plan, type PlanNode } from "../src/plan/render";
import { GCP_SETS, ROOT } from "./support/stack";

const run = promisify(execFile);
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function flatten(nodes: readonly PlanNode[]): PlanNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

describe("offline plan", () => {
  let production: Plan;
  let staging: Plan;
  beforeAll(async () => {
    production = await plan(ROOT, "production");
    staging = await plan(ROOT, "staging");
  });

  it("groups resources under their components", () => {
    const components = production.components
      .filter((c) => c.type.startsWith("entmoot:"))
      .map((c) => c.type);
    expect(components).toEqual(
      expect.arrayContaining([
        "entmoot:network:AwsNetwork",
        "entmoot:database:AwsDatabase",
        "entmoot:cache:AwsCache",
        "entmoot:storage:AwsStorage",
        "entmoot:compute:AwsCompute",
        "entmoot:loadBalancer:AwsLoadBalancer",
        "entmoot:frontend:AwsFrontend",
        "entmoot:monitoring:AwsMonitoring",
      ]),
    );
    const network = production.components.find((c) => c.type === "entmoot:network:AwsNetwork")!;
    expect(network.children.filter((c) => c.type === "aws:ec2/subnet:Subnet")).toHaveLength(9);
  });

  it("shows the settings that matter and marks protected resources", () => {
    const db = flatten(production.components).find(
      (n) => n.type === "aws:rds/instance:Instance" && n.settings.multiAz === true,
    )!;
    expect(db.settings).toMatchObject({
      instanceClass: "db.r6i.xlarge",
      engine: "postgres",
      backupRetentionPeriod: 30,
      publiclyAccessible: false,
    });
    expect(db.protect).toBe(true);
    expect(production.summary.protected).toBeGreaterThan(0);
    expect(staging.summary.protected).toBe(0);
  });

  it("shows staging visibly smaller", () => {
    expect(staging.summary.resources).toBeLessThan(production.summary.resources);
    const stagingDb = flatten(staging.components).find(
      (n) => n.type === "aws:rds/instance:Instance",
    )!;
    expect(stagingDb.settings).toMatchObject({
      instanceClass: "db.t4g.large",
      multiAz: false,
      backupRetentionPeriod: 7,
    });
  });

  it("renders a tree with a summary line", () => {
    const text = renderPlan(staging);
    expect(text).toMatch(/^Plan for stack staging on aws/);
    expect(text).toMatch(/\n {4}\+ aws:ec2\/vpc:Vpc {2}entmoot-staging-network/);
    expect(text).toMatch(/\n\d+ resources to create in \d+ components \(0 protected\)$/);
    expect(text).toContain("apiUrl: https://api.staging.entmoot.example.com");
  });

  it("plans GCP from the same stack with --set", async () => {
    const gcp = await plan(ROOT, "production", GCP_SETS);
    expect(gcp.cloud).toBe("gcp");
    expect(
      flatten(gcp.components).some(
        (n) =>
          n.type === "gcp:sql/databaseInstance:DatabaseInstance" &&
          n.settings["settings.availabilityType"] === "REGIONAL",
      ),
    ).toBe(true);
  });
});

describe("DNS records", () => {
  it("puts the API's A record in the GCP zone that serves entmoot:dnsZone", async () => {
    const { runStack, ofType } = await import("./support/stack");
    const run = await runStack("production", [...GCP_SETS, "entmoot:dnsZone=entmoot.example.com"]);
    const [record] = ofType(run.resources, "gcp:dns/recordSet:RecordSet");
    expect(record?.inputs).toMatchObject({
      managedZone: "entmoot-example-com",
      name: "api.entmoot.example.com.",
      type: "A",
    });
  });
});

describe("npm run plan", () => {
  it("prints JSON with --json", async () => {
    const { stdout } = await run(TSX, ["src/plan/cli.ts", "staging", "--json"], { cwd: ROOT });
    const parsed = JSON.parse(stdout) as Plan;
    expect(parsed).toMatchObject({ stack: "staging", cloud: "aws" });
    expect(parsed.summary.resources).toBeGreaterThan(100);
  });

  it("prints the problems and exits 1 on a bad config, without a stack trace", async () => {
    const failure = await run(
      TSX,
      [
        "src/plan/cli.ts",
        "production",
        "--set",
        "entmoot:regoin=us-east-1",
        "--set",
        "entmoot:tier=xl",
      ],
      { cwd: ROOT },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toContain("entmoot:regoin: unknown key; did you mean entmoot:region?");
    expect(stderr).toContain('entmoot:tier: must be one of: small, medium, large (given: "xl")');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exposes the program the way the Pulumi CLI loads it (CommonJS export of a function)", async () => {
    const { stdout } = await run(
      TSX,
      ["-e", "process.stdout.write(typeof require('./src/index.ts'))"],
      { cwd: ROOT },
    );
    expect(stdout).toBe("function");
  });
});
