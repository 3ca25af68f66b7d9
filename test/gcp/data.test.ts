import { beforeAll, describe, expect, it, test } from "vitest";
import type { RecordedResource } from "../../src/plan/harness";
import { runWithMocks } from "../../src/plan/harness";
import { TEST_PROJECT, testSpec } from "../support/spec";

const PROJECT = TEST_PROJECT;
const T = {
  sql: "gcp:sql/databaseInstance:DatabaseInstance",
  sqlUser: "gcp:sql/user:User",
  sqlDatabase: "gcp:sql/database:Database",
  redis: "gcp:redis/instance:Instance",
  bucket: "gcp:storage/bucket:Bucket",
  secret: "gcp:secretmanager/secret:Secret",
  secretVersion: "gcp:secretmanager/secretVersion:SecretVersion",
  subnet: "gcp:compute/subnetwork:Subnetwork",
  firewall: "gcp:compute/firewall:Firewall",
} as const;

type Env = "production" | "staging";

async function plan(environment: Env, tier: "small" | "medium" | "large", sentry = false) {
  const { createGcpContext } = await import("../../providers/gcp/context");
  const { GcpNetwork } = await import("../../providers/gcp/network");
  const { GcpSecrets } = await import("../../providers/gcp/secrets");
  const { GcpDatabase } = await import("../../providers/gcp/database");
  const { GcpCache } = await import("../../providers/gcp/cache");
  const { GcpStorage } = await import("../../providers/gcp/storage");
  const pulumi = await import("@pulumi/pulumi");
  const spec = testSpec("gcp", environment, tier);
  return runWithMocks(
    async () => {
      const context = createGcpContext(spec);
      const base = { environment, region: spec.region, tags: spec.tags, protect: spec.protect };
      const net = new GcpNetwork(`${spec.name}-net`, { ...base, spec: spec.network, context });
      const secrets = new GcpSecrets(`${spec.name}-secrets`, {
        ...base,
        context,
        drRegion: spec.drRegion,
        sentryDsn: sentry ? pulumi.secret("https://key@sentry.example.com/1") : undefined,
        operatorSecrets: ["SMTP_PASSWORD", "WEATHER_API_KEY"],
      });
      const db = new GcpDatabase(`${spec.name}-db`, {
        ...base,
        spec: spec.database,
        context,
        tier,
        drRegion: spec.drRegion,
        networkSelfLink: net.networkSelfLink,
        privateServiceConnection: net.privateServiceConnection,
        password: secrets.databasePassword,
        secretRef: secrets.databasePasswordRef,
      });
      const cache = new GcpCache(`${spec.name}-cache`, {
        ...base,
        spec: spec.cache,
        context,
        tier,
        networkId: net.networkId,
        privateServiceConnection: net.privateServiceConnection,
        secret: secrets.cacheSecret,
        secretRef: secrets.cachePasswordRef,
      });
      const storage = new GcpStorage(`${spec.name}-storage`, {
        ...base,
        spec: spec.storage,
        context,
        drRegion: spec.drRegion,
      });
      return {
        dbEndpoint: db.endpoint,
        readers: db.readerEndpoints,
        dbSecretRef: db.secretRef,
        dbPort: db.port,
        cacheEndpoint: cache.endpoint,
        cachePort: cache.port,
        cacheSecretRef: cache.secretRef,
        bucketName: storage.bucketName,
        cacheCa: cache.caCertificates,
        databaseCa: db.caCertificates,
      };
    },
    {
      stack: environment,
      config: { "entmoot:region": "us-central1", "entmoot:gcpProject": PROJECT },
    },
  );
}

type Plan = Awaited<ReturnType<typeof plan>>;
const ofType = (p: Plan, t: string) => p.resources.filter((r) => r.type === t);
const one = (p: Plan, t: string) => {
  const [r, ...rest] = ofType(p, t);
  expect(rest).toHaveLength(0);
  expect(r).toBeDefined();
  return r as RecordedResource;
};
const primary = (p: Plan) =>
  ofType(p, T.sql).find((r) => !r.inputs.masterInstanceName) as RecordedResource;
