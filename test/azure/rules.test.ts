import { describe, expect, it, test } from "vitest";
import { checkConfig, parseDnsZone, vaultIdOf } from "../../providers/azure/configRules";
import { deterministicGuid, globalName, nameProblem } from "../../providers/azure/names";
import { networkSlot } from "../../providers/azure/network";
import {
  FRONT_DOOR_PRIVATE_LINK_REGIONS,
  hasZones,
  pairedRegion,
  PAIRED_REGIONS,
} from "../../providers/azure/regions";
import { postgresSku, postgresStorageGB, redisSku } from "../../providers/azure/skus";
import { lifecyclePolicy, restoreDays, storageSku } from "../../providers/azure/storage";
import { regionsOf } from "../../src/regions";
import { azureSpec } from "./support";

describe("Azure names", () => {
  test.each([
    ["keyVault", "entmoot-prd-kv-abc123", true],
    ["keyVault", "entmoot-production-kv-abc123", false], // 28 > 24
    ["keyVault", "1entmoot-kv", false], // must start with a letter
    ["keyVault", "entmoot--kv", false], // no consecutive hyphens
    ["keyVault", "entmoot-kv-", false],
    ["storageAccount", "entmootprddataabc123", true],
    ["storageAccount", "entmoot-prd-data", false], // no hyphens at all
    ["storageAccount", "EntmootData", false], // lowercase only
    ["storageAccount", "entmootproductiondataabc123", false], // 27 > 24
    ["postgresServer", "entmoot-production-database-abc123", true],
    ["postgresServer", "Entmoot-db", false],
    ["redisEnterprise", "entmoot-production-cache-abc123", true],
    ["redisEnterprise", "entmoot-cache-", false],
    ["resourceGroup", "entmoot-production-base-rg", true],
    ["resourceGroup", "rg.", false],
    ["resourceGroup", "r".repeat(91), false],
  ] as const)("%s %s valid: %s", (kind, name, valid) => {
    expect(nameProblem(kind, name) === undefined).toBe(valid);
  });

  it("refuses a prefix that cannot fit its rule before anything registers", () => {
    expect(() => globalName("keyVault", "entmoot-production-kv-")).toThrow(/3-24/);
    expect(globalName("storageAccount", "entmootprddata")("x7k2q9")).toBe("entmootprddatax7k2q9");
  });

  it("role assignment GUIDs are stable per (scope, principal, role) and differ otherwise", () => {
    const a = deterministicGuid("/scope", "principal", "role");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicGuid("/scope", "principal", "role")).toBe(a);
    expect(deterministicGuid("/scope", "principal", "other")).not.toBe(a);
  });
});

describe("Azure SKU table", () => {
  test.each([
    [2, 8, true, "Standard_B2ms", "Burstable"],
    [2, 4, true, "Standard_B2s", "Burstable"],
    // Burstable has neither zone-redundant HA nor read replicas: production small gets GP.
    [2, 8, false, "Standard_D2ds_v5", "GeneralPurpose"],
    [4, 32, false, "Standard_E4ds_v5", "MemoryOptimized"],
    [4, 16, true, "Standard_D4ds_v5", "GeneralPurpose"],
    [8, 64, false, "Standard_E8ds_v5", "MemoryOptimized"],
  ] as const)("%d vCPU / %d GiB (burstable allowed: %s) -> %s", (vcpu, mem, burst, name, tier) => {
    expect(postgresSku(vcpu, mem, burst)).toEqual({ name, tier });
  });

  it("refuses sizes Flexible Server does not sell", () => {
    expect(() => postgresSku(4, 64, false)).toThrow(/8 GiB per vCPU/);
    expect(() => postgresSku(200, 800, false)).toThrow(/vCPU/);
  });

  test.each([
    [50, 64],
    [200, 256],
    [500, 512],
    [32, 32],
  ])("PostgreSQL storage of %d GB rounds up to the Premium SSD size %d GiB", (gb, size) => {
    expect(postgresStorageGB(gb)).toBe(size);
  });

  test.each([
    [1, 1, "Balanced_B1"],
    [6, 1, "Balanced_B5"],
    [13, 3, "Balanced_B50"],
  ])("Managed Redis for %d GiB x %d shards is %s", (gib, shards, sku) => {
    expect(redisSku(gib, shards)).toBe(sku);
  });

  it("production's medium and large tiers map to the Ddsv5/Edsv5 families the design names", () => {
    const large = azureSpec("production", "large").database;
    expect(postgresSku(large.vcpu, large.memoryGiB, false).name).toBe("Standard_E8ds_v5");
  });
});

describe("Azure regions and storage rules", () => {
  it("every accepted region's pair is known or deliberately absent, and pairs are regions", () => {
    for (const [region, pair] of Object.entries(PAIRED_REGIONS)) {
      expect(regionsOf("azure"), region).toContain(region);
      expect(pair).not.toBe(region);
    }
    expect(pairedRegion("eastus")).toBe("westus");
    expect(pairedRegion("mexicocentral")).toBeUndefined();
    expect(hasZones("eastus")).toBe(true);
    expect(hasZones("westus")).toBe(false);
  });

  it("GZRS and ZRS need zones: a zoneless region gets LRS in staging", () => {
    expect(storageSku(true, "eastus")).toBe("Standard_RAGZRS");
    expect(storageSku(false, "eastus")).toBe("Standard_ZRS");
    expect(storageSku(false, "westus")).toBe("Standard_LRS");
  });

  it("point-in-time restore stays shorter than soft delete, and refuses what cannot be", () => {
    const spec = azureSpec("production", "medium").storage;
    expect(restoreDays(spec)).toBe(29);
    expect(() => restoreDays({ ...spec, softDeleteDays: 1 })).toThrow(/soft delete/);
  });

  it("lifecycle never tiers to Archive, which ZRS/GZRS accounts refuse", () => {
    const policy = lifecyclePolicy(azureSpec("production", "medium").storage) as any;
    expect(JSON.stringify(policy)).not.toContain("tierToArchive");
  });

  it("address plan: /20 slots of the environment's /16", () => {
    expect(networkSlot("10.40.0.0/16", "jobs")).toBe("10.40.48.0/20");
  });
});

