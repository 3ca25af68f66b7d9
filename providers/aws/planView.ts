// What `npm run plan` shows of AWS resources: the settings a reviewer checks, with the units AWS
// takes them in. Read by the cloud-neutral renderer (src/plan/render.ts); no SDK import here.
import type { PlanView, Setting, Unit } from "../../src/plan/render";

type Inputs = Record<string, unknown>;

const list = (v: unknown): Inputs[] => (Array.isArray(v) ? (v as Inputs[]) : []);
const obj = (v: unknown): Inputs =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Inputs) : {};

/** CloudWatch metrics by the unit their values (and so an alarm's threshold) are in. */
const METRIC_UNITS: Readonly<Record<string, Unit>> = {
  TargetResponseTime: "s",
  ReadLatency: "s",
  WriteLatency: "s",
  ReplicaLag: "s",
  FreeStorageSpace: "bytes",
  FreeableMemory: "bytes",
  CPUUtilization: "%",
  MemoryUtilization: "%",
  EngineCPUUtilization: "%",
  DatabaseMemoryUsagePercentage: "%",
};

/** The metric an alarm compares: its own, or the one a metric-math alarm aggregates. */
function alarmMetric(inputs: Inputs): string | undefined {
  if (typeof inputs.metricName === "string") return inputs.metricName;
  const names = list(inputs.metricQueries).map((q) => obj(q.metric).metricName);
  return names.find((n): n is string => typeof n === "string");
}