const replicas = (p: Plan) => ofType(p, T.sql).filter((r) => r.inputs.masterInstanceName);

const settings = (r: RecordedResource) => r.inputs.settings as any;
const flags = (r: RecordedResource) =>
  Object.fromEntries(
    (settings(r).databaseFlags as { name: string; value: string }[]).map((f) => [f.name, f.value]),
  );
const dataBucket = (p: Plan) =>
  ofType(p, T.bucket).find((b) => String(b.inputs.name).endsWith("-data")) as RecordedResource;
const logBucket = (p: Plan) =>
  ofType(p, T.bucket).find((b) => String(b.inputs.name).endsWith("-logs")) as RecordedResource;

describe("GCP network and data tier", () => {
  let prod: Plan;
  let staging: Plan;
  beforeAll(async () => {
    prod = await plan("production", "medium", true);
    staging = await plan("staging", "small");
  });

  describe("network", () => {
    it("is a custom-mode, regional-routing VPC", () => {
      const vpc = one(prod, "gcp:compute/network:Network");
      expect(vpc.inputs.autoCreateSubnetworks).toBe(false);
      expect(vpc.inputs.routingMode).toBe("REGIONAL");
    });

    it("gives every subnet private Google access and flow logs, inside the environment range", () => {
      const subnets = ofType(prod, T.subnet);
      expect(subnets.map((s) => s.inputs.ipCidrRange).sort()).toEqual([
        "10.20.0.0/20",
        "10.20.16.0/20",
      ]);
      for (const s of subnets) {
        expect(s.inputs.privateIpGoogleAccess).toBe(true);
        expect(s.inputs.logConfig).toMatchObject({
          metadata: "INCLUDE_ALL_METADATA",
          flowSampling: 0.5,
        });
        expect(s.inputs.region).toBe("us-central1");
      }
      expect(ofType(staging, T.subnet).map((s) => s.inputs.ipCidrRange)).toContain("10.30.0.0/20");
    });

    it("sends outbound traffic through Cloud NAT for both subnets, logging errors, with endpoint-independent mapping off: Cloud NAT refuses it together with dynamic port allocation", () => {
      const nat = one(prod, "gcp:compute/routerNat:RouterNat");
      expect(nat.inputs.natIpAllocateOption).toBe("AUTO_ONLY");
      // Cloud NAT refuses dynamic port allocation with endpoint-independent mapping on.
      expect(nat.inputs).toMatchObject({
        enableDynamicPortAllocation: true,
        enableEndpointIndependentMapping: false,
      });
      expect(nat.inputs.sourceSubnetworkIpRangesToNat).toBe("LIST_OF_SUBNETWORKS");
      expect(nat.inputs.subnetworks).toHaveLength(2);
      expect(nat.inputs.logConfig).toEqual({ enable: true, filter: "ERRORS_ONLY" });
      one(prod, "gcp:compute/router:Router");
    });

    it("peers a reserved /20 to Google's service producers", () => {
      const range = one(prod, "gcp:compute/globalAddress:GlobalAddress");
      expect(range.inputs).toMatchObject({
        purpose: "VPC_PEERING",
        addressType: "INTERNAL",
        prefixLength: 20,
        address: "10.20.128.0",
      });
      const conn = one(prod, "gcp:servicenetworking/connection:Connection");
      expect(conn.inputs.service).toBe("servicenetworking.googleapis.com");
      // The mock names resources after their Pulumi name; the connection takes the range's name.
      expect(conn.inputs.reservedPeeringRanges).toEqual([range.name]);
    });

    it("admits no inbound traffic: serverless NEGs take no health checks through the VPC firewall", () => {
      const rules = ofType(prod, T.firewall);
      // A rule admitting Google's health-check ranges to the app port would only open every VM
      // later placed in this VPC: Cloud Run behind a serverless NEG is never probed through it.
      expect(rules.filter((r) => r.inputs.allows !== undefined)).toEqual([]);
      expect(rules).toHaveLength(1);
      const deny = rules[0]!;
      expect(deny.inputs).toMatchObject({
        direction: "INGRESS",
        priority: 65534,
        sourceRanges: ["0.0.0.0/0"],
        denies: [{ protocol: "all" }],
      });
    });

    it("builds every GCP resource with the explicit provider", () => {
      const gcp = prod.resources.filter(
        (r) => r.custom && r.type.startsWith("gcp:") && !r.type.startsWith("pulumi:"),
      );
      expect(gcp.length).toBeGreaterThan(20);
      expect(gcp.every((r) => r.provider?.includes("entmoot-production-gcp"))).toBe(true);
    });
  });

  describe("database", () => {
    it("runs PostgreSQL 16 on the tier's custom machine, ENTERPRISE edition, SSD with autoresize", () => {
      const p = primary(prod);
      expect(p.inputs.databaseVersion).toBe("POSTGRES_16");
      expect(settings(p)).toMatchObject({
        tier: "db-custom-4-16384",
        edition: "ENTERPRISE",
        diskType: "PD_SSD",
        diskSize: 200,
        diskAutoresize: true,
        diskAutoresizeLimit: 800,
      });
      expect(settings(primary(staging)).tier).toBe("db-custom-2-7680");
      expect(p.ignoreChanges).toContain("settings.diskSize");
    });

    it("is REGIONAL in production and ZONAL in staging", () => {
      expect(settings(primary(prod)).availabilityType).toBe("REGIONAL");
      expect(settings(primary(staging)).availabilityType).toBe("ZONAL");
    });

    test.each(["production", "staging"] as const)(
      "has a private address only and requires TLS (%s)",
      (env) => {
        for (const r of ofType(env === "production" ? prod : staging, T.sql)) {
          expect(settings(r).ipConfiguration).toMatchObject({
            ipv4Enabled: false,
            sslMode: "ENCRYPTED_ONLY",
            privateNetwork: expect.stringContaining("entmoot-"),
          });
          expect(settings(r).ipConfiguration.authorizedNetworks).toBeUndefined();
        }
      },
    );

    it("keeps 30 backups in production and 7 in staging, with 7 and 6 days of PITR logs: Cloud SQL wants more retained backups than days of logs", () => {
      expect(settings(primary(prod)).backupConfiguration).toMatchObject({
        enabled: true,
        pointInTimeRecoveryEnabled: true,
        transactionLogRetentionDays: 7,
        backupRetentionSettings: { retainedBackups: 30, retentionUnit: "COUNT" },
      });
      expect(settings(primary(staging)).backupConfiguration).toMatchObject({
        enabled: true,
        pointInTimeRecoveryEnabled: true,
        transactionLogRetentionDays: 6,
        backupRetentionSettings: { retainedBackups: 7 },
      });
    });

    it("stores production backups in the DR region only", () => {
      expect(settings(primary(prod)).backupConfiguration.location).toBe("us-east1");
      expect(settings(primary(staging)).backupConfiguration.location).toBeUndefined();
    });

    it("adds read replicas per tier on the same private network", () => {
      const rs = replicas(prod);
      expect(rs).toHaveLength(1);
      expect(rs[0]?.inputs.masterInstanceName).toBe(primary(prod).name);
      expect(settings(rs[0]!)).toMatchObject({
        availabilityType: "ZONAL",
        ipConfiguration: { ipv4Enabled: false },
      });
      expect(settings(rs[0]!).backupConfiguration.enabled).toBe(false);
      expect(replicas(staging)).toHaveLength(0);
    });

    it("protects every production instance twice over, and no staging one", () => {
      for (const r of ofType(prod, T.sql)) {
        expect(r.protect).toBe(true);
        expect(r.inputs.deletionProtection).toBe(true);
        expect(settings(r).deletionProtectionEnabled).toBe(true);
      }
      for (const r of ofType(staging, T.sql)) {
        expect(r.protect).toBe(false);
        expect(r.inputs.deletionProtection).toBe(false);
        expect(settings(r).deletionProtectionEnabled).toBe(false);
      }
    });

    it("sets the logging and audit flags the benchmarks require", () => {
      for (const r of ofType(prod, T.sql)) {
        expect(flags(r)).toMatchObject({
          log_checkpoints: "on",
          log_connections: "on",
          log_disconnections: "on",
          log_lock_waits: "on",
          log_temp_files: "0",
          log_min_duration_statement: "-1",
          log_min_messages: "warning",
          "cloudsql.enable_pgaudit": "on",
        });
      }
    });

    it("turns on Query Insights without client addresses", () => {
      expect(settings(primary(prod)).insightsConfig).toMatchObject({
        queryInsightsEnabled: true,
        recordApplicationTags: true,
        recordClientAddress: false,
      });
    });

    it("creates the entmoot database and user with a secret password", () => {
      expect(one(prod, T.sqlDatabase).inputs.name).toBe("entmoot");
      const user = one(prod, T.sqlUser);
      expect(user.inputs.name).toBe("entmoot");
      expect(user.secretInputs).toContain("password");
      // The stored version and the user get the same generated password.
      const stored = ofType(prod, T.secretVersion).find((v) =>
        v.name.endsWith("database-password"),
      );
      expect(typeof user.inputs.password).toBe("string");
      expect(user.inputs.password).toBe(stored?.inputs.secretData);
    });

    it("outputs endpoints and a secret reference, never the password", () => {
      const out = prod.result as Record<string, unknown>;
      expect(out.dbEndpoint).toBe("10.20.0.3");
      expect(out.readers).toEqual(["10.20.0.4"]);
      expect(out.dbPort).toBe(5432);
      expect(out.dbSecretRef).toBe(
        `projects/${PROJECT}/secrets/entmoot-production-secrets-database-password`,
      );
      const password = String(one(prod, T.sqlUser).inputs.password);
      expect(JSON.stringify(out)).not.toContain(password);
      expect(JSON.stringify(out)).not.toContain("mock-auth");
    });
  });

  describe("cache", () => {
    it("is STANDARD_HA with read replicas, AUTH and TLS in production", () => {
      const c = one(prod, T.redis);
      expect(c.inputs).toMatchObject({
        tier: "STANDARD_HA",
        memorySizeGb: 6,
        readReplicasMode: "READ_REPLICAS_ENABLED",
        replicaCount: 2,
        authEnabled: true,
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        connectMode: "PRIVATE_SERVICE_ACCESS",
        redisVersion: "REDIS_7_2",
        deletionProtection: true,
      });
      expect(c.inputs.authorizedNetwork).toBeTruthy();
      expect(c.protect).toBe(true);
    });

    it("is BASIC with no replicas in staging, still with AUTH and TLS", () => {
      const c = one(staging, T.redis);
      expect(c.inputs).toMatchObject({
        tier: "BASIC",
        memorySizeGb: 1,
        authEnabled: true,
        transitEncryptionMode: "SERVER_AUTHENTICATION",
      });
      expect(c.inputs.readReplicasMode).toBeUndefined();
      expect(c.inputs.replicaCount).toBeUndefined();
      expect(c.protect).toBe(false);
    });

    it("sets secondaryIpRange with read replicas: required when a tier change enables them in place", () => {
      expect(one(prod, T.redis).inputs.secondaryIpRange).toBe("auto");
      expect(one(staging, T.redis).inputs.secondaryIpRange).toBeUndefined();
    });

    it("evicts any key when full (allkeys-lru): a cache, not a store", () => {
      for (const p of [prod, staging]) {
        expect(one(p, T.redis).inputs.redisConfigs).toEqual({ "maxmemory-policy": "allkeys-lru" });
      }
    });

    it("hands the instance's private server CA on, for the API to verify TLS", () => {
      const out = prod.result as Record<string, unknown>;
      expect(out.cacheCa).toContain("-----BEGIN CERTIFICATE-----");
      expect(out.databaseCa).toContain("-----BEGIN CERTIFICATE-----");
    });

    it("persists RDB snapshots, hourly in production", () => {
      expect(one(prod, T.redis).inputs.persistenceConfig).toMatchObject({
        persistenceMode: "RDB",
        rdbSnapshotPeriod: "ONE_HOUR",
      });
      expect(one(staging, T.redis).inputs.persistenceConfig).toMatchObject({
        persistenceMode: "RDB",
      });
    });

    it("stores the AUTH string as a secret version of the cache secret", () => {
      const auth = ofType(prod, T.secretVersion).find((v) => v.name.endsWith("-cache-auth"));
      expect(auth?.inputs.secretData).toBe("mock-auth");
      expect(auth?.secretInputs).toContain("secretData");
      const out = prod.result as Record<string, unknown>;
      expect(out.cacheEndpoint).toBe("10.30.0.4");
      expect(out.cachePort).toBe(6378);
      expect(out.cacheSecretRef).toBe(
        `projects/${PROJECT}/secrets/entmoot-production-secrets-cache-auth`,
      );
    });
  });

  describe("secrets", () => {
    it("replicates secrets to both regions in production and one in staging, protected in production", () => {
      for (const s of ofType(prod, T.secret)) {
        expect(s.inputs.replication).toEqual({
          userManaged: { replicas: [{ location: "us-central1" }, { location: "us-east1" }] },
        });
        expect(s.protect).toBe(true);
      }
      for (const s of ofType(staging, T.secret)) {
        expect(s.inputs.replication).toEqual({
          userManaged: { replicas: [{ location: "us-central1" }] },
        });
        expect(s.protect).toBe(false);
      }
    });

    it("never passes a password, AUTH string or DSN in a non-secret input", () => {
      const secrets = [
        String(one(prod, T.sqlUser).inputs.password),
        "mock-auth",
        "sentry.example.com",
      ];
      const leaks = prod.resources.flatMap((r) =>
        Object.entries(r.inputs)
          .filter(
            ([k, v]) =>
              secrets.some((x) => (JSON.stringify(v) ?? "").includes(x)) &&
              !r.secretInputs.includes(k),
          )
          .map(([k]) => `${r.name}.${k}`),
      );
      expect(leaks).toEqual([]);
    });

    it("creates each operator secret with a placeholder the stack never writes again", () => {
      for (const env of ["smtp-password", "weather-api-key"]) {
        const secret = ofType(prod, T.secret).find((r) => r.name.endsWith(`-secrets-${env}`));
        expect(secret?.inputs.secretId).toBe(`entmoot-production-secrets-${env}`);
        expect(secret?.protect).toBe(true);
        const version = ofType(prod, T.secretVersion).find((r) =>
          r.name.endsWith(`-secrets-${env}`),
        );
        expect(version?.inputs.secretData).toBe("unset");
        expect(version?.secretInputs).toContain("secretData");
        // The operator's `gcloud secrets versions add` supersedes it; an update must not undo it.
        expect(version?.ignoreChanges).toEqual(expect.arrayContaining(["secretData", "enabled"]));
      }
    });

    it("records every password and DSN as a secret input", () => {
      const versions = ofType(prod, T.secretVersion);
      expect(versions.map((v) => v.name).sort()).toEqual([
        "entmoot-production-cache-auth",
        "entmoot-production-secrets-database-password",
        "entmoot-production-secrets-sentry-dsn",
        "entmoot-production-secrets-smtp-password",
        "entmoot-production-secrets-weather-api-key",
      ]);
      expect(versions.every((v) => v.secretInputs.includes("secretData"))).toBe(true);
      expect(ofType(staging, T.secret).some((s) => s.name.endsWith("sentry-dsn"))).toBe(false);
    });
  });

  describe("storage", () => {
    test.each(["production", "staging"] as const)("locks both buckets down (%s)", (env) => {
      const buckets = ofType(env === "production" ? prod : staging, T.bucket);
      expect(buckets).toHaveLength(2);
      for (const b of buckets) {
        expect(b.inputs).toMatchObject({
          uniformBucketLevelAccess: true,
          publicAccessPrevention: "enforced",
          versioning: { enabled: true },
        });
        expect(b.inputs.forceDestroy).toBe(env !== "production");
        expect(b.protect).toBe(env === "production");
      }
    });

    it("ages data through cheaper classes, expires old versions and aborts stale uploads", () => {
      const rules = dataBucket(prod).inputs.lifecycleRules as {
        action: Record<string, unknown>;
        condition: Record<string, unknown>;
      }[];
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: { type: "SetStorageClass", storageClass: "NEARLINE" },
            condition: expect.objectContaining({ age: 30 }),
          }),
          expect.objectContaining({
            action: { type: "SetStorageClass", storageClass: "COLDLINE" },
            condition: expect.objectContaining({ age: 90 }),
          }),
          expect.objectContaining({
            action: { type: "Delete" },
            condition: expect.objectContaining({ daysSinceNoncurrentTime: 90 }),
          }),
          expect.objectContaining({
            action: { type: "AbortIncompleteMultipartUpload" },
            condition: { age: 7 },
          }),
        ]),
      );
    });

    it("keeps deleted objects 30 days in production and 7 in staging", () => {
      expect(dataBucket(prod).inputs.softDeletePolicy).toEqual({
        retentionDurationSeconds: 30 * 86400,
      });
      expect(dataBucket(staging).inputs.softDeletePolicy).toEqual({
        retentionDurationSeconds: 7 * 86400,
      });
    });

    it("logs data access with audit logs: usage logs need a grant domain-restricted sharing refuses", () => {
      // The legacy usage logs need objectCreator for group:cloud-storage-analytics@google.com,
      // which the org policy on by default since 2024 refuses: the first `up` would fail there.
      expect(
        prod.resources.filter((r) => String(r.inputs.member).includes("cloud-storage-analytics")),
      ).toEqual([]);
      expect(dataBucket(prod).inputs.logging).toBeUndefined();
      const audit = one(prod, "gcp:projects/iAMAuditConfig:IAMAuditConfig");
      expect(audit.inputs).toMatchObject({
        project: PROJECT,
        service: "storage.googleapis.com",
        auditLogConfigs: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
      });
      // The former usage-log bucket stays declared (protected stacks keep it) and expires.
      expect(logBucket(prod).inputs.lifecycleRules).toEqual(
        expect.arrayContaining([{ action: { type: "Delete" }, condition: { age: 365 } }]),
      );
    });

    it("is a turbo-replicated dual-region in production and single-region in staging", () => {
      expect(dataBucket(prod).inputs).toMatchObject({
        location: "US",
        customPlacementConfig: { dataLocations: ["US-CENTRAL1", "US-EAST1"] },
        rpo: "ASYNC_TURBO",
      });
      expect(dataBucket(staging).inputs.location).toBe("US-CENTRAL1");
      expect(dataBucket(staging).inputs.customPlacementConfig).toBeUndefined();
      expect(dataBucket(staging).inputs.rpo).toBeUndefined();
    });

    it("names buckets after the project", () => {
      expect((prod.result as Record<string, unknown>).bucketName).toBe(
        `${PROJECT}-entmoot-production-storage-data`,
      );
    });
  });
});

