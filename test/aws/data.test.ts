import { beforeAll, describe, expect, it } from "vitest";
import type * as kms from "@pulumi/aws/kms";
import type { Environment, Tier } from "../../src/cloud";
import type { MockRun, RecordedResource } from "../../src/plan/harness";
import { runWithMocks } from "../../src/plan/harness";
import type { PlatformSpec } from "../../src/platform";
import { testSpec } from "../support/spec";
import { dependencyMap, replacementOptions, type ReplacementOptions } from "./dependencies";

const deps: Record<string, Map<string, string[]>> = {};
const replacement: Record<string, Map<string, ReplacementOptions>> = {};

const T = {
  instance: "aws:rds/instance:Instance",
  paramGroup: "aws:rds/parameterGroup:ParameterGroup",
  dbSubnets: "aws:rds/subnetGroup:SubnetGroup",
  backupRepl: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  password: "random:index/randomPassword:RandomPassword",
  cache: "aws:elasticache/replicationGroup:ReplicationGroup",
  cacheParams: "aws:elasticache/parameterGroup:ParameterGroup",
  bucket: "aws:s3/bucket:Bucket",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  vault: "aws:backup/vault:Vault",
  vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  plan: "aws:backup/plan:Plan",
  selection: "aws:backup/selection:Selection",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
} as const;

const DATA_KEY = "arn:aws:kms:us-east-1:123456789012:keys-data";
const DR_KEY = "arn:aws:kms:us-east-1:123456789012:keys-data-dr";

async function plan(environment: Environment, tier: Tier) {
  const { createAwsContext } = await import("../../providers/aws/context");
  const { AwsKeys } = await import("../../providers/aws/keys");
  const { AwsNetwork } = await import("../../providers/aws/network");
  const { AwsSecurityGroups } = await import("../../providers/aws/securityGroups");
  const { AwsSecrets } = await import("../../providers/aws/secrets");
  const { AwsDatabase } = await import("../../providers/aws/database");
  const { AwsCache } = await import("../../providers/aws/cache");
  const { AwsStorage } = await import("../../providers/aws/storage");
  const { AwsBackup, continuousBackup } = await import("../../providers/aws/backup");
  const { output } = await import("@pulumi/pulumi");
  const spec = testSpec("aws", environment, tier);
  return runWithMocks(
    async () => {
      const context = createAwsContext(spec);
      const common = { environment, region: spec.region, tags: spec.tags, protect: spec.protect };
      const o = { provider: context.provider };
      const keys = new AwsKeys("keys", { context }, o);
      const net = new AwsNetwork("net", { ...common, spec: spec.network, logsKey: keys.logs }, o);
      const sgs = new AwsSecurityGroups(
        "sg",
        { vpcId: net.vpc.id, apiPort: 8000, databasePort: 5432, cachePort: 6379 },
        o,
      );
      const secrets = new AwsSecrets(
        `${spec.name}-secrets`,
        {
          ...common,
          context,
          key: keys.data,
          drKey: keys.dataDr,
          // A plain Output on purpose: the component must make the stored value secret itself.
          sentryDsn:
            environment === "production" ? output("https://k@sentry.example.com/1") : undefined,
          operatorSecrets: ["SMTP_PASSWORD"],
        },
        o,
      );
      const logs = { logsKey: keys.logs, logRetentionDays: spec.monitoring.logRetentionDays };
      const db = new AwsDatabase(
        `${spec.name}-db`,
        {
          ...common,
          ...logs,
          context,
          spec: spec.database,
          tier,
          subnetIds: net.isolatedSubnetIds,
          securityGroupId: sgs.database.id,
          key: keys.data,
          drKey: keys.dataDr,
          partition: keys.partition,
          password: secrets.databasePassword.result,
          secretArn: secrets.databaseSecret.arn,
          backupsOwnedByAwsBackup: continuousBackup(environment),
        },
        o,
      );
      const cache = new AwsCache(
        `${spec.name}-cache`,
        {
          ...common,
          ...logs,
          context,
          spec: spec.cache,
          tier,
          subnetIds: net.isolatedSubnetIds,
          securityGroupId: sgs.cache.id,
          key: keys.data,
          authToken: secrets.cacheAuthToken.result,
          secretArn: secrets.cacheSecret.arn,
        },
        o,
      );
      const storage = new AwsStorage(
        `${spec.name}-data`,
        {
          ...common,
          context,
          spec: spec.storage,
          key: keys.data,
          drKey: keys.dataDr,
          accountId: keys.accountId,
        },
        o,
      );
      new AwsBackup(
        `${spec.name}-backup`,
        {
          ...common,
          context,
          database: db.primary,
          bucketArn: storage.bucketArn,
          key: keys.data,
          drKey: keys.dataDr,
          partition: keys.partition,
        },
        o,
      );
      return {
        endpoint: db.endpoint,
        readers: db.readerEndpoints,
        port: db.port,
        dbSecret: db.secretRef,
        cacheEndpoint: cache.endpoint,
        cachePort: cache.port,
        cacheSecret: cache.secretRef,
        bucket: storage.bucketName,
      };
    },
    { stack: environment },
  ).then((run) => {
    deps[`${environment}-${tier}`] = dependencyMap(run.resources);
    replacement[`${environment}-${tier}`] = replacementOptions(run.resources);
    return run;
  });
}

