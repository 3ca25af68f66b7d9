// What `npm run plan` shows of Azure resources: the settings a reviewer checks, with the units
// Azure takes them in. Read by the cloud-neutral renderer (src/plan/render.ts); no SDK import here.
import type { PlanView, Setting, Unit } from "../../src/plan/render";
import { inUnit } from "../../src/plan/render";

type Inputs = Record<string, unknown>;

const list = (v: unknown): Inputs[] => (Array.isArray(v) ? (v as Inputs[]) : []);
const obj = (v: unknown): Inputs =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Inputs) : {};

/** Azure Monitor metrics and log-query columns by the unit their values are in. */
const UNITS: readonly [RegExp, Unit][] = [
  [/^Percentage|_percent$|^serverLoad$|^hit_rate$/, "%"],
  [/_ms$/, "ms"],
];
const unitOf = (name: string) => UNITS.find(([re]) => re.test(name))?.[1];
const threshold = (value: unknown, name: string) => {
  const unit = unitOf(name);
  return unit === undefined ? String(value) : inUnit(value, unit);
};

/** One metric alert criterion: the metric, its aggregation and comparison, the threshold. */
function metricCriterion(c: Inputs): string {
  const metric = String(c.metricName ?? "?");
  return `${metric} (${String(c.timeAggregation)}) ${String(c.operator)} ${threshold(c.threshold, metric)}`;
}

function metricCriteria(i: Inputs): string[] {
  const criteria = obj(i.criteria);
  // The availability alert compares failing test locations, not a metric.
  if (criteria.failedLocationCount !== undefined) {
    return [`availability test failing from ${String(criteria.failedLocationCount)} locations`];
  }
  return list(criteria.allOf).map(metricCriterion);
}

/** One log alert condition: the column the query computes, compared with the threshold. */
function queryCriteria(i: Inputs): string[] {
  return list(obj(i.criteria).allOf).map((c) => {
    const column = String(c.metricMeasureColumn ?? "count");
    return `${column} (${String(c.timeAggregation)}) ${String(c.operator)} ${threshold(c.threshold, column)}`;
  });
}

/** An app setting's name, and where the value comes from when it is a Key Vault reference. */
function appSetting(s: Inputs): string {
  const name = String(s.name);
  const ref =
    /^@Microsoft\.KeyVault\(SecretUri=https:\/\/[^/]+\/secrets\/([^/)]+)(\/[^)]+)?\)$/.exec(
      String(s.value ?? ""),
    );
  if (ref === null) return name;
  return `${name} from Key Vault secret ${ref[1]!} (${ref[2] === undefined ? "latest" : "pinned"} version)`;
}

/** The image an App Service container runs: `DOCKER|<image>`. */
const siteImage = (i: Inputs) => {
  const fx = obj(i.siteConfig).linuxFxVersion;
  return typeof fx === "string" ? fx.replace(/^DOCKER\|/, "") : undefined;
};

const site: Setting[] = [
  { label: "image", read: siteImage },
  { label: "command", path: "siteConfig.appCommandLine" },
  { label: "healthCheckPath", path: "siteConfig.healthCheckPath" },
  { label: "vnetAllTraffic", path: "outboundVnetRouting.allTraffic" },
  { label: "appSettings", read: (i) => list(obj(i.siteConfig).appSettings).map(appSetting) },
];

/** Containers of a Container Apps job, with each variable's name or the secret it comes from. */
const jobContainers = (i: Inputs) => list(obj(i.template).containers);
const job: Setting[] = [
  { label: "image", read: (i) => jobContainers(i).map((c) => c.image) },
  {
    label: "command",
    read: (i) =>
      jobContainers(i).flatMap((c) =>
        c.command || c.args ? [JSON.stringify([...list(c.command), ...list(c.args)])] : [],
      ),
  },
  {
    label: "env",
    read: (i) =>
      jobContainers(i).flatMap((c) =>
        list(c.env).map((e) =>
          e.secretRef === undefined
            ? String(e.name)
            : `${String(e.name)} from secret ${String(e.secretRef)}`,
        ),
      ),
  },
  { label: "cpu", path: "template.containers.resources.cpu" },
  { label: "memory", path: "template.containers.resources.memory" },
  { label: "timeout", path: "configuration.replicaTimeout", unit: "s" },
  { label: "retries", path: "configuration.replicaRetryLimit" },
];