describe("Azure config rules", () => {
  const base = { environment: "production", region: "eastus", domain: "api.example.com" } as const;

  it("accepts production with a drRegion that is not the pair: the platform copies there itself", () => {
    // The issue's own example: eastus with westus2, whose pair is westus.
    expect(checkConfig({ ...base, drRegion: "westus2" })).toEqual([]);
    expect(checkConfig({ ...base, drRegion: "westus" })).toEqual([]);
    expect(checkConfig({ ...base, region: "westeurope", drRegion: "swedencentral" })).toEqual([]);
  });

  test.each([
    "mexicocentral",
    "polandcentral",
    "italynorth",
    "spaincentral",
    "qatarcentral",
    "israelcentral",
  ])(
    "refuses production in %s: zones but no paired region, which geo-redundant backups and RA-GZRS need",
    (region) => {
      expect(hasZones(region)).toBe(true);
      expect(pairedRegion(region)).toBeUndefined();
      const issues = checkConfig({ ...base, region, drRegion: "eastus" });
      expect(issues.map((i) => i.key)).toEqual(["region"]);
      expect(issues[0]!.message).toMatch(/paired region|Private Link/);
    },
  );

  it("production in a region with zones and no pair names the pair as the reason once Front Door's Private Link is there", () => {
    // No unpaired region has Private Link today; the pair rule stands on its own all the same.
    const unpairedWithLink = [...FRONT_DOOR_PRIVATE_LINK_REGIONS].filter(
      (r) => pairedRegion(r) === undefined,
    );
    expect(unpairedWithLink).toEqual([]);
    expect(
      checkConfig({ ...base, region: "mexicocentral", drRegion: "eastus" })[0]!.message,
    ).toMatch(/Private Link/);
  });

  it("refuses production in a region without availability zones", () => {
    const issues = checkConfig({ ...base, region: "westus", drRegion: "eastus" });
    expect(issues.map((i) => i.key)).toEqual(["region"]);
  });

  test.each([
    ["production", "westus"],
    ["staging", "westus"],
    ["staging", "switzerlandnorth"],
    ["staging", "mexicocentral"],
    ["production", "japanwest"],
  ] as const)(
    "refuses %s in %s: Front Door Private Link origins exist only in the regions Microsoft lists (those with zones), and the API is reached only through one",
    (environment, region) => {
      const issues = checkConfig({ environment, region, drRegion: "eastus2" });
      expect(issues.map((i) => i.key)).toEqual(["region"]);
      expect(issues[0]!.message).toContain("Private Link");
      expect(issues[0]!.message).toContain("eastus, eastus2");
      expect(issues[0]!.message).toContain(region);
    },
  );

  it("Front Door Private Link regions are accepted regions with zones, eastus and westus2 among them", () => {
    for (const region of FRONT_DOOR_PRIVATE_LINK_REGIONS) {
      expect(regionsOf("azure"), region).toContain(region);
      expect(hasZones(region), region).toBe(true);
    }
    expect(checkConfig({ environment: "staging", region: "westus2", drRegion: "eastus" })).toEqual(
      [],
    );
    expect(checkConfig({ environment: "staging", region: "eastus", drRegion: "westus2" })).toEqual(
      [],
    );
  });

  it("dnsZone is <zone> or <resource group>/<zone>, and the zone must hold the domain", () => {
    expect(parseDnsZone("dns-rg/example.com")).toEqual({
      resourceGroup: "dns-rg",
      zone: "example.com",
    });
    expect(parseDnsZone("example.com")).toEqual({ zone: "example.com" });
    expect(parseDnsZone("a/b/example.com")).toBeUndefined();
    expect(checkConfig({ ...base, drRegion: "westus", dnsZone: "dns-rg/example.com" })).toEqual([]);
    expect(checkConfig({ ...base, drRegion: "westus", dnsZone: "example.com" })).toEqual([]);
    expect(
      checkConfig({ ...base, drRegion: "westus", dnsZone: "rg./example.com" })[0],
    ).toMatchObject({
      key: "dnsZone",
    });
    expect(
      checkConfig({ ...base, drRegion: "westus", dnsZone: "dns-rg/other.org" })[0]?.message,
    ).toMatch(/parent/);
  });

  it("certificate is a Key Vault secret's resource id: Front Door's secretSource takes a secret, never a /certificates/ id", () => {
    const ok =
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/certs/providers/Microsoft.KeyVault/vaults/entmoot-certs/secrets/api-example-com";
    expect(checkConfig({ ...base, drRegion: "westus", certificate: ok })).toEqual([]);
    expect(vaultIdOf(ok)).toBe(
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/certs/providers/Microsoft.KeyVault/vaults/entmoot-certs",
    );
    const certificate = ok.replace("/secrets/", "/certificates/");
    expect(checkConfig({ ...base, drRegion: "westus", certificate })[0]).toMatchObject({
      key: "certificate",
    });
    expect(vaultIdOf(certificate)).toBeUndefined();
    expect(
      checkConfig({
        ...base,
        drRegion: "westus",
        certificate: "https://entmoot-certs.vault.azure.net/secrets/x",
      })[0],
    ).toMatchObject({ key: "certificate" });
  });
});
