import type { RecordedResource } from "../../src/plan/harness";
import { one, type CloudReader } from "../support/contract";
import { at, ofType } from "../support/stack";

/** How the contract suite reads the platform's promises off GCP resources. */
const sqlPrimary = (rs: readonly RecordedResource[]) =>
  one(rs, "gcp:sql/databaseInstance:DatabaseInstance", (r) => !r.inputs.masterInstanceName);
const runContainer = (rs: readonly RecordedResource[]) =>
  at(one(rs, "gcp:cloudrunv2/service:Service").inputs, "template.containers.0");

export const reader: CloudReader = {
  stateful: [
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:redis/instance:Instance",
    "gcp:storage/bucket:Bucket",
    "gcp:secretmanager/secret:Secret",
    "gcp:artifactregistry/repository:Repository",
  ],
  databaseHighAvailability: (rs) =>
    at(sqlPrimary(rs).inputs, "settings.availabilityType") === "REGIONAL",
  databaseReplicas: (rs) =>
    ofType(rs, "gcp:sql/databaseInstance:DatabaseInstance").filter(
      (r) => r.inputs.masterInstanceName,
    ).length,
  databaseBackupDays: (rs) =>
    at(
      sqlPrimary(rs).inputs,
      "settings.backupConfiguration.backupRetentionSettings.retainedBackups",
    ) as number,
  databaseDeletionProtection: (rs) =>
    sqlPrimary(rs).inputs.deletionProtection === true &&
    at(sqlPrimary(rs).inputs, "settings.deletionProtectionEnabled") === true,
  databaseRequiresTls: (rs) =>
    at(sqlPrimary(rs).inputs, "settings.ipConfiguration.sslMode") === "ENCRYPTED_ONLY",
  databasePublic: (rs) =>
    ofType(rs, "gcp:sql/databaseInstance:DatabaseInstance").some(
      (r) => at(r.inputs, "settings.ipConfiguration.ipv4Enabled") !== false,
    ),
  cacheFailover: (rs) => one(rs, "gcp:redis/instance:Instance").inputs.tier === "STANDARD_HA",
  cacheTlsAndAuth: (rs) => {
    const r = one(rs, "gcp:redis/instance:Instance").inputs;
    return r.authEnabled === true && r.transitEncryptionMode === "SERVER_AUTHENTICATION";
  },
  apiInstances: (rs) => {
    const s = one(rs, "gcp:cloudrunv2/service:Service").inputs;
    return {
      min: at(s, "template.scaling.minInstanceCount") as number,
      max: at(s, "template.scaling.maxInstanceCount") as number,
    };
  },
  apiPlainEnv: (rs) =>
    (runContainer(rs).envs as { name: string; value?: string }[])
      .filter((e) => e.value !== undefined)
      .map((e) => e.name),
  apiSecretEnv: (rs) =>
    (runContainer(rs).envs as { name: string; valueSource?: unknown }[])
      .filter((e) => at(e, "valueSource.secretKeyRef.secret"))
      .map((e) => e.name),
  alertThresholds: (rs) => {
    const policies = ofType(rs, "gcp:monitoring/alertPolicy:AlertPolicy").filter(
      (p) => (p.inputs.notificationChannels as unknown[] | undefined)?.length,
    );
    const thresholds = (metric: string) =>
      policies.flatMap((p) =>
        (p.inputs.conditions as unknown[])
          .map((c) => at(c, "conditionThreshold"))
          .filter((t) => String(t?.filter).includes(metric))
          .map((t) => t.thresholdValue as number),
      );
    return {
      latencyMs: thresholds("https/backend_latencies"),
      errorPercent: thresholds("https/request_count").map((r) => r * 100),
      // Query Insights reports microseconds.
      dbLatencyMs: thresholds("insights/aggregate/latencies").map((us) => us / 1000),
      cacheHitPercent: thresholds("cache_hit_ratio").map((r) => r * 100),
    };
  },
  availabilityProbe: (rs) =>
    at(one(rs, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig").inputs, "httpCheck.path") ===
      "/health" && one(rs, "gcp:monitoring/slo:Slo").inputs.goal === 0.9995,
  logRetentionDays: (rs) =>
    ofType(rs, "gcp:logging/projectBucketConfig:ProjectBucketConfig").map(
      (b) => b.inputs.retentionDays as number,
    ),
  silentAlarms: (rs) =>
    ofType(rs, "gcp:monitoring/alertPolicy:AlertPolicy")
      .filter((p) => !((p.inputs.notificationChannels as unknown[] | undefined) ?? []).length)
      .map((p) => p.name),
  wafRateLimit: (rs) =>
    ((one(rs, "gcp:compute/securityPolicy:SecurityPolicy").inputs.rules as unknown[]) ?? []).some(
      (r) => at(r, "rateLimitOptions") !== undefined,
    ),
  migrationJob: (rs) => {
    const job = one(rs, "gcp:cloudrunv2/job:Job");
    const c = at(job.inputs, "template.template.containers.0");
    const envs = c.envs as { name: string; value?: string; valueSource?: unknown }[];
    return {
      name: job.name,
      image: c.image,
      command: [...(c.commands ?? []), ...(c.args ?? [])],
      plainEnv: envs.filter((e) => e.value !== undefined).map((e) => e.name),
      secretEnv: envs.filter((e) => at(e, "valueSource.secretKeyRef.secret")).map((e) => e.name),
    };
  },
};