/** A Front Door WAF custom rule: a rate limit per client, or a match. */
function wafCustomRule(r: Inputs): string {
  const what =
    r.ruleType === "RateLimitRule"
      ? `rate limit ${String(r.rateLimitThreshold)} requests per ` +
        `${inUnit(r.rateLimitDurationInMinutes, "min")} per ` +
        list(r.groupBy)
          .map((g) => String(g.variableName))
          .join("+")
      : list(r.matchConditions)
          .map((m) => `${String(m.matchVariable)} ${String(m.operator)}`)
          .join(" and ");
  return `${String(r.priority)} ${String(r.name)}: ${what} -> ${String(r.action)}`;
}

const wafManagedSet = (s: Inputs) =>
  `managed ${String(s.ruleSetType)} ${String(s.ruleSetVersion)}` +
  (s.ruleSetAction === undefined ? "" : ` -> ${String(s.ruleSetAction)}`);

/** An autoscale rule: the metric, its comparison over the window, and the step. */
function autoscaleRule(r: Inputs): string {
  const m = obj(r.metricTrigger);
  const a = obj(r.scaleAction);
  const per = m.dividePerInstance === true ? " per instance" : "";
  return (
    `${String(m.metricName)}${per} ${String(m.operator)} ${String(m.threshold)} over ` +
    `${String(m.timeWindow)} -> ${String(a.direction)} by ${String(a.value)} (cooldown ${String(a.cooldown)})`
  );
}

const capacity = (i: Inputs) => obj(list(i.profiles)[0]?.capacity);

/** Lifecycle rules of a storage account: when blobs move tier and old versions go. */
function lifecycleRule(r: Inputs): string {
  const actions = obj(obj(r.definition).actions);
  const steps = [
    ...Object.entries(obj(actions.baseBlob)).map(
      ([action, when]) =>
        `${action} after ${String(obj(when).daysAfterModificationGreaterThan)} days`,
    ),
    ...Object.entries(obj(actions.version)).map(
      ([action, when]) =>
        `versions ${action} after ${String(obj(when).daysAfterCreationGreaterThan)} days`,
    ),
  ];
  return `${String(r.name)}: ${steps.join(", ")}`;
}

