import { beforeAll, describe, expect, it } from "vitest";
import {
  MockRunError,
  runWithMocks,
  type MockRun,
  type RecordedResource,
} from "../src/plan/harness";
import { loadStackConfig } from "../src/plan/stackConfig";
import { main } from "../src/program";
import { OUTPUT_NAMES, type PlatformOutputs } from "../src/platform";
import { DESIGN_PLAIN_ENV } from "./support/spec";
import { at, GCP_SETS, ofType, ROOT, runStack } from "./support/stack";

/**
 * The platform's promises, asserted the same way on every cloud. Each cloud supplies how to read
 * a promise off its resources; the expectations are shared. Azure joins this table when its
 * implementation lands.
 */
interface CloudReader {
  readonly sets: readonly string[];
  /** Types that hold data: protected in production, destroyable in staging. */
  readonly stateful: readonly string[];
  databaseHighAvailability(rs: readonly RecordedResource[]): boolean;
  databaseReplicas(rs: readonly RecordedResource[]): number;
  databaseBackupDays(rs: readonly RecordedResource[]): number;
  databaseDeletionProtection(rs: readonly RecordedResource[]): boolean;
  databaseRequiresTls(rs: readonly RecordedResource[]): boolean;
  databasePublic(rs: readonly RecordedResource[]): boolean;
  cacheFailover(rs: readonly RecordedResource[]): boolean;
  cacheTlsAndAuth(rs: readonly RecordedResource[]): boolean;
  apiInstances(rs: readonly RecordedResource[]): { min: number; max: number };
  /** Names of env vars the API gets as plain values. */
  apiPlainEnv(rs: readonly RecordedResource[]): string[];
  /** Names of env vars the API gets from the secret store. */
  apiSecretEnv(rs: readonly RecordedResource[]): string[];
  /** Every alert threshold, normalised: latency ms, error %, DB latency ms, hit %. */
  alertThresholds(rs: readonly RecordedResource[]): {
    latencyMs: number[];
    errorPercent: number[];
    dbLatencyMs: number[];
    cacheHitPercent: number[];
  };
  availabilityProbe(rs: readonly RecordedResource[]): boolean;
  /** Retention (days) of every place the platform keeps logs. */
  logRetentionDays(rs: readonly RecordedResource[]): number[];
  /** Names of alarms / alert policies that would notify nobody. */
  silentAlarms(rs: readonly RecordedResource[]): string[];
  wafRateLimit(rs: readonly RecordedResource[]): boolean;
}

