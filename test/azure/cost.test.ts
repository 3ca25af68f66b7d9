import { beforeAll, describe, expect, it, test } from "vitest";
import { cost } from "../../providers/azure/cost";
import {
  APP_SERVICE,
  POSTGRES_COMPUTE,
  PRICES,
  REDIS_BALANCED,
  REGISTRY,
} from "../../providers/azure/prices";
import { appServiceSku, postgresSku, redisSku } from "../../providers/azure/skus";
import { TIERS } from "../../src/cloud";
import { cents, estimate, type CostReport } from "../../src/cost/estimate";
import { HOURS_PER_MONTH as H, UnknownSkuError } from "../../src/cost/prices";
import type { RecordedResource } from "../../src/plan/harness";
import { TIER_SIZES } from "../../stacks/tiers";
import { planAzure } from "./platform";

const resource = (type: string, name: string, inputs: Record<string, unknown>) =>
  ({
    ...{ type, name, urn: `urn:pulumi:s::entmoot::${type}::${name}`, custom: true, inputs },
    ...{ secretInputs: [], protect: false, ignoreChanges: [], retainOnDelete: false },
  }) satisfies RecordedResource;

/**
 * Types the Azure platform creates that cost nothing by themselves (their usage is billed on a
 * priced resource, or not at all). A type in neither this list nor the rules fails the test
 * below, so a new resource is priced or stated free on purpose.
 */
const FREE = [
  "azure-native:resources:ResourceGroup",
  "azure-native:managedidentity:UserAssignedIdentity",
  "azure-native:authorization:RoleAssignment",
  "azure-native:authorization:ManagementLockByScope",
  "azure-native:network:VirtualNetwork",
  "azure-native:network:Subnet",
  "azure-native:network:NetworkSecurityGroup",
  "azure-native:network:PrivateDnsZoneGroup",
  "azure-native:privatedns:VirtualNetworkLink",
  "azure-native:keyvault:Secret", // operations are priced on the vault
  "azure-native:dbforpostgresql:Configuration",
  "azure-native:dbforpostgresql:Database",
  "azure-native:redisenterprise:Database", // the cluster's SKU is the price
  "azure-native:storage:BlobContainer",
  "azure-native:storage:BlobServiceProperties", // versions kept are not estimated
  "azure-native:storage:ManagementPolicy",
  "azure-native:storage:ObjectReplicationPolicy", // inter-region transfer is not estimated
  "azure-native:storage:StorageAccountStaticWebsite",
  "azure-native:web:WebApp", // the plan's instances are the price
  "azure-native:web:WebAppFtpAllowed",
  "azure-native:web:WebAppScmAllowed",
  "azure-native:web:WebAppFtpAllowedSlot",
  "azure-native:web:WebAppScmAllowedSlot",
  "azure-native:network:VirtualNetworkPeering", // inter-region transfer is not estimated
  "azure-native:monitor:AutoscaleSetting", // the plan's minimum is priced
  "azure-native:monitor:DiagnosticSetting", // ingestion is priced on the workspace
  "azure-native:monitor:ActionGroup", // the first 1,000 emails a month are free
  "azure-native:portal:Dashboard",
  "azure-native:cdn:AFDEndpoint",
  "azure-native:cdn:AFDOriginGroup",
  "azure-native:cdn:AFDOrigin",
  "azure-native:cdn:AFDCustomDomain",
  "azure-native:cdn:Route",
  "azure-native:cdn:SecurityPolicy",
  "azure-native:dns:RecordSet", // in a zone the stack does not own
];

