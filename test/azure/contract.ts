import type { RecordedResource } from "../../src/plan/harness";
import { one, type CloudReader } from "../support/contract";
import { at, ofType } from "../support/stack";

/** How the contract suite reads the platform's promises off Azure resources. */
const SERVER = "azure-native:dbforpostgresql:Server";
const primary = (rs: readonly RecordedResource[]) =>
  one(rs, SERVER, (r) => r.inputs.createMode !== "Replica");
const config = (rs: readonly RecordedResource[], name: string) =>
  ofType(rs, "azure-native:dbforpostgresql:Configuration").find(
    (c) => c.inputs.configurationName === name,
  )?.inputs.value;
const appSettings = (rs: readonly RecordedResource[]) =>
  at(one(rs, "azure-native:web:WebApp").inputs, "siteConfig").appSettings as {
    name: string;
    value: string;
  }[];
/** A Key Vault reference: App Service resolves it with the app's identity, the value never lands. */
const isVaultReference = (value: string) => value.startsWith("@Microsoft.KeyVault(");
const locked = (rs: readonly RecordedResource[], name: string) =>
  ofType(rs, "azure-native:authorization:ManagementLockByScope").some(
    (l) => l.inputs.level === "CanNotDelete" && l.name.startsWith(name),
  );
/** Metric-alert thresholds of one metric, and log-alert thresholds of one measure column. */
const metricThresholds = (rs: readonly RecordedResource[], metric: string) =>
  ofType(rs, "azure-native:monitor:MetricAlert").flatMap((a) =>
    ((at(a.inputs, "criteria")?.allOf ?? []) as { metricName: string; threshold: number }[])
      .filter((c) => c.metricName === metric)
      .map((c) => c.threshold),
  );
const logThresholds = (rs: readonly RecordedResource[], column: string) =>
  ofType(rs, "azure-native:monitor:ScheduledQueryRule").flatMap((a) =>
    (
      (at(a.inputs, "criteria")?.allOf ?? []) as {
        metricMeasureColumn: string;
        threshold: number;
      }[]
    )
      .filter((c) => c.metricMeasureColumn === column)
      .map((c) => c.threshold),
  );

export const reader: CloudReader = {
  stateful: [
    "azure-native:resources:ResourceGroup",
    "azure-native:redisenterprise:RedisEnterprise",
    "azure-native:redisenterprise:Database",
    "azure-native:storage:StorageAccount",
    "azure-native:storage:BlobContainer",
    "azure-native:keyvault:Vault",
    "azure-native:keyvault:Secret",
    "azure-native:containerregistry:Registry",
  ],
  databaseHighAvailability: (rs) =>
    at(primary(rs).inputs, "highAvailability.mode") === "ZoneRedundant",
  databaseReplicas: (rs) =>
    // Read replicas in the primary's region; the DR replica in drRegion is a copy, not capacity.
    ofType(rs, SERVER).filter(
      (r) => r.inputs.createMode === "Replica" && r.inputs.location === primary(rs).inputs.location,
    ).length,
  databaseBackupDays: (rs) => at(primary(rs).inputs, "backup.backupRetentionDays") as number,
  // Flexible Server has no deletion flag: Pulumi protect plus a CanNotDelete lock.
  databaseDeletionProtection: (rs) => primary(rs).protect && locked(rs, primary(rs).name),
  databaseRequiresTls: (rs) =>
    config(rs, "require_secure_transport") === "on" &&
    config(rs, "ssl_min_protocol_version") === "TLSv1.2",
  databasePublic: (rs) =>
    ofType(rs, SERVER).some((r) => at(r.inputs, "network.delegatedSubnetResourceId") === undefined),
  cacheFailover: (rs) =>
    one(rs, "azure-native:redisenterprise:RedisEnterprise").inputs.highAvailability === "Enabled",
  cacheTlsAndAuth: (rs) => {
    const cluster = one(rs, "azure-native:redisenterprise:RedisEnterprise").inputs;
    const db = one(rs, "azure-native:redisenterprise:Database").inputs;
    return (
      cluster.minimumTlsVersion === "1.2" &&
      cluster.publicNetworkAccess === "Disabled" &&
      db.clientProtocol === "Encrypted" &&
      db.accessKeysAuthentication === "Enabled"
    );
  },
  apiInstances: (rs) => {
    const capacity = at(
      one(rs, "azure-native:monitor:AutoscaleSetting").inputs,
      "profiles.0.capacity",
    ) as { minimum: string; maximum: string };
    return { min: Number(capacity.minimum), max: Number(capacity.maximum) };
  },
  apiPlainEnv: (rs) =>
    appSettings(rs)
      .filter((s) => !isVaultReference(String(s.value)))
      .map((s) => s.name)
      // App Service's own settings, not the API's environment.
      .filter((n) => !/^(WEBSITES?_|APPLICATIONINSIGHTS_|DOCKER_)/.test(n)),
  apiSecretEnv: (rs) =>
    appSettings(rs)
      .filter((s) => isVaultReference(String(s.value)))
      .map((s) => s.name),
  alertThresholds: (rs) => ({
    latencyMs: logThresholds(rs, "p95_ms"),
    errorPercent: metricThresholds(rs, "Percentage5XX"),
    dbLatencyMs: logThresholds(rs, "mean_ms"),
    cacheHitPercent: logThresholds(rs, "hit_rate"),
  }),
  availabilityProbe: (rs) =>
    String(
      at(one(rs, "azure-native:applicationinsights:WebTest").inputs, "request.requestUrl"),
    ).endsWith("/health"),
  logRetentionDays: (rs) =>
    ofType(rs, "azure-native:operationalinsights:Workspace").map(
      (w) => w.inputs.retentionInDays as number,
    ),
  silentAlarms: (rs) => [
    ...ofType(rs, "azure-native:monitor:MetricAlert")
      .filter((a) => !((a.inputs.actions as unknown[] | undefined) ?? []).length)
      .map((a) => a.name),
    ...ofType(rs, "azure-native:monitor:ScheduledQueryRule")
      .filter((a) => !((at(a.inputs, "actions")?.actionGroups as unknown[]) ?? []).length)
      .map((a) => a.name),
  ],
  wafRateLimit: (rs) =>
    (
      (at(one(rs, "azure-native:frontdoor:Policy").inputs, "customRules")?.rules as unknown[]) ?? []
    ).some((r) => at(r, "ruleType") === "RateLimitRule"),
  migrationJob: (rs) => {
    const job = one(rs, "azure-native:app:Job");
    const c = at(job.inputs, "template.containers.0");
    const env = c.env as { name: string; value?: string; secretRef?: string }[];
    return {
      // The job's Azure name, which the command names (the logical name differs).
      name: job.inputs.jobName as string,
      image: c.image,
      command: [...(c.command ?? []), ...(c.args ?? [])],
      plainEnv: env.filter((e) => e.secretRef === undefined).map((e) => e.name),
      secretEnv: env.filter((e) => e.secretRef !== undefined).map((e) => e.name),
    };
  },
};
