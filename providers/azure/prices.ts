import { price as p, SHARED_ASSUMPTIONS, type Price, type PriceTable } from "../../src/cost/prices";

/**
 * Azure's price table behind `npm run cost`: pay-as-you-go list prices in USD for eastus, 730
 * hours a month, free grants (the first 5 GB of logs, Container Apps' monthly allowance),
 * reservations, savings plans and taxes left out. Resources in drRegion are priced at these
 * rates too. Entries marked "approximate" are the published list price as last read, rounded:
 * check the Azure pricing page (or the Retail Prices API) before relying on one. Move `asOf`
 * whenever an entry changes.
 */
export const TABLE: PriceTable = {
  owner: "azure",
  file: "providers/azure/prices.ts",
  region: "eastus",
  asOf: "2026-11-30",
};

const PG = "Azure Database for PostgreSQL Flexible Server, eastus, per server-hour";
/**
 * Flexible Server compute by SKU, for the sizes skus.ts postgresSku gives the tiers. A
 * zone-redundant standby bills the same compute and storage again; a read replica is a server
 * of its own.
 */
export const POSTGRES_COMPUTE: Readonly<Record<string, Price>> = {
  Standard_B2ms: p(0.068, "h", `${PG}, Burstable 2 vCore`),
  Standard_D2ds_v5: p(0.178, "h", `${PG}, General Purpose 2 vCore (approximate)`),
  Standard_E4ds_v5: p(0.505, "h", `${PG}, Memory Optimized 4 vCore (approximate)`),
  Standard_E8ds_v5: p(1.01, "h", `${PG}, Memory Optimized 8 vCore (approximate)`),
};

/** Flexible Server storage by type; only Premium SSD (v1) is created. */
export const POSTGRES_STORAGE: Readonly<Record<string, Price>> = {
  Premium_LRS: p(0.115, "GB-month", "Flexible Server Premium SSD storage, eastus"),
};

const REDIS = "Azure Managed Redis Balanced, eastus, with high availability (approximate)";
/**
 * Azure Managed Redis Balanced by SKU, per instance-hour with high availability on: the price
 * covers the primary and its replica (Azure shards inside the instance on its own). Without
 * high availability Azure bills half.
 */
export const REDIS_BALANCED: Readonly<Record<string, Price>> = {
  Balanced_B1: p(0.063, "h", REDIS),
  Balanced_B5: p(0.25, "h", REDIS),
  Balanced_B50: p(2.4, "h", REDIS),
};

const APP = "App Service Premium v3, Linux, eastus, per instance-hour";
/** App Service plan sizes (skus.ts APP_SERVICE_SKUS); Windows plans bill more and are refused. */
export const APP_SERVICE: Readonly<Record<string, Price>> = {
  P0v3: p(0.0775, "h", `${APP} (approximate)`),
  P1v3: p(0.155, "h", `${APP} (approximate)`),
  P2v3: p(0.31, "h", `${APP} (approximate)`),
  P3v3: p(0.62, "h", `${APP} (approximate)`),
};

const ACR = "Azure Container Registry, per registry-day, storage included";
/** Container Registry by SKU; included storage: Basic 10 GB, Standard 100 GB, Premium 500 GB. */
export const REGISTRY: Readonly<Record<string, Price & { includedGb: number }>> = {
  Basic: { ...p(0.1667, "day", ACR), includedGb: 10 },
  Standard: { ...p(0.6667, "day", ACR), includedGb: 100 },
  Premium: { ...p(1.6667, "day", ACR), includedGb: 500 },
};

const BLOB = "Blob Storage, Hot tier, first 50 TB, eastus (approximate)";
/** Storage account redundancy (the account's SKU), Hot tier, per GB stored. */
export const BLOB_HOT: Readonly<Record<string, Price>> = {
  Standard_LRS: p(0.0208, "GB-month", BLOB),
  Standard_ZRS: p(0.026, "GB-month", BLOB),
  Standard_RAGZRS: p(0.0585, "GB-month", BLOB),
};

/** Front Door profile base fee by SKU; Premium includes the WAF and private-link origins. */
export const FRONT_DOOR: Readonly<Record<string, Price>> = {
  Premium_AzureFrontDoor: p(330, "month", "Azure Front Door Premium base fee"),
  Standard_AzureFrontDoor: p(35, "month", "Azure Front Door Standard base fee"),
};

/** Log alert rules, by how often they run (`evaluationFrequency`), per rule-month. */
export const LOG_ALERT: Readonly<Record<string, Price>> = {
  PT1M: p(3.0, "rule-month", "Azure Monitor log alert every minute (approximate)"),
  PT5M: p(1.5, "rule-month", "Azure Monitor log alert every 5 minutes"),
  PT10M: p(1.0, "rule-month", "Azure Monitor log alert every 10 minutes"),
  PT15M: p(0.5, "rule-month", "Azure Monitor log alert every 15 minutes"),
};

/** Everything else, by service. */
export const PRICES = {
  pgBackup: p(0.095, "GB-month", "Flexible Server backup storage beyond the free 100%, LRS"),
  pgGeoBackup: p(0.2, "GB-month", "Flexible Server geo-redundant backup storage (approximate)"),
  frontDoorRequests: p(0.01, "10k req", "Front Door Premium requests, zone 1 (approximate)"),
  frontDoorEgress: p(0.083, "GB", "Front Door data transfer edge to client, zone 1, first 10 TB"),
  frontDoorOrigin: p(0.02, "GB", "Front Door data transfer origin to edge, zone 1"),
  logIngest: p(2.3, "GB", "Log Analytics Analytics Logs pay-as-you-go, eastus (approximate)"),
  logRetention: p(0.1, "GB-month", "Log Analytics retention beyond the included 31 days"),
  webTest: p(0.0012, "run", "Application Insights standard availability test (approximate)"),
  metricAlert: p(0.1, "series-month", "Azure Monitor metric alert, per time series monitored"),
  privateEndpoint: p(0.01, "h", "Private Link private endpoint (data processed left out)"),
  privateZone: p(0.5, "zone-month", "Azure Private DNS zone, first 25 (queries left out)"),
  natHour: p(0.045, "h", "NAT gateway hour, eastus"),
  natData: p(0.045, "GB", "NAT gateway data processed, eastus"),
  publicIp: p(0.005, "h", "Standard static public IPv4 address"),
  jobVcpu: p(0.000024, "vCPU-s", "Container Apps consumption, active, eastus"),
  jobMemory: p(0.000003, "GiB-s", "Container Apps consumption, active, eastus"),
  vaultOperations: p(0.03, "10k ops", "Key Vault Standard secret operations"),
} as const;

/** Usage the resources do not state; each is shown in the line's basis. */
export const ASSUMPTIONS = {
  ...SHARED_ASSUMPTIONS,
  /**
   * Backups kept beyond the free 100% of provisioned storage, as a share of provisioned storage
   * per retained day (the changed blocks and WAL of a day).
   */
  pgBackupDailyChange: 0.02,
  /** Log ingestion into the Log Analytics workspace (diagnostics, app and Front Door logs). */
  logGbPerDay: 1,
  /** Migration job runs per month (one a deploy) and how long each takes. */
  jobRuns: 30,
  jobSeconds: 300,
  /** Key Vault operations per month (Key Vault references are cached by App Service). */
  vaultOperations: 100_000,
} as const;
