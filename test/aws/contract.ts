import type { RecordedResource } from "../../src/plan/harness";
import { one, type CloudReader } from "../support/contract";
import { at, ofType } from "../support/stack";

/** How the contract suite reads the platform's promises off AWS resources. */
const rdsPrimary = (rs: readonly RecordedResource[]) =>
  one(rs, "aws:rds/instance:Instance", (r) => !r.inputs.replicateSourceDb);
const ecsContainer = (rs: readonly RecordedResource[]) =>
  JSON.parse(
    one(rs, "aws:ecs/taskDefinition:TaskDefinition", (r) => !r.name.endsWith("-migrate")).inputs
      .containerDefinitions as string,
  )[0];

export const reader: CloudReader = {
  stateful: [
    "aws:rds/instance:Instance",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:backup/vault:Vault",
    "aws:ecr/repository:Repository",
  ],
  databaseHighAvailability: (rs) => rdsPrimary(rs).inputs.multiAz === true,
  databaseReplicas: (rs) =>
    ofType(rs, "aws:rds/instance:Instance").filter((r) => r.inputs.replicateSourceDb).length,
  databaseBackupDays: (rs) => rdsPrimary(rs).inputs.backupRetentionPeriod as number,
  databaseDeletionProtection: (rs) => rdsPrimary(rs).inputs.deletionProtection === true,
  databaseRequiresTls: (rs) =>
    (
      one(rs, "aws:rds/parameterGroup:ParameterGroup").inputs.parameters as {
        name: string;
        value: string;
      }[]
    ).some((p) => p.name === "rds.force_ssl" && p.value === "1"),
  databasePublic: (rs) =>
    ofType(rs, "aws:rds/instance:Instance").some((r) => r.inputs.publiclyAccessible !== false),
  cacheFailover: (rs) => {
    const g = one(rs, "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
    return g.automaticFailoverEnabled === true && g.multiAzEnabled === true;
  },
  cacheTlsAndAuth: (rs) => {
    const g = one(rs, "aws:elasticache/replicationGroup:ReplicationGroup");
    return (
      g.inputs.transitEncryptionEnabled === true &&
      g.inputs.atRestEncryptionEnabled === true &&
      g.secretInputs.includes("authToken")
    );
  },
  apiInstances: (rs) => {
    const t = one(rs, "aws:appautoscaling/target:Target").inputs;
    return { min: t.minCapacity as number, max: t.maxCapacity as number };
  },
  apiPlainEnv: (rs) => (ecsContainer(rs).environment as { name: string }[]).map((e) => e.name),
  apiSecretEnv: (rs) => (ecsContainer(rs).secrets as { name: string }[]).map((e) => e.name),
  alertThresholds: (rs) => {
    const alarms = ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (a) => (a.inputs.alarmActions as unknown[] | undefined)?.length,
    );
    const byName = (part: string) =>
      alarms.filter((a) => a.name.includes(part)).map((a) => a.inputs.threshold as number);
    return {
      latencyMs: alarms
        .filter((a) => a.inputs.metricName === "TargetResponseTime")
        .map((a) => (a.inputs.threshold as number) * 1000),
      errorPercent: byName("error-rate"),
      dbLatencyMs: alarms
        .filter((a) => /^(Read|Write)Latency$/.test(a.inputs.metricName as string))
        .map((a) => (a.inputs.threshold as number) * 1000),
      cacheHitPercent: byName("cache-hit-rate"),
    };
  },
  availabilityProbe: (rs) =>
    at(one(rs, "aws:route53/healthCheck:HealthCheck").inputs, "resourcePath") === "/health",
  logRetentionDays: (rs) =>
    ofType(rs, "aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs.retentionInDays as number),
  silentAlarms: (rs) =>
    ofType(rs, "aws:cloudwatch/metricAlarm:MetricAlarm")
      .filter(
        (a) =>
          !((a.inputs.alarmActions as string[] | undefined) ?? []).some((arn) =>
            arn.startsWith("arn:aws:sns:"),
          ),
      )
      .map((a) => a.name),
  wafRateLimit: (rs) =>
    ofType(rs, "aws:wafv2/webAcl:WebAcl").some((acl) =>
      ((acl.inputs.rules as unknown[]) ?? []).some(
        (r) => at(r, "statement.rateBasedStatement") !== undefined,
      ),
    ),
  migrationJob: (rs) => {
    const job = one(rs, "aws:ecs/taskDefinition:TaskDefinition", (r) =>
      r.name.endsWith("-migrate"),
    );
    const c = JSON.parse(job.inputs.containerDefinitions as string)[0];
    return {
      name: job.name,
      image: c.image,
      command: [...(c.entryPoint ?? []), ...(c.command ?? [])],
      plainEnv: (c.environment as { name: string }[]).map((e) => e.name),
      secretEnv: (c.secrets as { name: string }[]).map((e) => e.name),
    };
  },
};
