import type { RecordedResource } from "../../src/plan/harness";
import {
  free,
  list,
  num,
  plural,
  priced,
  qty,
  str,
  term,
  type CloudCost,
  type Priced,
  type Rule,
  type Term,
} from "../../src/cost/basis";
import {
  DAYS_PER_MONTH as DAYS,
  HOURS_PER_MONTH as H,
  SECONDS_PER_MONTH,
  UnknownSkuError,
  priceOf,
} from "../../src/cost/prices";
import {
  APP_SERVICE,
  ASSUMPTIONS as A,
  BLOB_HOT,
  FRONT_DOOR,
  LOG_ALERT,
  POSTGRES_COMPUTE,
  POSTGRES_STORAGE,
  PRICES as P,
  REDIS_BALANCED,
  REGISTRY,
  TABLE,
} from "./prices";

/** Log Analytics keeps ingested data 31 days at no charge; retention beyond it is billed. */
const INCLUDED_LOG_DAYS = 31;

/**
 * A Flexible Server: its compute and Premium SSD, both twice with a zone-redundant (or same-zone)
 * standby; backups beyond the free 100% of provisioned storage on the primary. A replica (read
 * replica or the DR copy) is a server of its own without a standby or backups.
 */
function postgres(r: RecordedResource): Priced {
  const sku = str(r, "sku.name");
  const compute = priceOf(TABLE, POSTGRES_COMPUTE, "PostgreSQL Flexible Server compute", sku);
  const storageType = str(r, "storage.type", "Premium_LRS");
  const disk = priceOf(TABLE, POSTGRES_STORAGE, "Flexible Server storage type", storageType);
  // Replicas state their size too: Azure creates them with at least their source's storage.
  const gb = num(r, "storage.storageSizeGB");
  const mode = str(r, "highAvailability.mode", "Disabled");
  const copies = mode === "Disabled" ? 1 : 2;
  const x = copies === 2 ? ` x2 (${mode} HA)` : "";
  const replica = r.inputs.createMode === "Replica";
  const where = replica ? ` (replica in ${str(r, "location")})` : "";
  const terms = [
    term(`${sku}${where}${x} x ${H} h`, copies * H, compute),
    term(`${gb} GB ${storageType}${x}`, copies * gb, disk),
  ];
  if (!replica) terms.push(...backups(r, gb));
  return priced(...terms);
}

function backups(r: RecordedResource, gb: number): Term[] {
  const days = num(r, "backup.backupRetentionDays", 7);
  const geo = str(r, "backup.geoRedundantBackup", "Disabled") === "Enabled";
  const beyond = gb * A.pgBackupDailyChange * days;
  const rate = geo ? P.pgGeoBackup : P.pgBackup;
  const text =
    `${qty(Math.round(beyond))} GB backups beyond the free ${gb} GB ` +
    `(assumed ${A.pgBackupDailyChange * 100}%/day x ${days} days${geo ? ", geo-redundant" : ""})`;
  return [term(text, beyond, rate)];
}

function redis(r: RecordedResource): Priced {
  const sku = str(r, "sku.name");
  const withHa = priceOf(TABLE, REDIS_BALANCED, "Azure Managed Redis SKU", sku);
  if (str(r, "highAvailability", "Enabled") === "Enabled") {
    return priced(term(`Managed Redis ${sku} with HA x ${H} h`, H, withHa));
  }
  const half = { ...withHa, usd: withHa.usd / 2, source: `${withHa.source}; half without HA` };
  return priced(term(`Managed Redis ${sku} without HA x ${H} h`, H, half));
}

function appServicePlan(r: RecordedResource): Priced {
  if (r.inputs.reserved !== true) {
    throw new UnknownSkuError(`no price for a Windows App Service plan (${r.name}; only Linux)`);
  }
  const sku = str(r, "sku.name");
  const instance = priceOf(TABLE, APP_SERVICE, "App Service plan size", sku);
  const n = num(r, "sku.capacity", 1);
  const text = `App Service ${sku} Linux x ${plural(n, "min instance")} x ${H} h`;
  return priced(term(text, n * H, instance));
}