describe("Azure price table", () => {
  test.each(TIERS)("prices every SKU the %s tier resolves to", (tier) => {
    const { api, database, cache } = TIER_SIZES[tier];
    for (const burstable of [true, false]) {
      const { name } = postgresSku(database.vcpu, database.memoryGiB, burstable);
      expect(POSTGRES_COMPUTE[name]?.usd, name).toBeGreaterThan(0);
    }
    expect(REDIS_BALANCED[redisSku(cache.memoryGiB, cache.shards)]?.usd).toBeGreaterThan(0);
    expect(APP_SERVICE[appServiceSku(api.vcpu, api.memoryGiB)]?.usd).toBeGreaterThan(0);
  });

  test.each([
    [
      resource("azure-native:dbforpostgresql:Server", "db", {
        sku: { name: "Standard_E16ds_v5", tier: "MemoryOptimized" },
        storage: { storageSizeGB: 512, type: "Premium_LRS" },
      }),
      /PostgreSQL Flexible Server compute "Standard_E16ds_v5" in the azure price table/,
    ],
    [
      resource("azure-native:dbforpostgresql:Server", "db", {
        sku: { name: "Standard_B2ms", tier: "Burstable" },
        storage: { storageSizeGB: 64, type: "PremiumV2_LRS" },
      }),
      /Flexible Server storage type "PremiumV2_LRS"/,
    ],
    [
      resource("azure-native:redisenterprise:RedisEnterprise", "c", {
        sku: { name: "Balanced_B3" },
      }),
      /Azure Managed Redis SKU "Balanced_B3"/,
    ],
    [
      resource("azure-native:web:AppServicePlan", "p", { sku: { name: "P0v3", capacity: 1 } }),
      /Windows App Service plan/,
    ],
    [
      resource("azure-native:containerregistry:Registry", "r", { sku: { name: "Classic" } }),
      /Container Registry SKU "Classic"/,
    ],
    [
      resource("azure-native:monitor:ScheduledQueryRule", "a", { evaluationFrequency: "PT30M" }),
      /log alert frequency "PT30M"/,
    ],
  ])("refuses an unknown SKU instead of pricing it at 0 (%#)", async (r, message) => {
    await expect(estimate("azure", "s", [r])).rejects.toThrow(UnknownSkuError);
    await expect(estimate("azure", "s", [r])).rejects.toThrow(message);
  });
});

