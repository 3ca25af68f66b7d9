// What `npm run plan` shows of GCP resources: the settings a reviewer checks, with the units GCP
// takes them in. Read by the cloud-neutral renderer (src/plan/render.ts); no SDK import here.
import type { PlanView, Setting, Unit } from "../../src/plan/render";
import { inUnit } from "../../src/plan/render";

type Inputs = Record<string, unknown>;

const list = (v: unknown): Inputs[] => (Array.isArray(v) ? (v as Inputs[]) : []);
const obj = (v: unknown): Inputs =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Inputs) : {};

/** Cloud Monitoring metrics by the unit their values (and so a threshold) are in. */
const METRIC_UNITS: readonly [RegExp, Unit][] = [
  [/utilization|_ratio$|usage_ratio/, "ratio"],
  [/https\/total_latencies|backend_latencies|request_latencies/, "ms"],
  [/insights\/aggregate\/latencies/, "us"],
  [/replica_lag/, "s"],
];

/** One alert condition: its name, metric, comparison and threshold in the metric's unit. */
function condition(c: Inputs): string {
  const t = obj(c.conditionThreshold);
  const filter = String(t.filter ?? "");
  const metric = /metric\.type="([^"]+)"/.exec(filter)?.[1] ?? filter.split("(")[0] ?? "?";
  // A condition with a denominator compares a ratio of two metrics, whatever their unit.
  const ratio = t.denominatorFilter !== undefined;
  const unit = ratio ? "ratio" : METRIC_UNITS.find(([re]) => re.test(metric))?.[1];
  const ratioOf = ratio ? " (ratio)" : "";
  const threshold =
    unit === undefined
      ? String(t.thresholdValue)
      : inUnit(t.thresholdValue, unit, unit === "us" ? "ms" : unit);
  const op = String(t.comparison ?? "").replace("COMPARISON_", "");
  const name = typeof c.displayName === "string" ? `${c.displayName}: ` : "";
  return `${name}${metric}${ratioOf} ${op} ${threshold} for ${String(t.duration ?? "0s")}`;
}

function armorRule(r: Inputs): string {
  const rate = obj(r.rateLimitOptions);
  const threshold = obj(rate.rateLimitThreshold);
  const what =
    threshold.count !== undefined
      ? `rate limit ${String(threshold.count)} requests per ${String(threshold.intervalSec)} s per ` +
        `${String(rate.enforceOnKey ?? "ALL")}, then ${String(rate.exceedAction)}` +
        (rate.banDurationSec === undefined ? "" : ` (ban ${String(rate.banDurationSec)} s)`)
      : String(obj(obj(r.match).expr).expression ?? r.description ?? "default");
  return `${String(r.priority)} ${String(r.action)}${r.preview === true ? " (preview)" : ""}: ${what}`;
}

function envOf(c: Inputs): string[] {
  return list(c.envs).map((e) => {
    const ref = obj(obj(e.valueSource).secretKeyRef);
    return ref.secret === undefined
      ? `${String(e.name)}=${JSON.stringify(e.value ?? "")}`
      : `${String(e.name)} from ${String(ref.secret)} version ${String(ref.version)}`;
  });
}

/** Containers of a Cloud Run service (`template.containers`) or job (`template.template.containers`). */
const containersOf = (i: Inputs): Inputs[] => {
  const template = obj(i.template);
  return list(template.containers ?? obj(template.template).containers);
};

const container: Setting[] = [
  { label: "image", read: (i) => containersOf(i).map((c) => c.image) },
  {
    label: "command",
    read: (i) =>
      containersOf(i).flatMap((c) =>
        c.commands || c.args ? [JSON.stringify([...list(c.commands), ...list(c.args)])] : [],
      ),
  },
  { label: "env", read: (i) => containersOf(i).flatMap(envOf) },
];