function registry(r: RecordedResource): Priced {
  const sku = str(r, "sku.name");
  const rate = priceOf(TABLE, REGISTRY, "Container Registry SKU", sku);
  if (A.registryGb > rate.includedGb) {
    throw new Error(`cannot price ${r.name}: ${A.registryGb} GB exceeds the included storage`);
  }
  const text = `Container Registry ${sku} x ${qty(DAYS)} days (${A.registryGb} GB assumed, included)`;
  return priced(term(text, DAYS, rate));
}

function storageAccount(r: RecordedResource): Priced {
  const tier = str(r, "accessTier", "Hot");
  if (tier !== "Hot") throw new UnknownSkuError(`no price for storage access tier "${tier}"`);
  const sku = str(r, "sku.name");
  const rate = priceOf(TABLE, BLOB_HOT, "storage account redundancy", sku);
  const where = str(r, "location");
  return priced(term(`Blob ${sku} ${A.bucketGb} GB (assumed) in ${where}`, A.bucketGb, rate));
}

/** The edge: one profile carries the API and the frontend, so both traffic baselines meet here. */
function frontDoor(r: RecordedResource): Priced {
  const sku = str(r, "sku.name");
  const base = priceOf(TABLE, FRONT_DOOR, "Front Door profile SKU", sku);
  const requests = (A.cdnRequests + A.firewallRequests) / 1e4;
  const out = A.cdnGb + A.lbGb;
  return priced(
    term(`Front Door ${sku} base`, 1, base),
    term(`${qty(requests)} x 10k requests (assumed)`, requests, P.frontDoorRequests),
    term(`${out} GB to clients (assumed)`, out, P.frontDoorEgress),
    term(`${A.lbGb} GB from the API origin (assumed)`, A.lbGb, P.frontDoorOrigin),
  );
}

/** Premium's base fee includes the WAF (managed rule sets, bot manager, custom rules). */
function wafPolicy(r: RecordedResource): Priced {
  const sku = str(r, "sku.name");
  if (sku !== "Premium_AzureFrontDoor") {
    throw new UnknownSkuError(`no price for a Front Door WAF policy on "${sku}"`);
  }
  return free(`WAF, ${plural(list(r, "customRules.rules").length, "custom rule")}: included`);
}

function workspace(r: RecordedResource): Priced {
  const sku = str(r, "sku.name");
  if (sku !== "PerGB2018") throw new UnknownSkuError(`no price for Log Analytics SKU "${sku}"`);
  const days = num(r, "retentionInDays", INCLUDED_LOG_DAYS);
  const monthly = A.logGbPerDay * DAYS;
  const terms = [
    term(
      `Log Analytics ${A.logGbPerDay} GB/day (assumed, kept ${days} days)`,
      monthly,
      P.logIngest,
    ),
  ];
  if (days > INCLUDED_LOG_DAYS) {
    const kept = A.logGbPerDay * (days - INCLUDED_LOG_DAYS);
    const text = `${qty(Math.round(kept))} GB kept beyond ${INCLUDED_LOG_DAYS} days`;
    terms.push(term(text, kept, P.logRetention));
  }
  return priced(...terms);
}

function webTest(r: RecordedResource): Priced {
  if (str(r, "kind", "standard") !== "standard") {
    throw new UnknownSkuError(`no price for availability test kind "${str(r, "kind")}"`);
  }
  const locations = list(r, "locations").length;
  const runs = (locations * SECONDS_PER_MONTH) / num(r, "frequency", 300);
  const text = `${plural(locations, "location")} every ${num(r, "frequency", 300)} s: ${qty(runs)} runs`;
  return priced(term(text, runs, P.webTest));
}

/**
 * Metric alerts bill per time series they watch: one per criterion, and for an availability-test
 * alert one per test location (the availability metric is split by location).
 */
function metricAlert(r: RecordedResource, all: readonly RecordedResource[]): Priced {
  let series = list(r, "criteria.allOf").length;
  if (r.inputs.criteria !== undefined && str(r, "criteria.odataType", "").includes("Webtest")) {
    const tests = all.filter((t) => t.type === "azure-native:applicationinsights:WebTest");
    if (tests.length !== 1) throw new Error(`cannot price ${r.name}: which availability test?`);
    series = list(tests[0]!, "locations").length;
  }
  const text = `metric alert, ${qty(series)} time series`;
  return priced(term(text, series, P.metricAlert));
}

function logAlert(r: RecordedResource): Priced {
  const every = str(r, "evaluationFrequency");
  return priced(term("log alert rule", 1, priceOf(TABLE, LOG_ALERT, "log alert frequency", every)));
}