type Run = MockRun<Record<string, unknown>>;
/** Registration order follows output resolution, so resources are compared sorted by name. */
const ofType = (run: Run, t: string) =>
  run.resources.filter((r) => r.type === t).sort((a, b) => a.name.localeCompare(b.name));
const one = (run: Run, t: string, name?: string): RecordedResource => {
  const found = ofType(run, t).filter((r) => name === undefined || r.name === name);
  expect(found, `${t} ${name ?? ""}`).toHaveLength(1);
  return found[0]!;
};
const params = (r: RecordedResource) =>
  Object.fromEntries(
    (r.inputs.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
  );

describe("AWS data tier", () => {
  let prod: Run;
  let staging: Run;
  let large: Run;
  beforeAll(async () => {
    prod = (await plan("production", "medium")) as Run;
    staging = (await plan("staging", "small")) as Run;
    large = (await plan("production", "large")) as Run;
  });

  describe("AwsDatabase", () => {
    it("runs Multi-AZ PostgreSQL 16 in production and single-AZ in staging", () => {
      const p = one(prod, T.instance, "entmoot-production-db").inputs;
      expect(p).toMatchObject({
        engine: "postgres",
        engineVersion: "16",
        multiAz: true,
        instanceClass: "db.r6i.xlarge",
      });
      expect(one(staging, T.instance, "entmoot-staging-db").inputs).toMatchObject({
        multiAz: false,
        instanceClass: "db.t4g.large",
      });
    });

    it("creates replicas per tier, from the primary, in distinct zones", () => {
      expect(ofType(staging, T.instance)).toHaveLength(1);
      const prodReplicas = ofType(prod, T.instance).filter(
        (r) => r.inputs.replicateSourceDb !== undefined,
      );
      expect(prodReplicas.map((r) => r.name)).toEqual(["entmoot-production-db-replica-0"]);
      const replicas = ofType(large, T.instance).filter(
        (r) => r.inputs.replicateSourceDb !== undefined,
      );
      expect(replicas.map((r) => r.inputs.replicateSourceDb)).toEqual([
        "entmoot-production-db",
        "entmoot-production-db",
      ]);
      expect(replicas.map((r) => r.inputs.availabilityZone)).toEqual(["us-east-1b", "us-east-1d"]);
      for (const r of replicas) {
        expect(r.inputs).toMatchObject({
          kmsKeyId: DATA_KEY,
          storageEncrypted: true,
          publiclyAccessible: false,
          skipFinalSnapshot: true,
        });
        expect(r.protect).toBe(true);
      }
    });

    it("keeps 30 days of backups in production and 7 in staging", () => {
      expect(one(prod, T.instance, "entmoot-production-db").inputs).toMatchObject({
        backupRetentionPeriod: 30,
        backupWindow: "03:00-04:00",
      });
      expect(one(staging, T.instance, "entmoot-staging-db").inputs.backupRetentionPeriod).toBe(7);
    });

    it("forces TLS and logs slow queries, connections and lock waits", () => {
      const pg = one(prod, T.paramGroup);
      expect(pg.inputs.family).toBe("postgres16");
      expect(params(pg)).toMatchObject({
        "rds.force_ssl": "1",
        ssl_min_protocol_version: "TLSv1.2",
        log_min_duration_statement: "500",
        log_connections: "1",
        log_disconnections: "1",
        log_lock_waits: "1",
      });
    });

    it("encrypts with the data key, stays private and exports its logs", () => {
      const p = one(prod, T.instance, "entmoot-production-db").inputs;
      expect(p).toMatchObject({
        storageEncrypted: true,
        kmsKeyId: DATA_KEY,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: DATA_KEY,
        publiclyAccessible: false,
        iamDatabaseAuthenticationEnabled: true,
        caCertIdentifier: "rds-ca-rsa2048-g1",
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        storageType: "gp3",
        allocatedStorage: 200,
        maxAllocatedStorage: 800,
        monitoringInterval: 15,
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
      });
      expect(p.monitoringRoleArn).toMatch(/^arn:aws:iam:/);
      expect(one(prod, T.dbSubnets).inputs.subnetIds).toEqual([
        "net-isolated-0-id",
        "net-isolated-1-id",
        "net-isolated-2-id",
      ]);
      const logGroups = ofType(prod, "aws:cloudwatch/logGroup:LogGroup").filter((g) =>
        String(g.inputs.name).startsWith("/aws/rds/"),
      );
      expect(logGroups.map((g) => g.inputs.name)).toContain(
        "/aws/rds/instance/entmoot-production-db/postgresql",
      );
      expect(
        logGroups.every(
          (g) =>
            g.inputs.retentionInDays === 365 && String(g.inputs.kmsKeyId).endsWith("keys-logs"),
        ),
      ).toBe(true);
    });

    it("is protected with a final snapshot in production and destroyable in staging", () => {
      const p = one(prod, T.instance, "entmoot-production-db");
      expect(p.protect).toBe(true);
      expect(p.inputs).toMatchObject({
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: expect.stringMatching(/^entmoot-production-db-final-/),
      });
      const s = one(staging, T.instance, "entmoot-staging-db");
      expect(s.protect).toBe(false);
      expect(s.inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
      expect(s.inputs.finalSnapshotIdentifier).toBeUndefined();
    });

    it("replicates automated backups to the DR region in production only", () => {
      const r = one(prod, T.backupRepl);
      expect(r.provider).toContain("entmoot-production-aws-dr");
      expect(r.inputs).toMatchObject({ kmsKeyId: DR_KEY, retentionPeriod: 30 });
      expect(r.inputs.sourceDbInstanceArn).toBe(
        "arn:aws:rds:us-east-1:123456789012:db:entmoot-production-db",
      );
      expect(ofType(staging, T.backupRepl)).toHaveLength(0);
    });

    it("names each final snapshot uniquely (RDS refuses a snapshot name the account already has) and applies restarts in the maintenance window", () => {
      const p = one(prod, T.instance, "entmoot-production-db");
      expect(p.inputs.finalSnapshotIdentifier).toMatch(/^entmoot-production-db-final-[0-9a-f]{8}$/);
      expect(p.inputs.finalSnapshotIdentifier).toMatch(/^[a-z](?:[a-z0-9]|-(?!-)){0,254}$/);
      const id = one(
        prod,
        "random:index/randomId:RandomId",
        "entmoot-production-db-final-snapshot",
      );
      expect(id.inputs.keepers).toMatchObject({ identifier: "entmoot-production-db" });
      expect(one(prod, T.cache).inputs.finalSnapshotIdentifier).toMatch(
        /^entmoot-production-cache-final-[0-9a-f]{8}$/,
      );
      for (const i of ofType(prod, T.instance)) expect(i.inputs.applyImmediately).toBe(false);
      // The AUTH token must change in the same update as its secret.
      expect(one(prod, T.cache).inputs.applyImmediately).toBe(true);
    });

    it("lets only this account's RDS instances assume the enhanced-monitoring role", () => {
      const role = ofType(prod, "aws:iam/role:Role").find(
        (r) => r.name === "entmoot-production-db-monitoring",
      )!;
      const trust = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
      expect(trust.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:rds:us-east-1:123456789012:db:*" },
      });
    });

    it("takes the password as a secret and outputs only references", () => {
      const p = one(prod, T.instance, "entmoot-production-db");
      expect(p.secretInputs).toContain("password");
      expect(p.inputs.password).toMatch(/^mock-x+/);
      expect(prod.result.endpoint).toBe(
        "entmoot-production-db.c1a2b3d4e5f6.us-east-1.rds.amazonaws.com",
      );
      expect(prod.result.readers).toEqual([
        "entmoot-production-db-replica-0.c1a2b3d4e5f6.us-east-1.rds.amazonaws.com",
      ]);
      expect(prod.result.port).toBe(5432);
      expect(String(prod.result.dbSecret)).toMatch(
        /^arn:aws:secretsmanager:.*entmoot-production-secrets-database/,
      );
      expect(JSON.stringify(prod.result)).not.toContain("mock-x");
    });
  });

  describe("AwsSecrets", () => {
    it("stores generated passwords as secrets, encrypted, with a 30-day window in production", () => {
      const secrets = ofType(prod, T.secret);
      expect(secrets.map((s) => s.name)).toEqual([
        "entmoot-production-secrets-cache",
        "entmoot-production-secrets-database",
        "entmoot-production-secrets-sentry-dsn",
        "entmoot-production-secrets-smtp-password",
      ]);
      for (const s of secrets) {
        expect(s.inputs).toMatchObject({
          kmsKeyId: DATA_KEY,
          recoveryWindowInDays: 30,
          replicas: [{ region: "us-west-2", kmsKeyId: DR_KEY }],
        });
        expect(s.protect).toBe(true);
      }
      const versions = ofType(prod, T.secretVersion);
      expect(versions).toHaveLength(4);
      for (const v of versions) expect(v.secretInputs).toEqual(["secretString"]);
      expect(versions[2]!.inputs.secretString).toBe("https://k@sentry.example.com/1");
      const pw = ofType(prod, T.password).map((p) => [p.name, p.inputs.length]);
      expect(pw).toEqual([
        ["entmoot-production-secrets-cache", 64],
        ["entmoot-production-secrets-database", 32],
      ]);
      expect(
        ofType(staging, T.secret).map((s) => [
          s.inputs.recoveryWindowInDays,
          s.protect,
          s.inputs.replicas,
        ]),
      ).toEqual([
        [7, false, undefined],
        [7, false, undefined],
        [7, false, undefined],
      ]);
    });

    it("seeds operator secrets with a placeholder once and never overwrites the operator's value", async () => {
      const { OPERATOR_SECRET_PLACEHOLDER } = await import("../../src/appEnvironment");
      const v = one(prod, T.secretVersion, "entmoot-production-secrets-smtp-password");
      expect(v.inputs.secretString).toBe(OPERATOR_SECRET_PLACEHOLDER);
      expect(v.ignoreChanges).toContain("secretString");
      // Platform-generated versions are the stack's: a rotation writes a new one.
      expect(
        one(prod, T.secretVersion, "entmoot-production-secrets-database").ignoreChanges,
      ).toEqual([]);
    });
  });

  describe("generated credentials each service accepts", () => {
    it("ElastiCache AUTH token holds only letters, digits and ! & # $ ^ < > - (16-128 characters)", async () => {
      const { CACHE_TOKEN_ALLOWED } = await import("../../providers/aws/secrets");
      for (const run of [prod, staging, large]) {
        const token = String(one(run, T.cache).inputs.authToken);
        expect(token).toMatch(CACHE_TOKEN_ALLOWED);
      }
      // The check itself refuses what the old generator drew.
      expect("mock-" + "x".repeat(51) + "!*()-_.~").not.toMatch(CACHE_TOKEN_ALLOWED);
    });

    it('RDS master password avoids / @ " and space, and its generator is unchanged (no rotation)', () => {
      const db = one(prod, T.password, "entmoot-production-secrets-database");
      expect(db.inputs).toMatchObject({ length: 32, special: true, overrideSpecial: "!*()-_.~" });
      expect(String(one(prod, T.instance, "entmoot-production-db").inputs.password)).not.toMatch(
        /[/@" ]/,
      );
    });
  });

  describe("AwsCache", () => {
    it("runs a Multi-AZ, failover, TLS + AUTH, KMS-encrypted group in production", () => {
      const c = one(prod, T.cache);
      expect(c.inputs).toMatchObject({
        engine: "valkey",
        engineVersion: "7.2",
        nodeType: "cache.r7g.large",
        clusterMode: "disabled",
        numCacheClusters: 3,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
        kmsKeyId: DATA_KEY,
        snapshotRetentionLimit: 7,
        port: 6379,
        finalSnapshotIdentifier: expect.stringMatching(/^entmoot-production-cache-final-/),
      });
      expect(c.secretInputs).toContain("authToken");
      expect(c.protect).toBe(true);
      expect(
        (c.inputs.logDeliveryConfigurations as { logType: string }[]).map((l) => l.logType),
      ).toEqual(["slow-log", "engine-log"]);
      expect(params(one(prod, T.cacheParams))).toEqual({ "maxmemory-policy": "allkeys-lru" });
      expect(prod.result.cacheEndpoint).toMatch(/^master\./);
    });

    it("runs one node without failover in staging", () => {
      const c = one(staging, T.cache);
      expect(c.inputs).toMatchObject({
        numCacheClusters: 1,
        automaticFailoverEnabled: false,
        multiAzEnabled: false,
        snapshotRetentionLimit: 1,
        nodeType: "cache.t4g.small",
      });
      expect(c.protect).toBe(false);
    });

    it("shards in cluster mode on the large tier", () => {
      const c = one(large, T.cache);
      expect(c.inputs).toMatchObject({
        clusterMode: "enabled",
        numNodeGroups: 3,
        replicasPerNodeGroup: 2,
      });
      expect(c.inputs.numCacheClusters).toBeUndefined();
      expect(params(one(large, T.cacheParams))).toMatchObject({ "cluster-enabled": "yes" });
      expect(large.result.cacheEndpoint).toMatch(/^clustercfg\./);
    });

    it("replaces the group on a cluster-mode switch: ElastiCache never moves cluster mode back and the provider would try it in place", () => {
      const runs: [string, Run][] = [
        ["production-medium", prod],
        ["staging-small", staging],
        ["production-large", large],
      ];
      for (const [key, run] of runs) {
        expect(replacement[key]!.get(`${T.cache}::${one(run, T.cache).name}`)).toEqual({
          // Only the mode: a replica or a shard more must stay in place.
          replaceOnChanges: ["clusterMode"],
          deleteBeforeReplace: false,
        });
      }
    });

    it("gives a cluster-mode switch a new parameter group: its description, ForceNew upstream, names the mode", () => {
      const description = (run: Run) => one(run, T.cacheParams).inputs.description;
      expect(description(prod)).not.toEqual(description(large));
      expect(description(large)).toMatch(/cluster mode/);
      // The medium and small groups keep the description they shipped with: no replacement.
      expect(description(prod)).toBe("entmoot-production-cache: cache eviction");
    });
  });

  describe("AwsStorage", () => {
    it("blocks all public access and ACLs on every bucket", () => {
      const buckets = ofType(prod, T.bucket);
      expect(buckets).toHaveLength(3);
      expect(
        ofType(prod, T.pab).map((p) => [
          p.inputs.blockPublicAcls,
          p.inputs.blockPublicPolicy,
          p.inputs.ignorePublicAcls,
          p.inputs.restrictPublicBuckets,
        ]),
      ).toEqual([
        [true, true, true, true],
        [true, true, true, true],
        [true, true, true, true],
      ]);
      expect(
        ofType(prod, T.ownership).every(
          (o) =>
            (o.inputs.rule as { objectOwnership: string }).objectOwnership ===
            "BucketOwnerEnforced",
        ),
      ).toBe(true);
      expect(ofType(prod, T.versioning)).toHaveLength(3);
    });

    it("denies plain HTTP and TLS below 1.2", () => {
      for (const p of ofType(prod, T.policy)) {
        const doc = JSON.parse(String(p.inputs.policy)) as {
          Statement: { Sid: string; Effect: string; Condition: unknown }[];
        };
        expect(doc.Statement.find((s) => s.Sid === "DenyInsecureTransport")).toMatchObject({
          Effect: "Deny",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        });
        expect(doc.Statement.find((s) => s.Sid === "DenyTlsBelow12")).toMatchObject({
          Effect: "Deny",
          Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        });
      }
    });

    it("encrypts data with KMS and access logs with SSE-S3", () => {
      const algs = ofType(prod, T.sse).map((s) => {
        const rule = (
          s.inputs.rules as {
            applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId?: string };
            bucketKeyEnabled: boolean;
          }[]
        )[0]!;
        return [
          s.name,
          rule.applyServerSideEncryptionByDefault.sseAlgorithm,
          rule.applyServerSideEncryptionByDefault.kmsMasterKeyId,
          rule.bucketKeyEnabled,
        ];
      });
      expect(algs).toEqual([
        ["entmoot-production-data", "aws:kms", DATA_KEY, true],
        ["entmoot-production-data-access-logs", "AES256", undefined, false],
        ["entmoot-production-data-replica", "aws:kms", DR_KEY, true],
      ]);
      expect(one(prod, T.logging).inputs).toMatchObject({
        targetPrefix: "s3-access/",
        targetBucket: "entmoot-production-data-access-logs-abc1234",
      });
    });

    it("tiers, expires old versions and aborts stale uploads", () => {
      const rule = (
        one(prod, T.lifecycle, "entmoot-production-data").inputs.rules as Record<string, unknown>[]
      )[0];
      expect(rule).toMatchObject({
        status: "Enabled",
        transitions: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER_IR" },
        ],
        noncurrentVersionExpiration: { noncurrentDays: 90 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      });
      const logs = (
        one(prod, T.lifecycle, "entmoot-production-data-access-logs").inputs.rules as Record<
          string,
          unknown
        >[]
      )[0];
      expect(logs).toMatchObject({ expiration: { days: 365 } });
    });

    it("configures replication only once its role may read and write", () => {
      expect(
        deps["production-medium"]!.get(
          "aws:s3/bucketReplicationConfig:BucketReplicationConfig::entmoot-production-data",
        ),
      ).toContain("aws:iam/rolePolicy:RolePolicy::entmoot-production-data-replication");
    });

    it("replicates to the DR region in production only", () => {
      const r = one(prod, T.replication);
      const [rule] = r.inputs.rules as Record<string, unknown>[];
      expect(rule).toMatchObject({
        status: "Enabled",
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: "arn:aws:s3:::entmoot-production-data-replica-abc1234",
          encryptionConfiguration: { replicaKmsKeyId: DR_KEY },
        },
      });
      expect(one(prod, T.bucket, "entmoot-production-data-replica").provider).toContain(
        "entmoot-production-aws-dr",
      );
      expect(ofType(staging, T.replication)).toHaveLength(0);
      expect(ofType(staging, T.bucket)).toHaveLength(2);
    });

    it("protects buckets in production and lets staging be destroyed", () => {
      expect(ofType(prod, T.bucket).map((b) => [b.protect, b.inputs.forceDestroy])).toEqual([
        [true, false],
        [true, false],
        [true, false],
      ]);
      expect(ofType(staging, T.bucket).map((b) => [b.protect, b.inputs.forceDestroy])).toEqual([
        [false, true],
        [false, true],
      ]);
      expect(prod.result.bucket).toBe("entmoot-production-data-abc1234");
    });
  });

  describe("AwsBackup", () => {
    type Rule = {
      ruleName: string;
      enableContinuousBackup?: boolean;
      schedule: string;
      lifecycle: { deleteAfter: number };
      copyActions?: { destinationVaultArn: string }[];
    };
    it("backs up continuously, hourly and daily in production, copying dailies to the DR vault", () => {
      const rules = one(prod, T.plan).inputs.rules as Rule[];
      expect(
        rules.map((r) => [r.ruleName, r.enableContinuousBackup ?? false, r.lifecycle.deleteAfter]),
      ).toEqual([
        ["continuous", true, 30],
        ["hourly", false, 2],
        ["daily", false, 30],
      ]);
      expect(rules[1]!.schedule).toBe("cron(0 * * * ? *)");
      expect(rules[2]!.copyActions?.map((c) => c.destinationVaultArn)).toEqual([
        "arn:aws:backup:us-east-1:123456789012:backup-vault:entmoot-production-backup-dr",
      ]);
      const vaults = ofType(prod, T.vault);
      expect(vaults.map((v) => [v.name, v.inputs.kmsKeyArn, v.protect])).toEqual([
        ["entmoot-production-backup", DATA_KEY, true],
        ["entmoot-production-backup-dr", DR_KEY, true],
      ]);
      expect(vaults[1]!.provider).toContain("entmoot-production-aws-dr");
      expect(ofType(prod, T.vaultLock)).toHaveLength(2);
    });

    it("leaves backup retention to AWS Backup's continuous rule, since RDS refuses retention changes once it owns them", () => {
      const primary = one(prod, T.instance, "entmoot-production-db");
      expect(primary.ignoreChanges).toEqual(["backupRetentionPeriod", "backupWindow"]);
      // The retention still comes from the spec, through the rule AWS Backup applies.
      const rules = one(prod, T.plan).inputs.rules as any[];
      expect(rules.find((r) => r.ruleName === "continuous").lifecycle.deleteAfter).toBe(
        primary.inputs.backupRetentionPeriod,
      );
      // Without a continuous rule (staging) RDS owns it and the stack manages it.
      expect(one(staging, T.instance, "entmoot-staging-db").ignoreChanges).toEqual([]);
    });

    it("keeps a 7-day daily backup without copies in staging", () => {
      const rules = one(staging, T.plan).inputs.rules as Rule[];
      expect(rules.map((r) => [r.ruleName, r.lifecycle.deleteAfter, r.copyActions])).toEqual([
        ["daily", 7, undefined],
      ]);
      expect(ofType(staging, T.vault).map((v) => [v.inputs.forceDestroy, v.protect])).toEqual([
        [true, false],
      ]);
      expect(ofType(staging, T.vaultLock)).toHaveLength(0);
    });

    it("selects the database and the bucket with the AWS Backup service role", () => {
      expect(one(prod, T.selection).inputs.resources).toEqual([
        "arn:aws:rds:us-east-1:123456789012:db:entmoot-production-db",
        "arn:aws:s3:::entmoot-production-data-abc1234",
      ]);
      const policies = ofType(prod, T.attachment)
        .map((a) => String(a.inputs.policyArn))
        .filter((a) => a.includes("AWSBackup"));
      expect(policies).toEqual([
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
      ]);
    });
  });
});

