import { price as p, SHARED_ASSUMPTIONS, type Price, type PriceTable } from "../../src/cost/prices";

/**
 * GCP's price table behind `npm run cost`: on-demand list prices in USD for us-central1, 730
 * hours a month, free tiers, committed-use discounts, taxes and support left out. Resources in
 * other regions (the DR copies in drRegion) are priced at these rates too. Move `asOf` whenever
 * an entry changes.
 */
export const TABLE: PriceTable = {
  owner: "gcp",
  file: "providers/gcp/prices.ts",
  region: "us-central1",
  asOf: "2026-11-01",
};

/** Cloud SQL editions with per-resource pricing; REGIONAL (HA) bills 2x vCPU, memory and disk. */
export const CLOUD_SQL_EDITION: Readonly<Record<string, { vcpu: Price; memory: Price }>> = {
  ENTERPRISE: {
    vcpu: p(0.0413, "vCPU-h", "Cloud SQL for PostgreSQL Enterprise, us-central1, zonal"),
    memory: p(0.007, "GB-h", "Cloud SQL for PostgreSQL Enterprise, us-central1, zonal"),
  },
};

const CSQL_DISK = "Cloud SQL storage, us-central1, zonal (REGIONAL bills 2x)";
export const CLOUD_SQL_DISK: Readonly<Record<string, Price>> = {
  PD_SSD: p(0.17, "GB-month", CSQL_DISK),
  PD_HDD: p(0.09, "GB-month", CSQL_DISK),
};

/** Memorystore for Redis capacity bands (GB): price per GB-hour falls as the instance grows. */
export interface MemorystoreBand {
  readonly band: string;
  readonly maxGb: number;
  readonly BASIC: number;
  readonly STANDARD_HA: number;
}
export const MEMORYSTORE_BANDS: readonly MemorystoreBand[] = [
  { band: "M1", maxGb: 4, BASIC: 0.049, STANDARD_HA: 0.064 },
  { band: "M2", maxGb: 10, BASIC: 0.027, STANDARD_HA: 0.054 },
  { band: "M3", maxGb: 35, BASIC: 0.023, STANDARD_HA: 0.046 },
  { band: "M4", maxGb: 100, BASIC: 0.019, STANDARD_HA: 0.035 },
  { band: "M5", maxGb: 300, BASIC: 0.016, STANDARD_HA: 0.023 },
];
export const MEMORYSTORE_SOURCE =
  "Memorystore for Redis, us-central1, per GB-hour by capacity band; STANDARD_HA covers the " +
  "primary and one replica, each further read replica is approximated at half the STANDARD_HA rate";

/** Everything else, by service. */
export const PRICES = {
  sqlBackup: p(0.08, "GB-month", "Cloud SQL backup storage, us-central1"),
  runVcpu: p(0.000018, "vCPU-s", "Cloud Run instance-based (CPU always allocated), tier 1"),
  runMemory: p(0.000002, "GiB-s", "Cloud Run instance-based (CPU always allocated), tier 1"),
  runIdleVcpu: p(0.0000025, "vCPU-s", "Cloud Run idle min instance, request-based, tier 1"),
  runIdleMemory: p(0.0000025, "GiB-s", "Cloud Run idle min instance, request-based, tier 1"),
  ruleFirst5: p(0.025, "h", "global LB forwarding rules: one charge covers the first 5"),
  ruleExtra: p(0.01, "h", "global LB forwarding rule beyond the first 5"),
  lbData: p(0.008, "GB", "external Application Load Balancer data processed"),
  natVm: p(0.0014, "VM-h", "Cloud NAT gateway per VM-hour (approximate; capped at 32 VMs)"),
  natData: p(0.045, "GB", "Cloud NAT data processed"),
  armorPolicy: p(5.0, "month", "Cloud Armor Standard policy"),
  armorRule: p(1.0, "month", "Cloud Armor Standard rule"),
  armorRequests: p(0.75, "1M req", "Cloud Armor Standard requests"),
  cdnData: p(0.08, "GB", "Cloud CDN cache egress, North America, first 10 TB"),
  cdnLookups: p(0.0075, "10k req", "Cloud CDN cache lookups"),
  gcsRegion: p(0.02, "GB-month", "Cloud Storage Standard, us-central1"),
  gcsDualRegion: p(0.022, "GB-month", "Cloud Storage Standard, dual-region (approximate)"),
  gcsMultiRegion: p(0.026, "GB-month", "Cloud Storage Standard, US multi-region"),
  secretVersion: p(0.06, "version-location-month", "Secret Manager active secret version"),
  logsIngest: p(0.5, "GiB", "Cloud Logging storage (includes 30 days)"),
  logsRetention: p(0.01, "GiB-month", "Cloud Logging retention beyond 30 days"),
  alertCondition: p(0.1, "condition-month", "Cloud Monitoring alerting (approximate)"),
  registry: p(0.1, "GB-month", "Artifact Registry storage"),
} as const;

/** Usage the resources do not state; each is shown in the line's basis. */
export const ASSUMPTIONS = {
  ...SHARED_ASSUMPTIONS,
  /** VM-equivalents Cloud NAT bills for (Cloud Run egress to public ranges bypasses it). */
  natVms: 2,
  /** Log ingestion into each Cloud Logging bucket per month. */
  logBucketGib: 30,
} as const;
