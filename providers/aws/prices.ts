import { price as p, SHARED_ASSUMPTIONS, type Price, type PriceTable } from "../../src/cost/prices";

/**
 * AWS's price table behind `npm run cost`: on-demand list prices in USD for us-east-1, 730 hours
 * a month, free tiers, discounts, taxes and support left out. Resources in other regions (the DR
 * copies in drRegion) are priced at these rates too. Move `asOf` whenever an entry changes.
 */
export const TABLE: PriceTable = {
  owner: "aws",
  file: "providers/aws/prices.ts",
  region: "us-east-1",
  asOf: "2026-11-01",
};

const RDS = "Amazon RDS for PostgreSQL on-demand, us-east-1, Single-AZ (Multi-AZ bills 2x)";
const VALKEY = "ElastiCache for Valkey node-based on-demand, us-east-1 (20% below Redis OSS)";
const REDIS = "ElastiCache for Redis OSS node-based on-demand, us-east-1";

/** RDS instance classes used by skus.ts AWS_SKUS.database, per instance-hour. */
export const RDS_INSTANCE: Readonly<Record<string, Price>> = {
  "db.t4g.large": p(0.129, "h", RDS),
  "db.r6i.xlarge": p(0.5, "h", RDS),
  "db.r6i.2xlarge": p(1.0, "h", RDS),
};

/** ElastiCache node types used by AWS_SKUS.cache, per node-hour, keyed `engine:nodeType`. */
export const CACHE_NODE: Readonly<Record<string, Price>> = {
  "valkey:cache.t4g.small": p(0.0256, "h", VALKEY),
  "valkey:cache.r7g.large": p(0.1752, "h", VALKEY),
  "redis:cache.t4g.small": p(0.032, "h", REDIS),
  "redis:cache.r7g.large": p(0.219, "h", REDIS),
};

const FARGATE_SOURCE = "ECS Fargate on-demand, us-east-1";
/** Fargate per vCPU-hour and GB-hour, keyed `OS/architecture` as the task definition states it. */
export const FARGATE: Readonly<Record<string, { vcpu: Price; memory: Price }>> = {
  "LINUX/X86_64": {
    vcpu: p(0.04048, "vCPU-h", `${FARGATE_SOURCE}, Linux/x86`),
    memory: p(0.004445, "GB-h", `${FARGATE_SOURCE}, Linux/x86`),
  },
};

/** Everything else, by service. */
export const PRICES = {
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
} as const;

/** Usage the resources do not state; each is shown in the line's basis. */
export const ASSUMPTIONS = {
  ...SHARED_ASSUMPTIONS,
  /** Average load balancer capacity units in use (ALB). */
  albLcus: 1,
  /** Log ingestion per CloudWatch log group per month. */
  logGroupGb: 3,
  /** Backup footprint held in each AWS Backup vault. */
  backupVaultGb: 100,
} as const;
