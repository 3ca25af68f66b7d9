import { CLOUD_ENTRIES } from "../providers";
import { ConfigError, NAMESPACE, type EntmootConfig } from "../src/config";
import type { PlatformSpec } from "../src/platform";
import { resolveAppSettings } from "../src/appSettings";
import { ENVIRONMENT_PROFILES } from "./environments";
import { STORAGE_AUTOSCALE_FACTOR, TIER_SIZES } from "./tiers";

/** The platform's service targets; alerts fire when a measurement crosses one. */
export const SERVICE_TARGETS = {
  latencyP95Ms: 500,
  errorRatePercent: 0.1,
  databaseLatencyMs: 100,
  cacheHitRatePercent: 80,
  availabilityPercent: 99.95,
} as const;

/**
 * API instance bounds: the tier's, then the overrides, then the environment's floor. An override
 * of one bound drags the other along where the tier's value would contradict it; a maximum below
 * the HA floor is refused rather than silently raised.
 */
function instanceBounds(config: EntmootConfig, tierMin: number, tierMax: number, floor: number) {
  let min = config.minInstances ?? Math.min(tierMin, config.maxInstances ?? tierMin);
  const max = config.maxInstances ?? Math.max(tierMax, min);
  min = Math.max(min, floor);
  if (max < min) {
    throw new ConfigError([
      {
        key: `${NAMESPACE}:maxInstances`,
        value: max,
        message: `must be at least ${min}: ${config.environment} runs at least ${floor} API instances across zones`,
      },
    ]);
  }
  return { min, max };
}

/** Requests one client address may make in five minutes, at the WAF and (per minute) in the app. */
const RATE_LIMIT_PER_FIVE_MINUTES = 2000;

/** Server workers per API instance: two per vCPU (the API is I/O-bound), at least one. */
export function apiWorkers(vcpu: number): number {
  return Math.max(1, Math.floor(vcpu * 2));
}

/**
 * Each worker's connection pool, so that every worker of the largest fleet together stays within
 * the database's connection budget: half kept open, half added under load, at most 20 per worker
 * (more only queue inside PostgreSQL), at least one.
 */
export function databasePool(
  budget: number,
  maxInstances: number,
  workers: number,
): { databasePoolSize: number; databasePoolOverflow: number } {
  const perWorker = Math.min(20, Math.max(1, Math.floor(budget / (maxInstances * workers))));
  const databasePoolSize = Math.ceil(perWorker / 2);
  return { databasePoolSize, databasePoolOverflow: perWorker - databasePoolSize };
}

/**
 * Tier x environment x overrides -> concrete numbers for every component. Pure: the same config
 * always gives the same spec, and nothing here touches Pulumi.
 */
export function resolveSpec(config: EntmootConfig): PlatformSpec {
  const tier = TIER_SIZES[config.tier];
  const profile = ENVIRONMENT_PROFILES[config.environment];
  const name = `entmoot-${config.environment}`;
  const instances = instanceBounds(
    config,
    tier.api.min,
    tier.api.max,
    profile.haFloor.minInstances,
  );
  const nodesPerShard = Math.max(
    config.cacheNodes ?? tier.cache.nodesPerShard,
    profile.haFloor.cacheNodesPerShard,
  );
  const logRetentionDays = profile.logRetentionDays;
  const workers = apiWorkers(tier.api.vcpu);
  const pool = databasePool(tier.database.connectionBudget, instances.max, workers);

  return {
    cloud: config.cloud,
    environment: config.environment,
    tier: config.tier,
    name,
    region: config.region,
    drRegion: profile.crossRegion ? config.drRegion : undefined,
    gcpProject: config.gcpProject,
    accountId: config.accountId,
    domain: config.domain,
    dnsZone: config.dnsZone,
    certificate: config.certificate,
    image: config.image,
    protect: profile.protect,
    network: {
      cidr: CLOUD_ENTRIES[config.cloud].addressPlan[config.environment],
      zones: 3,
      natGateways: profile.natGateways,
      flowLogRetentionDays: logRetentionDays,
    },
    database: {
      engineVersion: "16",
      vcpu: tier.database.vcpu,
      memoryGiB: tier.database.memoryGiB,
      storageGB: tier.database.storageGB,
      maxStorageGB: tier.database.storageGB * STORAGE_AUTOSCALE_FACTOR,
      highAvailability: profile.haFloor.databaseHighAvailability,
      readReplicas: config.dbReplicas ?? tier.database.readReplicas,
      backupRetentionDays: profile.backupRetentionDays,
      pitrDays: profile.pitrDays,
      crossRegionBackups: profile.crossRegion,
      deletionProtection: profile.protect,
      databaseName: "entmoot",
      username: "entmoot",
      port: 5432,
      slowQueryMs: 500,
      connectionBudget: tier.database.connectionBudget,
    },
    cache: {
      engineVersion: "7.2",
      memoryGiB: tier.cache.memoryGiB,
      shards: tier.cache.shards,
      nodesPerShard,
      failover: nodesPerShard > 1,
      snapshotRetentionDays: profile.cacheSnapshotRetentionDays,
      port: 6379,
    },
    storage: {
      versioning: true,
      infrequentAccessAfterDays: 30,
      archiveAfterDays: 90,
      noncurrentVersionExpiryDays: profile.noncurrentVersionExpiryDays,
      abortIncompleteUploadDays: 7,
      crossRegionReplication: profile.crossRegion,
      accessLogRetentionDays: logRetentionDays,
      softDeleteDays: profile.softDeleteDays,
    },
    compute: {
      vcpu: tier.api.vcpu,
      memoryGiB: tier.api.memoryGiB,
      minInstances: instances.min,
      maxInstances: instances.max,
      targetCpuPercent: 60,
      targetRequestsPerInstance: 1000,
      containerPort: 8000,
      healthCheckPath: "/health",
      healthCheckGraceSeconds: 60,
      logRetentionDays,
      // Alembic, as the API runs its schema migrations (they also enable PostGIS).
      migrationCommand: ["alembic", "upgrade", "head"],
    },
    loadBalancer: {
      rateLimitEnabled: profile.rateLimitEnabled,
      rateLimitPerFiveMinutes: RATE_LIMIT_PER_FIVE_MINUTES,
      minTlsVersion: "1.2",
      accessLogRetentionDays: logRetentionDays,
      deletionProtection: profile.protect,
    },
    monitoring: { ...SERVICE_TARGETS, alertEmails: config.alertEmails, logRetentionDays },
    app: {
      logLevel: profile.logLevel,
      traceSampleRate: profile.traceSampleRate,
      rateLimitEnabled: profile.rateLimitEnabled,
      rateLimitPerMinute: RATE_LIMIT_PER_FIVE_MINUTES / 5,
      externalApiCalls: profile.externalApiCalls,
      workers,
      ...pool,
      settings: resolveAppSettings(config.appSettings, config),
    },
    frontend: { enabled: config.frontend },
    tags: {
      project: "entmoot",
      environment: config.environment,
      tier: config.tier,
      "managed-by": "pulumi",
    },
  };
}
