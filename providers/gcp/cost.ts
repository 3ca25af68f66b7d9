import type { RecordedResource } from "../../src/plan/harness";
import {
  firewallPolicy,
  at,
  free,
  list,
  plural,
  num,
  ofType,
  priced,
  qty,
  str,
  term,
  type CloudCost,
  type Priced,
  type Rule,
} from "../../src/cost/basis";
import {
  DAYS_PER_MONTH,
  HOURS_PER_MONTH as H,
  SECONDS_PER_MONTH,
  UnknownSkuError,
  priceOf,
} from "../../src/cost/prices";
import {
  ASSUMPTIONS as A,
  CLOUD_SQL_DISK,
  CLOUD_SQL_EDITION,
  MEMORYSTORE_BANDS,
  MEMORYSTORE_SOURCE,
  PRICES as P,
  TABLE,
} from "./prices";

/** `db-custom-<vCPU>-<MiB>` names its shape; shared-core and other families are not priced. */
export function cloudSqlShape(tier: string): { vcpu: number; memoryGb: number } {
  const m = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  if (m === null) {
    throw new UnknownSkuError(
      `no price for Cloud SQL tier "${tier}" (only db-custom-<vCPU>-<MiB>)`,
    );
  }
  return { vcpu: Number(m[1]), memoryGb: Number(m[2]) / 1024 };
}

function sqlInstance(r: RecordedResource): Priced {
  const tier = str(r, "settings.tier");
  const { vcpu, memoryGb } = cloudSqlShape(tier);
  const edition = priceOf(
    TABLE,
    CLOUD_SQL_EDITION,
    "Cloud SQL edition",
    str(r, "settings.edition", "ENTERPRISE"),
  );
  const diskType = str(r, "settings.diskType", "PD_SSD");
  const disk = priceOf(TABLE, CLOUD_SQL_DISK, "Cloud SQL disk type", diskType);
  const gb = num(r, "settings.diskSize", 10);
  const copies = str(r, "settings.availabilityType", "ZONAL") === "REGIONAL" ? 2 : 1;
  const x = copies === 2 ? " x2 (REGIONAL)" : "";
  const terms = [
    term(`Cloud SQL ${tier}: ${vcpu} vCPU${x} x ${H} h`, vcpu * copies * H, edition.vcpu),
    term(`${qty(memoryGb)} GB${x} x ${H} h`, memoryGb * copies * H, edition.memory),
    term(`${gb} GB ${diskType}${x}`, gb * copies, disk),
  ];
  if (at(r.inputs, "settings.backupConfiguration.enabled") === true) {
    terms.push(term(`${gb} GB backups (assumed = disk)`, gb, P.sqlBackup));
  }
  return priced(...terms);
}

function memorystore(r: RecordedResource): Priced {
  const tier = str(r, "tier", "BASIC");
  if (tier !== "BASIC" && tier !== "STANDARD_HA") {
    throw new UnknownSkuError(`no price for Memorystore tier "${tier}"`);
  }
  const gb = num(r, "memorySizeGb");
  const band = MEMORYSTORE_BANDS.find((b) => gb <= b.maxGb);
  if (band === undefined) throw new UnknownSkuError(`no price for Memorystore size ${gb} GB`);
  const rate = { usd: band[tier], unit: "GB-h", source: MEMORYSTORE_SOURCE };
  const terms = [term(`Memorystore ${tier} ${gb} GB (${band.band}) x ${H} h`, gb * H, rate)];
  // STANDARD_HA's price covers one replica; read replicas beyond it are extra nodes.
  const extra = tier === "STANDARD_HA" ? Math.max(0, num(r, "replicaCount", 1) - 1) : 0;
  if (extra > 0) {
    const half = { ...rate, usd: rate.usd / 2 };
    terms.push(term(`${plural(extra, "more replica")} x ${gb} GB x ${H} h`, extra * gb * H, half));
  }
  return priced(...terms);
}

/** Cloud Run quantities: "1", "2000m"; "512Mi", "2Gi", "1G". */
export function runCpu(v: string): number {
  return v.endsWith("m") ? Number(v.slice(0, -1)) / 1000 : Number(v);
}
export function runMemoryGib(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)$/.exec(v);
  if (m === null) throw new Error(`cannot read Cloud Run memory "${v}"`);
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === "Gi") return n;
  if (unit === "Mi") return n / 1024;
  return unit === "G" ? (n * 1e9) / 2 ** 30 : (n * 1e6) / 2 ** 30;
}

function cloudRun(r: RecordedResource): Priced {
  const min = num(r, "template.scaling.minInstanceCount", 0);
  if (min === 0) return free("scales to zero; request-time usage not estimated");
  const containers = list(r, "template.containers") as {
    resources?: { cpuIdle?: boolean; limits?: { cpu?: string; memory?: string } };
  }[];
  // Cloud Run's defaults when a container states no limits: 1 vCPU, 512 MiB.
  const vcpu = containers.reduce((s, c) => s + runCpu(c.resources?.limits?.cpu ?? "1"), 0);
  const gib = containers.reduce(
    (s, c) => s + runMemoryGib(c.resources?.limits?.memory ?? "512Mi"),
    0,
  );
  const allocated = containers.some((c) => c.resources?.cpuIdle === false);
  const [cpuRate, memRate, how] = allocated
    ? [P.runVcpu, P.runMemory, "always allocated"]
    : [P.runIdleVcpu, P.runIdleMemory, "idle"];
  const secs = qty(SECONDS_PER_MONTH);
  return priced(
    term(
      `Cloud Run ${plural(min, "min instance")} (${how}) x ${qty(vcpu)} vCPU x ${secs} s`,
      min * vcpu * SECONDS_PER_MONTH,
      cpuRate,
    ),
    term(`${min} x ${qty(gib)} GiB x ${secs} s`, min * gib * SECONDS_PER_MONTH, memRate),
  );
}