export const planView: PlanView = {
  packages: ["azure-native"],
  regionInputs: ["location"],
  // Sub-resources without a location of their own are where the resource they belong to is.
  within: {
    "azure-native:network:Subnet": {
      type: "azure-native:network:VirtualNetwork",
      match: ["resourceGroupName", "virtualNetworkName"],
    },
    ...Object.fromEntries(
      [
        "BlobServiceProperties",
        "BlobContainer",
        "ManagementPolicy",
        "ObjectReplicationPolicy",
        "StorageAccountStaticWebsite",
      ].map((kind) => [
        `azure-native:storage:${kind}`,
        {
          type: "azure-native:storage:StorageAccount",
          match: ["resourceGroupName", "accountName"],
        },
      ]),
    ),
    "azure-native:dbforpostgresql:Configuration": {
      type: "azure-native:dbforpostgresql:Server",
      match: ["resourceGroupName", "serverName"],
    },
    "azure-native:dbforpostgresql:Database": {
      type: "azure-native:dbforpostgresql:Server",
      match: ["resourceGroupName", "serverName"],
    },
    "azure-native:redisenterprise:Database": {
      type: "azure-native:redisenterprise:RedisEnterprise",
      match: ["resourceGroupName", "clusterName"],
    },
    "azure-native:keyvault:Secret": {
      type: "azure-native:keyvault:Vault",
      match: ["resourceGroupName", "vaultName"],
    },
  },
  common: [
    "kind",
    "publicNetworkAccess",
    "minimumTlsVersion",
    "minTlsVersion",
    "httpsOnly",
    "zoneRedundant",
    "zoneRedundancy",
    "createMode",
    "accessTier",
    "allowBlobPublicAccess",
    "allowSharedKeyAccess",
    "adminUserEnabled",
    "level",
  ],
  types: {
    "azure-native:dbforpostgresql:Server": [
      "version",
      { label: "sku", path: "sku.name" },
      { label: "skuTier", path: "sku.tier" },
      { label: "highAvailability", path: "highAvailability.mode" },
      { label: "storageSize", path: "storage.storageSizeGB", unit: "GB" },
      { label: "storageAutoGrow", path: "storage.autoGrow" },
      { label: "backupRetention", path: "backup.backupRetentionDays", unit: "days" },
      { label: "geoRedundantBackup", path: "backup.geoRedundantBackup" },
      { label: "replicaOf", path: "sourceServerResourceId" },
    ],
    "azure-native:dbforpostgresql:Configuration": ["configurationName", "value"],
    "azure-native:redisenterprise:RedisEnterprise": [
      { label: "sku", path: "sku.name" },
      "highAvailability",
    ],
    "azure-native:redisenterprise:Database": [
      "clientProtocol",
      "port",
      "clusteringPolicy",
      "evictionPolicy",
      { label: "persistence", path: "persistence.rdbFrequency" },
      "accessKeysAuthentication",
    ],
    "azure-native:storage:StorageAccount": [{ label: "sku", path: "sku.name" }],
    "azure-native:storage:BlobServiceProperties": [
      { label: "versioning", path: "isVersioningEnabled" },
      { label: "softDelete", path: "deleteRetentionPolicy.days", unit: "days" },
      { label: "containerSoftDelete", path: "containerDeleteRetentionPolicy.days", unit: "days" },
      { label: "pointInTimeRestore", path: "restorePolicy.days", unit: "days" },
      { label: "changeFeed", path: "changeFeed.retentionInDays", unit: "days" },
    ],
    "azure-native:storage:ManagementPolicy": [
      { label: "rules", read: (i) => list(obj(i.policy).rules).map(lifecycleRule) },
    ],
    "azure-native:storage:ObjectReplicationPolicy": [
      "sourceAccount",
      "destinationAccount",
      {
        label: "rules",
        read: (i) =>
          list(i.rules).map(
            (r) => `${String(r.sourceContainer)} -> ${String(r.destinationContainer)}`,
          ),
      },
    ],
    "azure-native:keyvault:Vault": [
      { label: "sku", path: "properties.sku.name" },
      { label: "purgeProtection", path: "properties.enablePurgeProtection" },
      { label: "softDelete", path: "properties.softDeleteRetentionInDays", unit: "days" },
      { label: "rbac", path: "properties.enableRbacAuthorization" },
      { label: "publicNetworkAccess", path: "properties.publicNetworkAccess" },
    ],
    "azure-native:web:AppServicePlan": [
      { label: "sku", path: "sku.name" },
      { label: "instances", path: "sku.capacity" },
    ],
    "azure-native:web:WebApp": site,
    "azure-native:web:WebAppSlot": site,
    "azure-native:app:Job": job,
    "azure-native:app:ManagedEnvironment": [
      { label: "internal", path: "vnetConfiguration.internal" },
    ],
    "azure-native:containerregistry:Registry": [{ label: "sku", path: "sku.name" }],
    "azure-native:monitor:AutoscaleSetting": [
      { label: "minimum", read: (i) => capacity(i).minimum },
      { label: "maximum", read: (i) => capacity(i).maximum },
      { label: "rules", read: (i) => list(list(i.profiles)[0]?.rules).map(autoscaleRule) },
    ],
    "azure-native:frontdoor:Policy": [
      { label: "mode", path: "policySettings.mode" },
      { label: "state", path: "policySettings.enabledState" },
      {
        label: "rules",
        read: (i) => [
          ...list(obj(i.managedRules).managedRuleSets).map(wafManagedSet),
          ...list(obj(i.customRules).rules).map(wafCustomRule),
        ],
      },
    ],
    "azure-native:cdn:Profile": [{ label: "sku", path: "sku.name" }],
    "azure-native:cdn:Route": [
      {
        label: "paths",
        read: (i) => (Array.isArray(i.patternsToMatch) ? i.patternsToMatch.join(" ") : undefined),
      },
      "httpsRedirect",
      "forwardingProtocol",
    ],
    "azure-native:monitor:MetricAlert": [
      { label: "criteria", read: metricCriteria },
      "windowSize",
      "severity",
    ],
    "azure-native:monitor:ScheduledQueryRule": [
      { label: "criteria", read: queryCriteria },
      "windowSize",
      "severity",
    ],
    "azure-native:applicationinsights:WebTest": [
      { label: "url", path: "request.requestUrl" },
      { path: "frequency", unit: "s" },
      { label: "locations", read: (i) => list(i.locations).length },
    ],
    "azure-native:operationalinsights:Workspace": [{ path: "retentionInDays", unit: "days" }],
    "azure-native:network:VirtualNetwork": [
      { label: "addressSpace", path: "addressSpace.addressPrefixes" },
    ],
    "azure-native:network:Subnet": ["addressPrefix"],
  },
};
