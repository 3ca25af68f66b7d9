import type { Environment } from "../src/cloud";

/**
 * What differs between production and staging, and why. Staging mirrors production's shape at a
 * smaller size so that a change proven there behaves the same in production; it gives up the
 * guarantees that only protect real customer data (long retention, cross-region copies,
 * deletion protection) and turns up diagnostics.
 */
export interface EnvironmentProfile {
  /** Floors that high availability needs, applied over any tier or override. */
  readonly haFloor: {
    readonly minInstances: number;
    readonly databaseHighAvailability: boolean;
    readonly cacheNodesPerShard: number;
  };
  readonly backupRetentionDays: number;
  readonly pitrDays: number;
  readonly crossRegion: boolean;
  readonly protect: boolean;
  readonly natGateways: "perZone" | "single";
  readonly logRetentionDays: number;
  readonly logLevel: "debug" | "info";
  readonly traceSampleRate: number;
  readonly rateLimitEnabled: boolean;
  readonly externalApiCalls: boolean;
  readonly cacheSnapshotRetentionDays: number;
  readonly noncurrentVersionExpiryDays: number;
  readonly softDeleteDays: number;
}

export const ENVIRONMENT_PROFILES: Readonly<Record<Environment, EnvironmentProfile>> = {
  production: {
    // Two instances in two zones survive a zone loss; a standby database and a cache replica
    // take over automatically.
    haFloor: { minInstances: 2, databaseHighAvailability: true, cacheNodesPerShard: 2 },
    backupRetentionDays: 30,
    pitrDays: 7,
    crossRegion: true,
    protect: true,
    natGateways: "perZone",
    // A year of logs covers audits and slow-burning incidents.
    logRetentionDays: 365,
    logLevel: "info",
    traceSampleRate: 0.1,
    rateLimitEnabled: true,
    externalApiCalls: true,
    cacheSnapshotRetentionDays: 7,
    noncurrentVersionExpiryDays: 90,
    softDeleteDays: 30,
  },
  staging: {
    haFloor: { minInstances: 1, databaseHighAvailability: false, cacheNodesPerShard: 1 },
    backupRetentionDays: 7,
    pitrDays: 7,
    crossRegion: false,
    protect: false,
    natGateways: "single",
    logRetentionDays: 30,
    logLevel: "debug",
    traceSampleRate: 0.5,
    // Load tests run against staging; rate limiting would throttle them.
    rateLimitEnabled: false,
    externalApiCalls: false,
    cacheSnapshotRetentionDays: 1,
    noncurrentVersionExpiryDays: 30,
    softDeleteDays: 7,
  },
};