describe("Azure estimates of the platform", () => {
  const reports: Record<string, CostReport> = {};
  const types = new Map<string, Set<string>>();
  const priceable = new Map<string, string[]>();
  beforeAll(async () => {
    // Built as test/azure/platform.ts does: the registry still refuses azure as entmoot:cloud.
    const plans = [
      ["production", "production", "medium"],
      ["staging", "staging", "small"],
      ["small", "production", "small"],
      ["large", "production", "large"],
    ] as const;
    for (const [key, environment, tier] of plans) {
      const { resources } = await planAzure(environment, tier);
      reports[key] = await estimate("azure", environment, resources);
      types.set(key, new Set(resources.map((r) => r.type)));
      priceable.set(
        key,
        resources.filter((r) => Object.hasOwn(cost.rules, r.type)).map((r) => r.name),
      );
    }
  }, 240_000);
  const line = (key: string, resource: string) =>
    reports[key]!.lines.find((l) => l.resource === resource)!;

  test.each(["production", "staging"])(
    "%s: every resource type is priced or stated free, and every priced resource has a line",
    (key) => {
      const unaccounted = [...types.get(key)!].filter(
        (t) => t.startsWith("azure-native:") && !Object.hasOwn(cost.rules, t) && !FREE.includes(t),
      );
      expect(unaccounted).toEqual([]);
      const lines = reports[key]!.lines.map((l) => l.resource);
      expect(priceable.get(key)!.filter((name) => !lines.includes(name))).toEqual([]);
    },
  );

  it("totals are plausible for the platform's shape (ranges, not exact figures)", () => {
    expect(reports.production!.monthlyTotal).toBeGreaterThan(1_500);
    expect(reports.production!.monthlyTotal).toBeLessThan(4_500);
    expect(reports.staging!.monthlyTotal).toBeGreaterThan(300);
    expect(reports.staging!.monthlyTotal).toBeLessThan(1_200);
    expect(reports.large!.monthlyTotal).toBeLessThan(12_000);
  });

  it("staging is visibly cheaper than production, and large > medium > small", () => {
    expect(reports.staging!.monthlyTotal).toBeLessThan(reports.production!.monthlyTotal / 2);
    expect(reports.large!.monthlyTotal).toBeGreaterThan(reports.production!.monthlyTotal);
    expect(reports.production!.monthlyTotal).toBeGreaterThan(reports.small!.monthlyTotal);
  });

  it("a zone-redundant standby doubles the primary's compute and storage, not a replica's", () => {
    const primary = line("production", "entmoot-production-database");
    const replica = line("production", "entmoot-production-database-replica-0");
    const rate = POSTGRES_COMPUTE.Standard_E4ds_v5!.usd;
    expect(primary.basis).toMatch(
      /^Standard_E4ds_v5 x2 \(ZoneRedundant HA\) x 730 h @ \$0\.505\/h \+ 256 GB Premium_LRS x2/,
    );
    expect(replica.basis).toMatch(/^Standard_E4ds_v5 \(replica in eastus\) x 730 h/);
    expect(replica.monthly).toBe(cents(rate * H + 256 * 0.115));
    expect(primary.monthly).toBeGreaterThan(2 * replica.monthly);
    expect(line("staging", "entmoot-staging-database").basis).not.toContain("HA");
  });

  it("prices geo-redundant backups beyond the free 100% in production, LRS in staging", () => {
    expect(line("production", "entmoot-production-database").basis).toContain(
      `geo-redundant) @ $0.20/GB-month`,
    );
    expect(line("staging", "entmoot-staging-database").basis).toMatch(
      /backups beyond the free 64 GB \(assumed 2%\/day x 7 days\) @ \$0\.095/,
    );
  });

  it("prices the DR copies in drRegion: the PostgreSQL replica and the registry's geo-replica", () => {
    const dr = reports.production!.lines.filter((l) => l.component === "dr");
    expect(dr.map((l) => l.resource)).toContain("entmoot-production-dr-database-replica");
    expect(line("production", "entmoot-production-dr-database-replica").basis).toContain(
      "(replica in westus2)",
    );
    expect(line("production", "entmoot-production-registry-replica").monthly).toBe(
      cents(REGISTRY.Premium!.usd * (H / 24)),
    );
    expect(reports.staging!.lines.some((l) => l.component === "dr")).toBe(false);
  });

  it("Managed Redis: the list price with HA in production, half without in staging", () => {
    expect(line("production", "entmoot-production-cache").monthly).toBe(
      cents(REDIS_BALANCED.Balanced_B5!.usd * H),
    );
    expect(line("staging", "entmoot-staging-cache").monthly).toBe(
      cents((REDIS_BALANCED.Balanced_B1!.usd / 2) * H),
    );
    expect(line("large", "entmoot-production-cache").basis).toContain("Balanced_B50 with HA");
  });

  it("App Service bills the plan's minimum instances; the slot runs on them for nothing", () => {
    expect(line("production", "entmoot-production-api-plan").monthly).toBe(
      cents(3 * H * APP_SERVICE.P0v3!.usd),
    );
    expect(line("large", "entmoot-production-api-plan").basis).toMatch(/^App Service P1v3 .* x 5/);
    expect(line("production", "entmoot-production-api-staging").monthly).toBe(0);
  });

  it("Front Door Premium: the base fee once, the WAF included in it", () => {
    for (const key of ["production", "staging"]) {
      const env = key === "production" ? "production" : "staging";
      expect(line(key, `entmoot-${env}-edge-profile`).basis).toMatch(
        /^Front Door Premium_AzureFrontDoor base @ \$330\.00\/month \+/,
      );
      expect(line(key, `entmoot-${env}-edge-waf`).monthly).toBe(0);
    }
  });

  it("Log Analytics bills retention only beyond the included 31 days", () => {
    const prod = line("production", "entmoot-production-monitoring-workspace");
    expect(prod.basis).toContain("334 GB kept beyond 31 days @ $0.10/GB-month");
    expect(line("staging", "entmoot-staging-monitoring-workspace").basis).not.toContain("beyond");
    expect(line("production", "entmoot-production-monitoring-availability").basis).toBe(
      "metric alert, 5 time series @ $0.10/series-month",
    );
    expect(PRICES.logRetention.usd).toBe(0.1);
  });
});
