import { beforeAll, describe, expect, it } from "vitest";
import { planOf } from "../../src/plan/cli";
import { renderPlan, type Plan, type PlanNode } from "../../src/plan/render";
import { planAzure, type AzurePlan } from "./platform";
import { AZURE_DR_REGION } from "./support";

/*
 * What `npm run plan` shows of the Azure platform (providers/azure/planView.ts), on the platform
 * built directly: `entmoot:cloud` still refuses azure.
 */

const flatten = (nodes: readonly PlanNode[]): PlanNode[] =>
  nodes.flatMap((n) => [n, ...flatten(n.children)]);

async function azurePlan(environment: "production" | "staging") {
  const run = await planAzure(environment, "medium");
  const config = { "entmoot:cloud": "azure", "entmoot:region": run.spec.region };
  return { run, plan: await planOf(environment, config, run) };
}

describe("the Azure plan view", () => {
  let production: { run: AzurePlan; plan: Plan };
  let staging: { run: AzurePlan; plan: Plan };
  beforeAll(async () => {
    production = await azurePlan("production");
    staging = await azurePlan("staging");
  });
  const node = (p: Plan, type: string, name: string) => {
    const found = flatten(p.components).find(
      (n) => n.type === `azure-native:${type}` && n.name === name,
    );
    if (found === undefined) throw new Error(`no ${type} ${name} in the plan`);
    return found;
  };

  it("shows the image and app settings of the web app, its staging slot and the migration job", () => {
    const { plan } = production;
    for (const site of [
      node(plan, "web:WebApp", "entmoot-production-api"),
      node(plan, "web:WebAppSlot", "entmoot-production-api-staging"),
    ]) {
      expect(site.settings.image).toBe(plan.outputs.apiImage);
      expect(site.settings.healthCheckPath).toBe("/health");
      expect(site.settings.appSettings).toEqual(
        expect.arrayContaining([
          "ENVIRONMENT",
          "DATABASE_PASSWORD from Key Vault secret database-password (pinned version)",
          "SMTP_PASSWORD from Key Vault secret smtp-password (latest version)",
        ]),
      );
    }
    const job = node(plan, "app:Job", "entmoot-production-migration-job");
    expect(job.settings.image).toEqual([plan.outputs.apiImage]);
    expect(job.settings.command).toHaveLength(1);
    expect(job.settings.env).toEqual(
      expect.arrayContaining(["DATABASE_HOST", "DATABASE_PASSWORD from secret database-password"]),
    );
  });

  it("shows app setting names, never their values, and no secret input", () => {
    const text = renderPlan(production.plan);
    const password = production.run.resources.find(
      (r) => r.type === "azure-native:dbforpostgresql:Server" && r.secretInputs.length > 0,
    )!.inputs.administratorLoginPassword as string;
    expect(password).toEqual(expect.any(String));
    expect(text).not.toContain(password);
    // A plain setting's value (the database host) appears in outputs only, not among settings.
    expect(text).not.toMatch(/appSettings: DATABASE_HOST=/);
  });

  it("shows PostgreSQL's SKU, HA, backups and geo-redundant backup, and its replicas", () => {
    const db = node(production.plan, "dbforpostgresql:Server", "entmoot-production-database");
    expect(db.protect).toBe(true);
    expect(db.settings).toMatchObject({
      sku: "Standard_E4ds_v5",
      highAvailability: "ZoneRedundant",
      backupRetention: 30,
      geoRedundantBackup: "Enabled",
    });
    expect(db.display?.backupRetention).toBe("30 days");
    const replica = node(
      production.plan,
      "dbforpostgresql:Server",
      "entmoot-production-database-replica-0",
    );
    expect(replica.settings).toMatchObject({
      createMode: "Replica",
      replicaOf: expect.any(String),
    });
    expect(replica.region).toBe("eastus");
    const stagingDb = node(staging.plan, "dbforpostgresql:Server", "entmoot-staging-database");
    expect(stagingDb.settings).toMatchObject({
      highAvailability: "Disabled",
      backupRetention: 7,
      geoRedundantBackup: "Disabled",
    });
  });

  it("shows Redis's SKU and HA, and storage's SKU with the object replication to drRegion", () => {
    const cache = node(
      production.plan,
      "redisenterprise:RedisEnterprise",
      "entmoot-production-cache",
    );
    expect(cache.settings).toMatchObject({ sku: expect.any(String), highAvailability: "Enabled" });
    const account = node(
      production.plan,
      "storage:StorageAccount",
      "entmoot-production-storage-account",
    );
    expect(account.settings.sku).toBe("Standard_RAGZRS");
    const replication = node(
      production.plan,
      "storage:ObjectReplicationPolicy",
      "entmoot-production-dr-replication-source",
    );
    expect(replication.settings.rules).toEqual(["data -> data"]);
  });

  it("shows Front Door's WAF mode, rule sets and the rate limit (production only)", () => {
    const waf = node(production.plan, "frontdoor:Policy", "entmoot-production-edge-waf");
    expect(waf.settings.mode).toBe("Prevention");
    expect(waf.settings.rules).toEqual([
      "managed Microsoft_DefaultRuleSet 2.1 -> Block",
      "managed Microsoft_BotManagerRuleSet 1.1",
      "100 RateLimitPerClient: rate limit 2000 requests per 5 min per SocketAddr -> Block",
    ]);
    const stagingWaf = node(staging.plan, "frontdoor:Policy", "entmoot-staging-edge-waf");
    expect(stagingWaf.settings.mode).toBe("Prevention");
    expect(stagingWaf.settings.rules).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/rate limit/)]),
    );
  });

  it("shows the autoscale bounds of the spec", () => {
    const { spec } = production.run;
    const autoscale = node(
      production.plan,
      "monitor:AutoscaleSetting",
      "entmoot-production-api-autoscale",
    );
    expect(autoscale.settings).toMatchObject({
      minimum: String(spec.compute.minInstances),
      maximum: String(spec.compute.maxInstances),
    });
  });

  it("shows alert thresholds in their units: latency in ms, rates in %", () => {
    const criteria = (type: string, name: string) =>
      node(production.plan, `monitor:${type}`, `entmoot-production-monitoring-${name}`).display
        ?.criteria;
    expect(criteria("ScheduledQueryRule", "latency-p95")).toEqual([
      "p95_ms (Maximum) GreaterThan 500 ms",
    ]);
    expect(criteria("ScheduledQueryRule", "database-latency")).toEqual([
      "mean_ms (Maximum) GreaterThan 100 ms",
    ]);
    expect(criteria("ScheduledQueryRule", "cache-hit-rate")).toEqual([
      "hit_rate (Maximum) LessThan 80%",
    ]);
    expect(criteria("MetricAlert", "error-rate")).toEqual([
      "Percentage5XX (Average) GreaterThan 0.1%",
    ]);
  });

  it("marks what is created outside the stack's region, sub-resources included", () => {
    const { plan } = production;
    const elsewhere = [
      ["network:VirtualNetwork", "entmoot-production-dr-vnet"],
      ["network:Subnet", "entmoot-production-dr-database"],
      ["dbforpostgresql:Server", "entmoot-production-dr-database-replica"],
      ["storage:StorageAccount", "entmoot-production-dr-account"],
      ["storage:BlobContainer", "entmoot-production-dr-data"],
      ["containerregistry:Replication", "entmoot-production-registry-replica"],
    ];
    for (const [type, name] of elsewhere) {
      expect(node(plan, type!, name!).region, name).toBe(AZURE_DR_REGION);
    }
    expect(renderPlan(plan)).toMatch(/entmoot-production-dr-database-replica @westus2 /);
    // The primary site's sub-resources are where it is, and unmarked.
    expect(node(plan, "network:Subnet", "entmoot-production-network-database").region).toBe(
      "eastus",
    );
    expect(node(plan, "storage:BlobContainer", "entmoot-production-storage-data").region).toBe(
      "eastus",
    );
    expect(flatten(staging.plan.components).filter((n) => n.region === AZURE_DR_REGION)).toEqual(
      [],
    );
  });
});