describe("argument checks (rejected before anything is registered)", () => {
  const key = { arn: "arn:aws:kms:us-east-1:123456789012:key/x" } as unknown as kms.Key;
  async function build(
    kind: "database" | "cache" | "storage" | "backup" | "secrets",
    env: Environment,
    patch: (spec: PlatformSpec) => PlatformSpec,
    extra: Record<string, unknown> = {},
  ) {
    const spec = patch(testSpec("aws", env, "medium"));
    // No providers at all: the checks must fire before any resource would need one.
    const context = { spec, provider: undefined as never, drProvider: undefined };
    const common = {
      environment: env,
      region: spec.region,
      tags: {},
      protect: spec.protect,
      context,
      key,
      ...extra,
    };
    const secret = undefined as never;
    switch (kind) {
      case "database": {
        const { AwsDatabase } = await import("../../providers/aws/database");
        return new AwsDatabase("db", {
          ...common,
          spec: spec.database,
          tier: "medium",
          subnetIds: ["a", "b"],
          securityGroupId: "sg",
          logsKey: key,
          logRetentionDays: 30,
          partition: "aws",
          password: secret,
          secretArn: secret,
          ...extra,
        });
      }
      case "cache": {
        const { AwsCache } = await import("../../providers/aws/cache");
        return new AwsCache("cache", {
          ...common,
          spec: spec.cache,
          tier: "medium",
          subnetIds: ["a", "b"],
          securityGroupId: "sg",
          logsKey: key,
          logRetentionDays: 30,
          authToken: secret,
          secretArn: secret,
        });
      }
      case "storage": {
        const { AwsStorage } = await import("../../providers/aws/storage");
        return new AwsStorage("data", { ...common, spec: spec.storage, accountId: "123456789012" });
      }
      case "backup": {
        const { AwsBackup } = await import("../../providers/aws/backup");
        return new AwsBackup("backup", { ...common, database: secret, partition: "aws" });
      }
      case "secrets": {
        const { AwsSecrets } = await import("../../providers/aws/secrets");
        return new AwsSecrets("secrets", { ...common, operatorSecrets: [] });
      }
    }
  }
  const same = (s: PlatformSpec) => s;

  it.each([
    [
      "database",
      "production",
      "AwsDatabase db: crossRegionBackups needs context.drProvider and drKey",
      same,
      {},
    ],
    [
      "database",
      "staging",
      "AwsDatabase db: RDS needs subnets in at least 2 zones (got 1)",
      same,
      { subnetIds: ["a"] },
    ],
    [
      "database",
      "staging",
      "AwsDatabase db: maxStorageGB (10) is below storageGB (200)",
      (s: PlatformSpec) => ({ ...s, database: { ...s.database, maxStorageGB: 10 } }),
      {},
    ],
    [
      "cache",
      "staging",
      'AwsCache cache: engineVersion must be a Valkey 7.x or 8.x version such as "7.2" or "8.0" (got "6.2")',
      (s: PlatformSpec) => ({ ...s, cache: { ...s.cache, engineVersion: "6.2" } }),
      {},
    ],
    [
      "cache",
      "staging",
      "AwsCache cache: cluster mode (shards > 1) requires failover, i.e. at least 2 nodes per shard",
      (s: PlatformSpec) => ({
        ...s,
        cache: { ...s.cache, shards: 3, nodesPerShard: 1, failover: false },
      }),
      {},
    ],
    [
      "storage",
      "production",
      "AwsStorage data: crossRegionReplication needs context.drProvider and drKey",
      same,
      {},
    ],
    [
      "storage",
      "staging",
      "AwsStorage data: S3 moves objects to STANDARD_IA after 30 days at the earliest (got 7)",
      (s: PlatformSpec) => ({ ...s, storage: { ...s.storage, infrequentAccessAfterDays: 7 } }),
      {},
    ],
    [
      "backup",
      "production",
      "AwsBackup backup: crossRegionBackups needs context.drProvider and drKey",
      same,
      {},
    ],
    [
      "secrets",
      "staging",
      "AwsSecrets secrets: drKey is given but the spec has no drRegion to replicate to",
      (s: PlatformSpec) => ({ ...s, drRegion: undefined }),
      { drKey: key },
    ],
  ] as const)("%s in %s: %s", async (kind, env, message, patch, extra) => {
    await expect(build(kind, env, patch, extra)).rejects.toThrow(message);
  });
});