function thresholdUnit(inputs: Inputs): Unit | undefined {
  const metric = alarmMetric(inputs);
  if (metric !== undefined && METRIC_UNITS[metric]) {
    // Metric math over one metric keeps its unit (MAX of node CPU); a ratio of two does not.
    const expression = list(inputs.metricQueries).find((q) => typeof q.expression === "string");
    if (expression === undefined || /^(MAX|MIN|AVG|SUM)\(/.test(String(expression.expression))) {
      return METRIC_UNITS[metric];
    }
  }
  // The platform's metric-math alarms (error rate, cache hit rate) compute a percentage.
  const math = list(inputs.metricQueries).find((q) => q.returnData === true);
  return typeof math?.expression === "string" && /100\s*\*/.test(math.expression) ? "%" : undefined;
}

/** Latencies read better in ms, free space in GiB. */
function thresholdShown(inputs: Inputs): Unit | undefined {
  const metric = alarmMetric(inputs) ?? "";
  if (/Latency|ResponseTime/.test(metric)) return "ms";
  return thresholdUnit(inputs) === "bytes" ? "GiB" : undefined;
}

/** The containers of a task definition, from its JSON `containerDefinitions`. */
function containers(inputs: Inputs): Inputs[] {
  try {
    return list(JSON.parse(String(inputs.containerDefinitions ?? "[]")));
  } catch {
    return [];
  }
}

const days = (n: unknown) => (n === undefined ? "" : ` ${String(n)} days`);

function backupRule(rule: Inputs): string {
  const keep = obj(rule.lifecycle).deleteAfter;
  const copies = list(rule.copyActions).map(
    (c) => `copy to ${String(c.destinationVaultArn)} kept${days(obj(c.lifecycle).deleteAfter)}`,
  );
  return [
    `${String(rule.ruleName)} ${String(rule.schedule)}`,
    `kept${days(keep)}`,
    rule.enableContinuousBackup === true ? "continuous (PITR)" : undefined,
    ...copies,
  ]
    .filter((x) => x !== undefined)
    .join(", ");
}

function wafRule(rule: Inputs): string {
  const statement = obj(rule.statement);
  const action =
    Object.keys(obj(rule.action))[0] ??
    `override ${Object.keys(obj(rule.overrideAction))[0] ?? "?"}`;
  const rate = obj(statement.rateBasedStatement);
  const managed = obj(statement.managedRuleGroupStatement);
  const what =
    rate.limit !== undefined
      ? `rate limit ${String(rate.limit)} requests per ${String(rate.evaluationWindowSec ?? 300)} s per ${String(rate.aggregateKeyType)}`
      : managed.name !== undefined
        ? `managed ${String(managed.vendorName)}/${String(managed.name)}`
        : Object.keys(statement).join("+");
  return `${String(rule.priority)} ${String(rule.name)}: ${what} -> ${action}`;
}

function envOf(c: Inputs): string[] {
  const plain = list(c.environment).map((e) => `${String(e.name)}=${JSON.stringify(e.value)}`);
  const secret = list(c.secrets).map((e) => `${String(e.name)} from ${String(e.valueFrom)}`);
  return [...plain, ...secret];
}

const task: Setting[] = [
  { label: "image", read: (i) => containers(i).map((c) => c.image) },
  {
    label: "command",
    read: (i) => containers(i).flatMap((c) => (c.command ? [JSON.stringify(c.command)] : [])),
  },
  { label: "memory", path: "memory", unit: "MiB", show: "GiB" },
  { label: "env", read: (i) => containers(i).flatMap(envOf) },
];

export const planView: PlanView = {
  packages: ["aws"],
  regionInputs: ["region"],
  common: [
    "cidrBlock",
    "availabilityZone",
    "engine",
    "engineVersion",
    "instanceClass",
    "multiAz",
    "storageType",
    "storageEncrypted",
    "publiclyAccessible",
    "deletionProtection",
    "replicateSourceDb",
    "nodeType",
    "clusterMode",
    "numCacheClusters",
    "numNodeGroups",
    "replicasPerNodeGroup",
    "automaticFailoverEnabled",
    "multiAzEnabled",
    "transitEncryptionEnabled",
    "transitEncryptionMode",
    "atRestEncryptionEnabled",
    "cpu",
    "launchType",
    "desiredCount",
    "minCapacity",
    "maxCapacity",
    "enableKeyRotation",
    "trafficType",
    "vpcEndpointType",
    "loadBalancerType",
    "internal",
    "sslPolicy",
    "protocol",
    "port",
    "scope",
    "imageTagMutability",
    "displayName",
  ],
  types: {
    "aws:rds/instance:Instance": [
      { path: "allocatedStorage", unit: "GB" },
      { path: "maxAllocatedStorage", unit: "GB" },
      { path: "backupRetentionPeriod" },
      "backupWindow",
    ],
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": [
      { label: "retentionPeriod", path: "retentionPeriod", unit: "days" },
      "sourceDbInstanceArn",
    ],
    "aws:elasticache/replicationGroup:ReplicationGroup": [{ path: "snapshotRetentionLimit" }],
    "aws:backup/plan:Plan": [{ label: "rules", read: (i) => list(i.rules).map(backupRule) }],
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": [
      { path: "minRetentionDays", unit: "days" },
      { path: "maxRetentionDays", unit: "days" },
    ],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": [
      {
        label: "replication",
        read: (i) =>
          list(i.rules).map(
            (r) =>
              `${String(r.id)} (${String(r.status)}) to ${String(obj(r.destination).bucket)}` +
              `, delete markers ${String(obj(r.deleteMarkerReplication).status ?? "Disabled")}`,
          ),
      },
    ],
    "aws:secretsmanager/secret:Secret": [
      { label: "replicaRegions", read: (i) => list(i.replicas).map((r) => r.region) },
      { path: "recoveryWindowInDays", unit: "days" },
    ],
    "aws:cloudwatch/logGroup:LogGroup": [{ path: "retentionInDays", unit: "days" }],
    "aws:wafv2/webAcl:WebAcl": [
      { label: "default", read: (i) => Object.keys(obj(i.defaultAction))[0] },
      { label: "rules", read: (i) => list(i.rules).map(wafRule) },
    ],
    "aws:ecs/taskDefinition:TaskDefinition": task,
    "aws:ecs/service:Service": [
      { label: "circuitBreakerRollback", path: "deploymentCircuitBreaker.rollback" },
      { label: "alarmRollback", path: "alarms.rollback" },
      { label: "rollbackAlarms", path: "alarms.alarmNames" },
      { path: "deploymentMinimumHealthyPercent", unit: "%" },
      { path: "deploymentMaximumPercent", unit: "%" },
      { path: "healthCheckGracePeriodSeconds", unit: "s" },
    ],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [
      { label: "metricName", read: alarmMetric },
      {
        label: "expression",
        read: (i) => list(i.metricQueries).find((q) => q.returnData === true)?.expression,
      },
      "comparisonOperator",
      { path: "threshold", unit: thresholdUnit, show: thresholdShown },
      { path: "period", unit: "s" },
      "evaluationPeriods",
    ],
    "aws:route53/healthCheck:HealthCheck": [
      "fqdn",
      "resourcePath",
      { path: "requestInterval", unit: "s" },
      "failureThreshold",
    ],
    "aws:appautoscaling/policy:Policy": [
      {
        label: "target",
        read: (i) => {
          const c = obj(i.targetTrackingScalingPolicyConfiguration);
          const metric = obj(c.predefinedMetricSpecification).predefinedMetricType;
          return c.targetValue === undefined
            ? undefined
            : `${String(metric)} at ${String(c.targetValue)}`;
        },
      },
    ],
    "aws:lb/targetGroup:TargetGroup": [
      { label: "healthCheckPath", path: "healthCheck.path" },
      { path: "deregistrationDelay", unit: "s" },
    ],
    "aws:cloudfront/distribution:Distribution": ["priceClass", "aliases", "webAclId"],
  },
};