export const planView: PlanView = {
  packages: ["gcp"],
  regionInputs: ["region", "location"],
  common: [
    "ipCidrRange",
    "databaseVersion",
    "tier",
    "memorySizeGb",
    "redisVersion",
    "replicaCount",
    "readReplicasMode",
    "transitEncryptionMode",
    "location",
    "storageClass",
    "rpo",
    "uniformBucketLevelAccess",
    "publicAccessPrevention",
    "deletionProtection",
    "ingress",
    "profile",
    "minTlsVersion",
    "loadBalancingScheme",
    "enableCdn",
    "format",
    "displayName",
    "protocol",
    "port",
  ],
  types: {
    "gcp:sql/databaseInstance:DatabaseInstance": [
      "settings.tier",
      "settings.availabilityType",
      "settings.edition",
      "settings.ipConfiguration.ipv4Enabled",
      "settings.ipConfiguration.sslMode",
      "masterInstanceName",
      { path: "settings.diskSize", unit: "GB" },
      { path: "settings.diskAutoresizeLimit", unit: "GB" },
      { label: "backups", path: "settings.backupConfiguration.enabled" },
      {
        label: "pointInTimeRecovery",
        path: "settings.backupConfiguration.pointInTimeRecoveryEnabled",
      },
      { label: "backupLocation", path: "settings.backupConfiguration.location" },
      "settings.backupConfiguration.backupRetentionSettings.retainedBackups",
      {
        label: "transactionLogRetentionDays",
        path: "settings.backupConfiguration.transactionLogRetentionDays",
        unit: "days",
      },
      { label: "backupStartTime", path: "settings.backupConfiguration.startTime" },
    ],
    "gcp:redis/instance:Instance": [
      { label: "persistence", path: "persistenceConfig.persistenceMode" },
      { label: "snapshotPeriod", path: "persistenceConfig.rdbSnapshotPeriod" },
    ],
    "gcp:storage/bucket:Bucket": [
      { label: "dataLocations", path: "customPlacementConfig.dataLocations" },
      { label: "versioning", path: "versioning.enabled" },
      {
        label: "softDeleteRetention",
        path: "softDeletePolicy.retentionDurationSeconds",
        unit: "s",
        show: "days",
      },
    ],
    "gcp:secretmanager/secret:Secret": [
      {
        label: "replicaLocations",
        read: (i) => list(obj(obj(i.replication).userManaged).replicas).map((r) => r.location),
      },
    ],
    "gcp:compute/securityPolicy:SecurityPolicy": [
      {
        label: "layer7DdosDefense",
        path: "adaptiveProtectionConfig.layer7DdosDefenseConfig.enable",
      },
      { label: "rules", read: (i) => list(i.rules).map(armorRule) },
    ],
    "gcp:cloudrunv2/service:Service": [
      ...container,
      "template.scaling.minInstanceCount",
      "template.scaling.maxInstanceCount",
      { label: "cpu", path: "template.containers.resources.limits.cpu" },
      { label: "memory", path: "template.containers.resources.limits.memory" },
      { label: "startupProbe", path: "template.containers.startupProbe.httpGet.path" },
      {
        label: "traffic",
        read: (i) =>
          list(i.traffics).map(
            (t) => `${String(t.percent)}% to ${String(t.revision ?? t.type ?? "?")}`,
          ),
      },
    ],
    "gcp:cloudrunv2/job:Job": [
      ...container,
      { label: "maxRetries", path: "template.template.maxRetries" },
      { label: "timeout", path: "template.template.timeout" },
    ],
    "gcp:monitoring/alertPolicy:AlertPolicy": [
      { label: "conditions", read: (i) => list(i.conditions).map(condition) },
    ],
    "gcp:monitoring/slo:Slo": [
      { path: "goal", unit: "ratio" },
      { path: "rollingPeriodDays", unit: "days" },
    ],
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": [
      { label: "path", path: "httpCheck.path" },
      "period",
      "timeout",
    ],
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": [
      { path: "retentionDays", unit: "days" },
    ],
    "gcp:artifactregistry/repository:Repository": [
      { label: "immutableTags", path: "dockerConfig.immutableTags" },
    ],
  },
};
