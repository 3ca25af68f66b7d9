import { describe, expect, it } from "vitest";
import type { Environment, Tier } from "../src/cloud";
import { ConfigError, type EntmootConfig } from "../src/config";
import { apiWorkers, databasePool, resolveSpec, SERVICE_TARGETS } from "../stacks/spec";

import { TIER_SIZES } from "../stacks/tiers";
import { testConfig, testSpec } from "./support/spec";

const config = (environment: Environment, tier: Tier, overrides: Partial<EntmootConfig> = {}) =>
  testConfig("aws", environment, tier, overrides);

describe("resolveSpec: tier x environment", () => {
  // environment, tier -> API min/max, DB HA, replicas, cache nodes per shard, backups, cross-region
  it.each([
    ["production", "small", 2, 2, true, 0, 2, 30, true],
    ["production", "medium", 3, 5, true, 1, 3, 30, true],
    ["production", "large", 5, 20, true, 2, 3, 30, true],
    ["staging", "small", 1, 2, false, 0, 1, 7, false],
    ["staging", "medium", 3, 5, false, 1, 3, 7, false],
    ["staging", "large", 5, 20, false, 2, 3, 7, false],
  ] as const)("%s %s", (env, tier, min, max, ha, replicas, nodes, backups, crossRegion) => {
    const spec = resolveSpec(config(env, tier));
    expect(spec.compute.minInstances).toBe(min);
    expect(spec.compute.maxInstances).toBe(max);
    expect(spec.database.highAvailability).toBe(ha);
    expect(spec.database.readReplicas).toBe(replicas);
    expect(spec.cache.nodesPerShard).toBe(nodes);
    expect(spec.cache.failover).toBe(nodes > 1);
    expect(spec.database.backupRetentionDays).toBe(backups);
    expect(spec.database.crossRegionBackups).toBe(crossRegion);
    expect(spec.storage.crossRegionReplication).toBe(crossRegion);
    expect(spec.drRegion).toBe(crossRegion ? "us-west-2" : undefined);
  });

  it.each(["small", "medium", "large"] as const)("%s sizes come from the tier table", (tier) => {
    const spec = resolveSpec(config("production", tier));
    expect(spec.database.vcpu).toBe(TIER_SIZES[tier].database.vcpu);
    expect(spec.database.storageGB).toBe(TIER_SIZES[tier].database.storageGB);
    expect(spec.database.maxStorageGB).toBe(TIER_SIZES[tier].database.storageGB * 4);
    expect(spec.compute.vcpu).toBe(TIER_SIZES[tier].api.vcpu);
    expect(spec.cache.shards).toBe(TIER_SIZES[tier].cache.shards);
  });

  it("production protects data; staging can be torn down", () => {
    const prod = resolveSpec(config("production", "medium"));
    const staging = resolveSpec(config("staging", "small"));
    expect([
      prod.protect,
      prod.database.deletionProtection,
      prod.loadBalancer.deletionProtection,
    ]).toEqual([true, true, true]);
    expect([
      staging.protect,
      staging.database.deletionProtection,
      staging.loadBalancer.deletionProtection,
    ]).toEqual([false, false, false]);
  });

  it("staging turns rate limiting off and diagnostics up", () => {
    const prod = resolveSpec(config("production", "medium"));
    const staging = resolveSpec(config("staging", "small"));
    expect(prod.loadBalancer.rateLimitEnabled).toBe(true);
    expect(staging.loadBalancer.rateLimitEnabled).toBe(false);
    expect(staging.app.logLevel).toBe("debug");
    expect(staging.app.traceSampleRate).toBeGreaterThan(prod.app.traceSampleRate);
    expect(prod.network.natGateways).toBe("perZone");
    expect(staging.network.natGateways).toBe("single");
  });

  it("alerts on the service targets", () => {
    const spec = resolveSpec(config("production", "medium"));
    expect(spec.monitoring).toMatchObject({
      latencyP95Ms: 500,
      errorRatePercent: 0.1,
      databaseLatencyMs: 100,
      cacheHitRatePercent: 80,
      availabilityPercent: 99.95,
    });
    expect(SERVICE_TARGETS.availabilityPercent).toBe(99.95);
  });

  it("gives every cloud and environment its own address range", () => {
    const ranges = (["aws", "gcp", "azure"] as const).flatMap((cloud) =>
      (["production", "staging"] as const).map(
        (env) => resolveSpec(config(env, "small", { cloud })).network.cidr,
      ),
    );
    expect(new Set(ranges).size).toBe(6);
    expect(resolveSpec(config("production", "small")).network.cidr).toBe("10.0.0.0/16");
  });
});