const one = (
  rs: readonly RecordedResource[],
  type: string,
  pred: (r: RecordedResource) => boolean = () => true,
) => {
  const found = ofType(rs, type).filter(pred);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

const rdsPrimary = (rs: readonly RecordedResource[]) =>
  one(rs, "aws:rds/instance:Instance", (r) => !r.inputs.replicateSourceDb);
const sqlPrimary = (rs: readonly RecordedResource[]) =>
  one(rs, "gcp:sql/databaseInstance:DatabaseInstance", (r) => !r.inputs.masterInstanceName);
const ecsContainer = (rs: readonly RecordedResource[]) =>
  JSON.parse(
    one(rs, "aws:ecs/taskDefinition:TaskDefinition", (r) => !r.name.endsWith("-migrate")).inputs
      .containerDefinitions as string,
  )[0];
const runContainer = (rs: readonly RecordedResource[]) =>
  at(one(rs, "gcp:cloudrunv2/service:Service").inputs, "template.containers.0");

const aws: CloudReader = {
  sets: [],
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
};

const gcp: CloudReader = {
  sets: GCP_SETS,
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
};

const SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD"];

describe.each([
  ["aws", aws],
  ["gcp", gcp],
] as const)("%s platform", (cloud, read) => {
  let prod: MockRun<PlatformOutputs>;
  let staging: MockRun<PlatformOutputs>;
  beforeAll(async () => {
    prod = await runStack("production", read.sets);
    staging = await runStack("staging", read.sets);
  });

  it("exports every stack output, none of them empty or secret-bearing", () => {
    for (const run of [prod, staging]) {
      expect(Object.keys(run.result).sort()).toEqual([...OUTPUT_NAMES].sort());
      for (const name of OUTPUT_NAMES) expect(run.result[name], name).not.toEqual("");
      expect(run.result.cloud).toBe(cloud);
      expect(String(run.result.databaseSecretRef)).not.toMatch(/mock-x/);
      expect(JSON.stringify(run.result)).not.toMatch(/mock-x{8}/);
    }
    expect(prod.result.apiUrl).toBe("https://api.entmoot.example.com");
  });

  it("is highly available in production and smaller in staging", () => {
    expect(read.databaseHighAvailability(prod.resources)).toBe(true);
    expect(read.cacheFailover(prod.resources)).toBe(true);
    expect(read.apiInstances(prod.resources)).toEqual({ min: 3, max: 5 });
    expect(read.databaseReplicas(prod.resources)).toBe(1);

    expect(read.databaseHighAvailability(staging.resources)).toBe(false);
    expect(read.cacheFailover(staging.resources)).toBe(false);
    expect(read.apiInstances(staging.resources)).toEqual({ min: 1, max: 2 });
    expect(read.databaseReplicas(staging.resources)).toBe(0);
    expect(staging.resources.length).toBeLessThan(prod.resources.length);
  });

  it("scales the large tier to 5-20 API instances with two read replicas", async () => {
    const large = await runStack("production", [...read.sets, "entmoot:tier=large"]);
    expect(read.apiInstances(large.resources)).toEqual({ min: 5, max: 20 });
    expect(read.databaseReplicas(large.resources)).toBe(2);
  });

  it("keeps 30 days of backups in production and 7 in staging", () => {
    expect(read.databaseBackupDays(prod.resources)).toBe(30);
    expect(read.databaseBackupDays(staging.resources)).toBe(7);
  });

  it("encrypts data in transit and keeps the data stores private", () => {
    for (const run of [prod, staging]) {
      expect(read.databaseRequiresTls(run.resources)).toBe(true);
      expect(read.databasePublic(run.resources)).toBe(false);
      expect(read.cacheTlsAndAuth(run.resources)).toBe(true);
    }
  });

  it("protects every stateful resource in production, and none in staging", () => {
    for (const type of read.stateful) {
      const prodOfType = ofType(prod.resources, type);
      expect(prodOfType.length, type).toBeGreaterThan(0);
      expect(
        prodOfType.filter((r) => !r.protect).map((r) => r.name),
        type,
      ).toEqual([]);
      expect(
        ofType(staging.resources, type)
          .filter((r) => r.protect)
          .map((r) => r.name),
        type,
      ).toEqual([]);
    }
    expect(read.databaseDeletionProtection(prod.resources)).toBe(true);
    expect(read.databaseDeletionProtection(staging.resources)).toBe(false);
  });

  it("gives the API secrets only by reference from the secret store", () => {
    for (const run of [prod, staging]) {
      expect(read.apiSecretEnv(run.resources)).toEqual(expect.arrayContaining(SECRET_ENV));
      const plain = read.apiPlainEnv(run.resources);
      expect(plain).toEqual(expect.arrayContaining(DESIGN_PLAIN_ENV));
      for (const name of [...SECRET_ENV, "SENTRY_DSN"]) expect(plain).not.toContain(name);
    }
  });

  it("never puts a generated password in a plain input", () => {
    for (const run of [prod, staging]) {
      const passwords = ofType(run.resources, "random:index/randomPassword:RandomPassword");
      expect(passwords.length).toBeGreaterThan(0);
      // The mock's generated password; any occurrence outside a secret input is a leak.
      const leaked = run.resources.flatMap((r) =>
        Object.entries(r.inputs)
          .filter(([k, v]) => !r.secretInputs.includes(k) && /mock-x{8}/.test(JSON.stringify(v)))
          .map(([k]) => `${r.type} ${r.name}.${k}`),
      );
      expect(leaked).toEqual([]);
    }
  });

  it("alerts on every service target", () => {
    const t = read.alertThresholds(prod.resources);
    expect(t.latencyMs).toContain(500);
    expect(t.errorPercent.map((x) => Math.round(x * 1000) / 1000)).toContain(0.1);
    expect(t.dbLatencyMs).toContain(100);
    expect(t.cacheHitPercent).toContain(80);
    expect(read.availabilityProbe(prod.resources)).toBe(true);
  });

  it("keeps logs a year in production and a month in staging", () => {
    const prodDays = read.logRetentionDays(prod.resources);
    expect(prodDays.length).toBeGreaterThan(0);
    expect(new Set(prodDays)).toEqual(new Set([365]));
    expect(new Set(read.logRetentionDays(staging.resources))).toEqual(new Set([30]));
  });

  it("notifies the alert recipients from every alarm", () => {
    for (const run of [prod, staging]) expect(read.silentAlarms(run.resources)).toEqual([]);
  });

  it("rate-limits in production and not in staging", () => {
    expect(read.wafRateLimit(prod.resources)).toBe(true);
    expect(read.wafRateLimit(staging.resources)).toBe(false);
  });

  it("starts a new stack on a public placeholder image, not on an image nobody pushed yet", () => {
    // A new stack has no previous outputs: the API must come up healthy before any push.
    expect(prod.result.apiImage).not.toBe("");
    expect(String(prod.result.apiImage).startsWith(String(prod.result.imageRepository))).toBe(
      false,
    );
  });

  it("keeps the image of the last update when entmoot:image is empty (no rollback)", async () => {
    const deployed = `${String(prod.result.imageRepository)}@sha256:${"ab".repeat(32)}`;
    const again = await runCommitted("production", read.sets, { apiImage: deployed });
    expect(again.result.apiImage).toBe(deployed);
  });

  it("changes nothing on the next update without entmoot:image, placeholder included", async () => {
    // The last update's outputs read back (the placeholder's reference, on a new stack) must
    // give the very same resources: reading the placeholder as a real image would drop what
    // makes it answer the health check.
    const next = await runCommitted("staging", read.sets, { ...staging.result });
    expect(next.result.apiImage).toBe(staging.result.apiImage);
    const inputs = (run: MockRun<PlatformOutputs>) =>
      run.resources.map((r) => `${r.type} ${r.name} ${JSON.stringify(r.inputs)}`);
    expect(inputs(next)).toEqual(inputs(staging));
  });

  it("runs entmoot:image when set, without reading the last update", async () => {
    const image = `${String(prod.result.imageRepository)}@sha256:${"cd".repeat(32)}`;
    const pinned = await runCommitted("production", [...read.sets, `entmoot:image=${image}`], {
      apiImage: "registry.example.com/old@sha256:" + "ef".repeat(32),
    });
    expect(pinned.result.apiImage).toBe(image);
  });

  it("creates every cloud resource through an explicit provider", () => {
    const implicit = prod.resources.filter(
      (r) => r.custom && r.type.startsWith(`${cloud}:`) && r.provider === undefined,
    );
    expect(implicit.map((r) => r.type)).toEqual([]);
  });
});

/** A committed stack run with the outputs its last update left (what a self-reference reads). */
function runCommitted(
  stack: string,
  sets: readonly string[],
  previousOutputs: Record<string, unknown>,
): Promise<MockRun<PlatformOutputs>> {
  const config = loadStackConfig(ROOT, stack, sets);
  return runWithMocks(main, {
    stack,
    config: config.values,
    secretKeys: config.secretKeys,
    previousOutputs,
  });
}

describe("a broken config", () => {
  it("registers nothing but the stack and names every problem", async () => {
    const failure = await runStack("production", ["entmoot:cloud=gcp", "entmoot:tier=huge"]).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(MockRunError);
    const { cause, resources } = failure as MockRunError;
    expect((cause as Error).message).toMatch(
      /entmoot:tier: must be one of: small, medium, large[\s\S]*entmoot:gcpProject: required/,
    );
    expect(resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("refuses a cloud whose implementation has not landed, before registering anything", async () => {
    const failure = (await runStack("staging", [
      "entmoot:cloud=azure",
      "entmoot:region=eastus",
      "entmoot:drRegion=westus2",
      "entmoot:dnsZone=dns-rg/entmoot.example.com",
    ]).catch((e: unknown) => e)) as MockRunError;
    expect(failure.message).toBe(
      "entmoot:cloud azure is not implemented yet; this version builds on: aws, gcp",
    );
    expect(failure.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});