function job(r: RecordedResource): Priced {
  const containers = list(r, "template.containers") as {
    resources?: { cpu?: number; memory?: string };
  }[];
  const vcpu = containers.reduce((s, c) => s + (c.resources?.cpu ?? 0.5), 0);
  const gib = containers.reduce((s, c) => s + gibOf(c.resources?.memory ?? "1Gi"), 0);
  const secs = A.jobRuns * A.jobSeconds;
  const runs = `${A.jobRuns} runs x ${A.jobSeconds} s (assumed)`;
  return priced(
    term(`Container Apps job ${runs} x ${qty(vcpu)} vCPU`, secs * vcpu, P.jobVcpu),
    term(`${qty(gib)} GiB`, secs * gib, P.jobMemory),
  );
}

function gibOf(v: string): number {
  const m = /^(\d+(?:\.\d+)?)Gi$/.exec(v);
  if (m === null) throw new Error(`cannot read Container Apps memory "${v}"`);
  return Number(m[1]);
}

function environment(r: RecordedResource): Priced {
  const profiles = list(r, "workloadProfiles") as { workloadProfileType?: string }[];
  const dedicated = profiles.filter((w) => w.workloadProfileType !== "Consumption");
  if (dedicated.length > 0) {
    throw new UnknownSkuError(`no price for dedicated workload profiles (${r.name})`);
  }
  return free("Consumption profile only: no environment charge");
}

function vault(r: RecordedResource): Priced {
  const sku = str(r, "properties.sku.name");
  if (sku !== "standard") throw new UnknownSkuError(`no price for Key Vault SKU "${sku}"`);
  const ops = A.vaultOperations / 1e4;
  return priced(term(`${qty(ops)} x 10k operations (assumed)`, ops, P.vaultOperations));
}

/** Azure resource types that cost money, by type token. Everything else is free or usage-only. */
const RULES: Readonly<Record<string, Rule>> = {
  "azure-native:dbforpostgresql:Server": postgres,
  "azure-native:redisenterprise:RedisEnterprise": redis,
  "azure-native:web:AppServicePlan": appServicePlan,
  "azure-native:web:WebAppSlot": () => free("runs on the plan's instances"),
  "azure-native:containerregistry:Registry": registry,
  // Each geo-replica bills as one more Premium registry.
  "azure-native:containerregistry:Replication": (r) =>
    priced(
      term(
        `geo-replica in ${str(r, "location")} (Premium) x ${qty(DAYS)} days`,
        DAYS,
        priceOf(TABLE, REGISTRY, "Container Registry SKU", "Premium"),
      ),
    ),
  "azure-native:storage:StorageAccount": storageAccount,
  "azure-native:cdn:Profile": frontDoor,
  "azure-native:frontdoor:Policy": wafPolicy,
  "azure-native:operationalinsights:Workspace": workspace,
  "azure-native:applicationinsights:Component": (r) =>
    str(r, "ingestionMode", "") === "LogAnalytics"
      ? free("ingestion billed in the Log Analytics workspace")
      : undefined,
  "azure-native:applicationinsights:WebTest": webTest,
  "azure-native:monitor:MetricAlert": metricAlert,
  "azure-native:monitor:ScheduledQueryRule": logAlert,
  "azure-native:network:PrivateEndpoint": () =>
    priced(term(`private endpoint x ${H} h`, H, P.privateEndpoint)),
  "azure-native:privatedns:PrivateZone": () => priced(term("private DNS zone", 1, P.privateZone)),
  "azure-native:network:NatGateway": () =>
    priced(
      term(`NAT gateway x ${H} h`, H, P.natHour),
      term(`${A.natGb} GB processed (assumed)`, A.natGb, P.natData),
    ),
  "azure-native:network:PublicIPAddress": (r) => {
    const sku = str(r, "sku.name");
    if (sku !== "Standard") throw new UnknownSkuError(`no price for public IP SKU "${sku}"`);
    return priced(term(`Standard public IPv4 x ${H} h`, H, P.publicIp));
  },
  "azure-native:app:Job": job,
  "azure-native:app:ManagedEnvironment": environment,
  "azure-native:keyvault:Vault": vault,
};

/** Azure in `npm run cost`, through the registry (entry.ts), before Azure is selectable. */
export const cost: CloudCost = { table: TABLE, rules: RULES };