function forwardingRule(r: RecordedResource, all: readonly RecordedResource[]): Priced {
  const index = ofType(all, r.type).indexOf(r);
  if (index === 0) {
    return priced(
      term(`forwarding rules (first 5) x ${H} h`, H, P.ruleFirst5),
      term(`${A.lbGb} GB processed (assumed)`, A.lbGb, P.lbData),
    );
  }
  return index < 5
    ? free("included in the first-5-rules charge")
    : priced(term(`forwarding rule x ${H} h`, H, P.ruleExtra));
}

function bucket(r: RecordedResource): Priced {
  const cls = str(r, "storageClass", "STANDARD");
  if (cls !== "STANDARD") throw new UnknownSkuError(`no price for Cloud Storage class "${cls}"`);
  const location = str(r, "location").toUpperCase();
  const price =
    r.inputs.customPlacementConfig !== undefined || ["NAM4", "EUR4", "ASIA1"].includes(location)
      ? P.gcsDualRegion
      : ["US", "EU", "ASIA"].includes(location)
        ? P.gcsMultiRegion
        : P.gcsRegion;
  return priced(term(`Cloud Storage ${A.bucketGb} GB (assumed) in ${location}`, A.bucketGb, price));
}

function logBucket(r: RecordedResource): Priced {
  const days = num(r, "retentionDays", 30);
  const ingest = `Cloud Logging ${A.logBucketGib} GiB/month ingested (assumed, kept ${days} days)`;
  const terms = [term(ingest, A.logBucketGib, P.logsIngest)];
  // Ingestion includes 30 days; only the volume kept longer pays retention.
  if (days > 30) {
    const beyond = (A.logBucketGib * (days - 30)) / DAYS_PER_MONTH;
    terms.push(term(`${qty(Math.round(beyond))} GiB kept beyond 30 days`, beyond, P.logsRetention));
  }
  return priced(...terms);
}

function secret(r: RecordedResource): Priced {
  const replicas = list(r, "replication.userManaged.replicas").length;
  const locations = Math.max(1, replicas);
  return priced(
    term(
      `Secret Manager: 1 version x ${plural(locations, "location")}`,
      locations,
      P.secretVersion,
    ),
  );
}

function armor(r: RecordedResource): Priced {
  return firewallPolicy("Cloud Armor policy", list(r, "rules").length, {
    policy: P.armorPolicy,
    rule: P.armorRule,
    requests: P.armorRequests,
  });
}

function cdn(r: RecordedResource): Priced | undefined {
  if (r.inputs.enableCdn !== true) return undefined;
  const lookups = A.cdnRequests / 1e4;
  return priced(
    term(`Cloud CDN ${A.cdnGb} GB out (assumed)`, A.cdnGb, P.cdnData),
    term(`${qty(lookups)} x 10k lookups (assumed)`, lookups, P.cdnLookups),
  );
}

/** GCP resource types that cost money, by type token. Everything else is free or usage-only. */
const RULES: Readonly<Record<string, Rule>> = {
  "gcp:sql/databaseInstance:DatabaseInstance": sqlInstance,
  "gcp:redis/instance:Instance": memorystore,
  "gcp:cloudrunv2/service:Service": cloudRun,
  "gcp:compute/globalForwardingRule:GlobalForwardingRule": forwardingRule,
  "gcp:compute/routerNat:RouterNat": () =>
    priced(
      term(`Cloud NAT ${A.natVms} VMs (assumed) x ${H} h`, A.natVms * H, P.natVm),
      term(`${A.natGb} GB processed (assumed)`, A.natGb, P.natData),
    ),
  "gcp:compute/securityPolicy:SecurityPolicy": armor,
  "gcp:compute/backendBucket:BackendBucket": cdn,
  "gcp:compute/backendService:BackendService": cdn,
  "gcp:storage/bucket:Bucket": bucket,
  "gcp:secretmanager/secret:Secret": secret,
  "gcp:logging/projectBucketConfig:ProjectBucketConfig": logBucket,
  "gcp:monitoring/alertPolicy:AlertPolicy": (r) => {
    const n = list(r, "conditions").length;
    return priced(term(`alert policy, ${plural(n, "condition")}`, n, P.alertCondition));
  },
  "gcp:artifactregistry/repository:Repository": () =>
    priced(term(`Artifact Registry ${A.registryGb} GB (assumed)`, A.registryGb, P.registry)),
};

/** GCP in `npm run cost`, through the registry (entry.ts). */
export const cost: CloudCost = { table: TABLE, rules: RULES };