describe("GCP data tier at the large tier", () => {
  it("sizes a sharded cache as one instance with the shards' memory and keeps 2 DB replicas", async () => {
    const large = await plan("production", "large");
    expect(one(large, T.redis).inputs).toMatchObject({
      memorySizeGb: 39,
      tier: "STANDARD_HA",
      replicaCount: 2,
    });
    expect(replicas(large)).toHaveLength(2);
    expect(large.result.readers).toEqual(["10.20.0.4", "10.20.0.5"]);
  });
});

describe("GCP data tier rules (pure)", () => {
  test.each([
    ["us-central1", "us-east1", { location: "US", dataLocations: ["US-CENTRAL1", "US-EAST1"] }],
    [
      "northamerica-northeast1",
      "us-east4",
      { location: "US", dataLocations: ["NORTHAMERICA-NORTHEAST1", "US-EAST4"] },
    ],
    [
      "europe-west1",
      "europe-west4",
      { location: "EU", dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] },
    ],
    [
      "asia-northeast1",
      "asia-northeast2",
      { location: "ASIA", dataLocations: ["ASIA-NORTHEAST1", "ASIA-NORTHEAST2"] },
    ],
    ["us-central1", undefined, { location: "US-CENTRAL1" }],
  ])("places %s + %s", async (region, dr, expected) => {
    const { bucketPlacement } = await import("../../providers/gcp/locations");
    expect(bucketPlacement(region, dr)).toEqual(expected);
  });

  test.each([
    ["us-central1", "europe-west1", /no Cloud Storage dual-region spans/],
    ["australia-southeast1", "australia-southeast2", /no Cloud Storage dual-region spans/],
    ["us-central1", "us-central1", /two different regions/],
  ])("refuses a dual-region over %s + %s", async (region, dr, message) => {
    const { bucketPlacement } = await import("../../providers/gcp/locations");
    expect(() => bucketPlacement(region, dr)).toThrow(message);
  });

  test.each([
    ["p", "a".repeat(60), /limit is 63/],
    ["my-google-project", "x", /may not contain "google"/],
    ["Proj_1", "x", /not \[a-z0-9-\]/],
  ])("refuses bucket name %s-%s", async (project, name, message) => {
    const { bucketName } = await import("../../providers/gcp/locations");
    expect(() => bucketName(project, name, "data")).toThrow(message);
  });

  test.each([
    // skuGb, shards, nodesPerShard, failover -> tier, memory, read replicas
    [1, 1, 1, false, "BASIC", 1, 0],
    [1, 1, 2, true, "STANDARD_HA", 1, 0], // below 5 GB: failover replica only
    [6, 1, 3, true, "STANDARD_HA", 6, 2],
    [6, 1, 2, true, "STANDARD_HA", 6, 1],
    [13, 3, 3, true, "STANDARD_HA", 39, 2],
    [6, 1, 9, true, "STANDARD_HA", 6, 5], // Memorystore's ceiling
  ] as const)(
    "shapes %d GB x %d shards x %d nodes (failover %s)",
    async (gb, shards, nodes, failover, tier, memory, readReplicas) => {
      const { memorystoreShape } = await import("../../providers/gcp/cache");
      expect(memorystoreShape(gb, shards, nodes, failover)).toEqual({
        tier,
        memorySizeGb: memory,
        readReplicas,
      });
    },
  );

  it("maps engine versions and refuses unknown ones", async () => {
    const { redisVersion } = await import("../../providers/gcp/cache");
    expect(redisVersion("7.2")).toBe("REDIS_7_2");
    expect(() => redisVersion("8.0")).toThrow(/no version 8.0/);
  });

  test.each([
    ["db-custom-4-16384", "ENTERPRISE"],
    ["db-g1-small", "ENTERPRISE"],
    ["db-perf-optimized-N-4", "ENTERPRISE_PLUS"],
  ])("puts %s in edition %s", async (machine, edition) => {
    const { sqlEdition } = await import("../../providers/gcp/database");
    expect(sqlEdition(machine)).toBe(edition);
  });

  it("lays the network out in /20 slots of the environment range", async () => {
    const { networkSlot } = await import("../../providers/gcp/network");
    expect(networkSlot("10.0.0.0/16", "workloads")).toBe("10.0.0.0/20");
    expect(networkSlot("10.10.0.0/16", "run")).toBe("10.10.16.0/20");
    expect(networkSlot("10.10.0.0/16", "services")).toBe("10.10.128.0/20");
  });

  it("sets each database flag once", async () => {
    const { postgresFlags } = await import("../../providers/gcp/postgresFlags");
    const names = postgresFlags().map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("GCP data tier refuses impossible args", () => {
  // Components check their args before registering anything, so no Pulumi run is needed and the
  // resource inputs the checks never reach can be left empty.
  async function setup(environment: Env) {
    const spec = testSpec("gcp", environment, "medium");
    return {
      spec,
      context: { spec, project: PROJECT, provider: undefined as never },
      base: { environment, region: spec.region, tags: spec.tags, protect: spec.protect },
      ...(await import("../../providers/gcp/network")),
      ...(await import("../../providers/gcp/secrets")),
      ...(await import("../../providers/gcp/database")),
      ...(await import("../../providers/gcp/cache")),
      ...(await import("../../providers/gcp/storage")),
    };
  }

  test.each([
    [
      "pitrDays beyond ENTERPRISE's 7",
      { pitrDays: 8, backupRetentionDays: 30 },
      "us-east1",
      /pitrDays must be 1-7 on ENTERPRISE/,
    ],
    [
      "a single retained backup (logs replay only from an older retained backup)",
      { backupRetentionDays: 1, pitrDays: 7 },
      "us-east1",
      /backupRetentionDays \(1\) must be at least 2/,
    ],
    [
      "cross-region backups without a DR region",
      {},
      undefined,
      /crossRegionBackups needs a drRegion/,
    ],
    ["too many replicas", { readReplicas: 11 }, "us-east1", /readReplicas must be 0-10/],
  ])("GcpDatabase: %s", async (_, override, drRegion, message) => {
    const c = await setup("production");
    const build = () =>
      new c.GcpDatabase("d", {
        ...c.base,
        spec: { ...c.spec.database, ...override },
        context: c.context,
        tier: "medium",
        drRegion,
        networkSelfLink: "net",
        privateServiceConnection: undefined as never,
        password: "x",
        secretRef: "ref",
      });
    expect(build).toThrow(message);
  });

  it("GcpCache: failover with a single node", async () => {
    const c = await setup("production");
    const build = () =>
      new c.GcpCache("c", {
        ...c.base,
        spec: { ...c.spec.cache, nodesPerShard: 1, failover: true },
        context: c.context,
        tier: "medium",
        networkId: "net",
        privateServiceConnection: undefined as never,
        secret: undefined as never,
        secretRef: "ref",
      });
    expect(build).toThrow(/failover needs at least 2 nodes/);
  });

  test.each([
    [
      "soft delete below 7 days",
      { softDeleteDays: 5 },
      "us-east1",
      /softDeleteDays must be 0 or 7-90/,
    ],
    [
      "archive before infrequent access",
      { archiveAfterDays: 10 },
      "us-east1",
      /archiveAfterDays \(10\) must come after/,
    ],
    ["replication without a DR region", {}, undefined, /crossRegionReplication needs a drRegion/],
    ["a dual-region across continents", {}, "europe-west1", /no Cloud Storage dual-region spans/],
  ])("GcpStorage: %s", async (_, override, drRegion, message) => {
    const c = await setup("production");
    const build = () =>
      new c.GcpStorage("st", {
        ...c.base,
        spec: { ...c.spec.storage, ...override },
        context: c.context,
        drRegion,
      });
    expect(build).toThrow(message);
  });

  it("GcpNetwork: a range too small for its slots", async () => {
    const c = await setup("staging");
    const build = () =>
      new c.GcpNetwork("n", {
        ...c.base,
        spec: { ...c.spec.network, cidr: "10.0.0.0/20" },
        context: c.context,
      });
    expect(build).toThrow(/must be a \/16 or larger/);
  });

  it("GcpSecrets: a DR region equal to the primary", async () => {
    const c = await setup("staging");
    const build = () =>
      new c.GcpSecrets("s", {
        ...c.base,
        context: c.context,
        drRegion: "us-central1",
        operatorSecrets: [],
      });
    expect(build).toThrow(/drRegion must differ from region/);
  });
});