describe("resolveSpec: overrides", () => {
  it("applies integer overrides", () => {
    const spec = resolveSpec(
      config("staging", "small", {
        minInstances: 2,
        maxInstances: 8,
        dbReplicas: 2,
        cacheNodes: 2,
      }),
    );
    expect([
      spec.compute.minInstances,
      spec.compute.maxInstances,
      spec.database.readReplicas,
      spec.cache.nodesPerShard,
    ]).toEqual([2, 8, 2, 2]);
    expect(spec.cache.failover).toBe(true);
  });

  it("raises overrides to production's HA floor", () => {
    const spec = resolveSpec(config("production", "small", { minInstances: 1, cacheNodes: 1 }));
    expect(spec.compute.minInstances).toBe(2);
    expect(spec.cache.nodesPerShard).toBe(2);
    expect(spec.cache.failover).toBe(true);
  });

  it("lets a lower maximum pull the tier's minimum down", () => {
    const spec = resolveSpec(config("staging", "medium", { maxInstances: 2 }));
    expect([spec.compute.minInstances, spec.compute.maxInstances]).toEqual([2, 2]);
  });

  it("lets a higher minimum push the tier's maximum up", () => {
    const spec = resolveSpec(config("staging", "small", { minInstances: 4 }));
    expect([spec.compute.minInstances, spec.compute.maxInstances]).toEqual([4, 4]);
  });

  it("refuses a maximum below production's floor, naming the key", () => {
    expect(() => resolveSpec(config("production", "small", { maxInstances: 1 }))).toThrow(
      ConfigError,
    );
    expect(() => resolveSpec(config("production", "small", { maxInstances: 1 }))).toThrow(
      /entmoot:maxInstances: must be at least 2/,
    );
  });
});

describe("API workers and database pools", () => {
  it.each([
    [0.5, 1],
    [1, 2],
    [2, 4],
  ])("%s vCPU runs %s workers", (vcpu, workers) => {
    expect(apiWorkers(vcpu)).toBe(workers);
  });

  it.each([
    // budget, max instances, workers -> pool, overflow
    [150, 2, 1, 10, 10],
    [300, 5, 2, 10, 10],
    [450, 20, 4, 3, 2],
    [450, 100, 4, 1, 0],
  ])(
    "budget %s over %s instances x %s workers: pool %s + %s",
    (budget, instances, workers, pool, overflow) => {
      expect(databasePool(budget, instances, workers)).toEqual({
        databasePoolSize: pool,
        databasePoolOverflow: overflow,
      });
    },
  );

  it.each(["small", "medium", "large"] as const)(
    "keeps the %s tier's whole fleet within its connection budget at full scale",
    (tier) => {
      const spec = testSpec("aws", "production", tier);
      const perWorker = spec.app.databasePoolSize + spec.app.databasePoolOverflow;
      expect(spec.compute.maxInstances * spec.app.workers * perWorker).toBeLessThanOrEqual(
        spec.database.connectionBudget,
      );
    },
  );

  it("matches the app's rate limit to the WAF's, per minute", () => {
    const spec = testSpec("aws", "production", "medium");
    expect(spec.app.rateLimitPerMinute * 5).toBe(spec.loadBalancer.rateLimitPerFiveMinutes);
  });

  it("fills every API setting: the stack's, else the default", () => {
    const spec = testSpec("aws", "production", "medium", {
      dnsZone: "example.com",
      appSettings: { SMTP_PORT: "465" },
    });
    expect(spec.app.settings.SMTP_PORT).toBe("465");
    expect(spec.app.settings.EMAIL_FROM).toBe("noreply@example.com");
    expect(spec.app.settings.CACHE_DEFAULT_TTL_SECONDS).toBe("300");
  });

  it("sends mail from the DNS zone's name, whatever finds the zone", () => {
    const spec = testSpec("azure", "staging", "small", { dnsZone: "dns-rg/example.com" });
    expect(spec.app.settings.EMAIL_FROM).toBe("noreply@example.com");
  });
});
