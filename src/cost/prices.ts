/**
 * The price table behind `npm run cost`.
 *
 * On-demand list prices in USD for us-east-1 (AWS) and us-central1 (GCP), 730 hours a month, with
 * free tiers, discounts, taxes and support ignored. Other regions differ (often by 5-30%). The
 * result is an estimate to compare stacks and tiers with each other, not a bill: traffic-driven
 * charges rest on the stated ASSUMPTIONS below, and a price missing here raises an error instead
 * of counting as zero. Update PRICES_AS_OF whenever an entry changes.
 */
export const PRICES_AS_OF = "2026-11-01";

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** Days in an average month of 730 hours, for log retention arithmetic. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface Price {
  readonly usd: number;
  /** What one `usd` buys: "h", "GB-month", "month", ... */
  readonly unit: string;
  readonly source: string;
}

const p = (usd: number, unit: string, source: string): Price => ({ usd, unit, source });

/** A resource asks for a SKU the table does not know; a new tier must be priced, not free. */
export class UnknownSkuError extends Error {
  override readonly name = "UnknownSkuError";
}

/** Looks a SKU up in one of the tables below; an unknown SKU throws with its name. */
export function priceOf<T>(table: Readonly<Record<string, T>>, what: string, sku: string): T {
  const price = table[sku];
  if (price === undefined) {
    throw new UnknownSkuError(
      `no price for ${what} "${sku}" in src/cost/prices.ts (as of ${PRICES_AS_OF}); ` +
        `known: ${Object.keys(table).join(", ")}`,
    );
  }
  return price;
}

const RDS = "Amazon RDS for PostgreSQL on-demand, us-east-1, Single-AZ (Multi-AZ bills 2x)";
const VALKEY = "ElastiCache for Valkey node-based on-demand, us-east-1 (20% below Redis OSS)";
const REDIS = "ElastiCache for Redis OSS node-based on-demand, us-east-1";

/** AWS RDS instance classes used by providers/aws/skus.ts AWS_SKUS.database, per instance-hour. */
export const RDS_INSTANCE: Readonly<Record<string, Price>> = {
  "db.t4g.large": p(0.129, "h", RDS),
  "db.r6i.xlarge": p(0.5, "h", RDS),
  "db.r6i.2xlarge": p(1.0, "h", RDS),
};

/** AWS ElastiCache node types used by AWS_SKUS.cache, per node-hour, keyed `engine:nodeType`. */
export const CACHE_NODE: Readonly<Record<string, Price>> = {
  "valkey:cache.t4g.small": p(0.0256, "h", VALKEY),
  "valkey:cache.r7g.large": p(0.1752, "h", VALKEY),
  "redis:cache.t4g.small": p(0.032, "h", REDIS),
  "redis:cache.r7g.large": p(0.219, "h", REDIS),
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

const FARGATE_SOURCE = "ECS Fargate on-demand, us-east-1";
/** Fargate per vCPU-hour and GB-hour, keyed `OS/architecture` as the task definition states it. */
export const FARGATE: Readonly<Record<string, { vcpu: Price; memory: Price }>> = {
  "LINUX/X86_64": {
    vcpu: p(0.04048, "vCPU-h", `${FARGATE_SOURCE}, Linux/x86`),
    memory: p(0.004445, "GB-h", `${FARGATE_SOURCE}, Linux/x86`),
  },
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
  aws: {
    rdsGp3: p(0.115, "GB-month", "RDS gp3 storage, us-east-1, Single-AZ (Multi-AZ bills 2x)"),
    rdsBackup: p(0.095, "GB-month", "RDS backup storage beyond the free 100% of provisioned"),
    albHour: p(0.0225, "h", "Application Load Balancer hour, us-east-1"),
    albLcu: p(0.008, "LCU-h", "Application Load Balancer LCU, us-east-1"),
    publicIpv4: p(0.005, "h", "public IPv4 address (Elastic IP, ALB node), all regions"),
    natHour: p(0.045, "h", "NAT gateway hour, us-east-1"),
    natData: p(0.045, "GB", "NAT gateway data processed, us-east-1"),
    interfaceEndpoint: p(0.01, "AZ-h", "VPC interface endpoint per AZ, us-east-1"),
    cloudFrontData: p(0.085, "GB", "CloudFront pay-as-you-go, US/EU, first 10 TB"),
    cloudFrontRequests: p(0.01, "10k HTTPS req", "CloudFront HTTPS requests, US/EU"),
    wafAcl: p(5.0, "month", "AWS WAF web ACL"),
    wafRule: p(1.0, "month", "AWS WAF rule or AWS-managed rule group (free groups)"),
    wafRequests: p(0.6, "1M req", "AWS WAF requests inspected"),
    alarmMetric: p(0.1, "metric-month", "CloudWatch alarm, standard resolution, per metric"),
    alarmHighRes: p(0.3, "metric-month", "CloudWatch alarm, high resolution (< 60 s period)"),
    dashboard: p(3.0, "month", "CloudWatch dashboard"),
    logsIngest: p(0.5, "GB", "CloudWatch Logs standard ingestion, us-east-1"),
    logsStorage: p(0.03, "GB-month", "CloudWatch Logs archive storage, us-east-1"),
    kmsKey: p(1.0, "month", "AWS KMS customer managed key (rotations add up to $2 more)"),
    secret: p(0.4, "month", "Secrets Manager per secret; each replica bills as a secret"),
    s3Standard: p(0.023, "GB-month", "S3 Standard, us-east-1, first 50 TB"),
    healthCheck: p(0.5, "month", "Route 53 health check, AWS endpoint"),
    healthCheckOption: p(1.0, "month", "Route 53 health check optional feature (HTTPS, latency)"),
    backupStorage: p(0.095, "GB-month", "AWS Backup RDS snapshot/continuous storage (approximate)"),
    registry: p(0.1, "GB-month", "Amazon ECR storage"),
  },
  gcp: {
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
  },
} as const;

/** Usage the resources do not state; each is shown in the line's basis. */
export const ASSUMPTIONS = {
  /** Average load balancer capacity units in use (ALB). */
  albLcus: 1,
  /** Internet-bound data through each NAT gateway (AWS) or Cloud NAT (GCP), per month. */
  natGb: 50,
  /** VM-equivalents Cloud NAT bills for (Cloud Run egress to public ranges bypasses it). */
  natVms: 2,
  /** Frontend CDN baseline: data out and requests per month. */
  cdnGb: 50,
  cdnRequests: 1_000_000,
  /** Requests inspected per month by each web ACL or security policy. */
  firewallRequests: 5_000_000,
  /** Data processed by the GCP load balancer per month. */
  lbGb: 100,
  /** Data stored in each bucket. */
  bucketGb: 50,
  /** Log ingestion per CloudWatch log group per month (AWS). */
  logGroupGb: 3,
  /** Log ingestion into each Cloud Logging bucket per month (GCP). */
  logBucketGib: 30,
  /** Backup footprint held in each AWS Backup vault. */
  backupVaultGb: 100,
  /** Images kept in each container registry. */
  registryGb: 5,
} as const;
