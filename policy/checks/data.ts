/**
 * Rules for the data tier: databases, caches and buckets are private, encrypted, protected,
 * backed up and highly available.
 */
import {
  T,
  asList,
  at,
  expectValue,
  isGcpFrontendBucket,
  isRdsPrimary,
  isSet,
  isSqlPrimary,
  isTrue,
  show,
  type Environment,
  type PolicyResource,
  type Rule,
} from "../model";

export const noPublicDatabase: Rule = {
  name: "no-public-database",
  description: "Databases are reachable on private addresses only.",
  resource: (r) => {
    if (r.type === T.rds) return expectValue(r, "publiclyAccessible", false);
    if (r.type === T.sql) return expectValue(r, "settings.ipConfiguration.ipv4Enabled", false);
    return [];
  },
};

const SQL_SSL_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const databaseEncryption: Rule = {
  name: "database-encryption-in-transit-and-at-rest",
  description: "PostgreSQL is encrypted at rest with our KMS key and accepts TLS connections only.",
  resource: (r) => {
    if (r.type === T.rds) {
      const out = expectValue(r, "storageEncrypted", true);
      if (!isSet(r.inputs.kmsKeyId))
        out.push("kmsKeyId must name a customer-managed KMS key (is unset)");
      return out;
    }
    if (r.type === T.rdsParams && String(r.inputs.family ?? "").startsWith("postgres")) {
      const force = asList(r.inputs.parameters).find((p) => at(p, "name") === "rds.force_ssl");
      const value = at(force, "value");
      return value === "1" ? [] : [`parameter rds.force_ssl must be "1" (is ${show(value)})`];
    }
    if (r.type === T.sql) {
      const mode = at(r.inputs, "settings.ipConfiguration.sslMode");
      return SQL_SSL_MODES.includes(mode as string)
        ? []
        : [
            `settings.ipConfiguration.sslMode must be one of ${SQL_SSL_MODES.join(", ")} (is ${show(mode)})`,
          ];
    }
    return [];
  },
};

export const cacheEncryption: Rule = {
  name: "cache-encryption",
  description: "Redis requires TLS and AUTH and is encrypted at rest.",
  resource: (r) => {
    if (r.type === T.redisGroup) {
      const out: string[] = [];
      for (const key of ["transitEncryptionEnabled", "atRestEncryptionEnabled"]) {
        if (!isTrue(r.inputs[key])) out.push(`${key} must be true (is ${show(r.inputs[key])})`);
      }
      // "preferred" is the migration mode that still accepts plaintext clients.
      const mode = r.inputs.transitEncryptionMode;
      if (mode !== undefined && mode !== "required")
        out.push(`transitEncryptionMode must be "required" (is ${show(mode)})`);
      if (!isSet(r.inputs.authToken)) out.push("authToken must be set (AUTH is off)");
      return out;
    }
    if (r.type === T.memorystore) {
      return [
        ...expectValue(r, "authEnabled", true),
        ...expectValue(r, "transitEncryptionMode", "SERVER_AUTHENTICATION"),
      ];
    }
    return [];
  },
};

const S3_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

export const privateBuckets: Rule = {
  name: "private-buckets",
  description:
    "Buckets are private: S3 behind a full public access block, GCS with uniform access and public access prevention (except the GCP frontend bucket, which a backend bucket must read anonymously).",
  resource: (r) => {
    if (r.type === T.s3Block) return S3_BLOCK_FLAGS.flatMap((f) => expectValue(r, f, true));
    if (r.type === T.gcs) {
      const out = expectValue(r, "uniformBucketLevelAccess", true);
      if (!isGcpFrontendBucket(r))
        out.push(...expectValue(r, "publicAccessPrevention", "enforced"));
      return out;
    }
    return [];
  },
  // A block covers a bucket when its `bucket` input comes from that bucket or, where the caller
  // has no dependency data (the mock plan), when it carries the bucket's name as our components do.
  stack: (resources) => {
    const blocks = resources.filter((r) => r.type === T.s3Block);
    return resources
      .filter((r) => r.type === T.s3)
      .filter(
        (b) =>
          !blocks.some((p) => p.name === b.name || (p.dependencies?.bucket ?? []).includes(b.name)),
      )
      .map((b) => ({ resource: b, message: "S3 bucket has no BucketPublicAccessBlock" }));
  },
};

/** Types that hold data or identity and must survive a mistaken `pulumi destroy`. */
export const STATEFUL_TYPES = [
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:s3/bucket:Bucket",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:backup/vault:Vault",
  "aws:ecr/repository:Repository",
  "gcp:sql/databaseInstance:DatabaseInstance",
  "gcp:redis/instance:Instance",
  "gcp:storage/bucket:Bucket",
  "gcp:secretmanager/secret:Secret",
  "gcp:artifactregistry/repository:Repository",
];

export const productionProtection: Rule = {
  name: "production-protection",
  description:
    "In production, stateful resources carry Pulumi's protect and the cloud's deletion protection.",
  resource: (r, env) => {
    if (env !== "production") return [];
    const out =
      STATEFUL_TYPES.includes(r.type) && !r.protect
        ? ["stateful resource must be protected (protect: true)"]
        : [];
    if (r.type === T.rds) out.push(...expectValue(r, "deletionProtection", true));
    if (r.type === T.alb) out.push(...expectValue(r, "enableDeletionProtection", true));
    if (r.type === T.sql) {
      out.push(
        ...expectValue(r, "deletionProtection", true),
        ...expectValue(r, "settings.deletionProtectionEnabled", true),
      );
    }
    return out;
  },
};

/** Days of backups each environment keeps (DESIGN.md: 30 in production, 7 in staging). */
export const BACKUP_DAYS: Record<Environment, number> = { production: 30, staging: 7 };

export const backups: Rule = {
  name: "backups",
  description:
    "Primary databases keep 30 days of backups in production and 7 in staging, with point-in-time recovery.",
  resource: (r, env) => {
    const min = BACKUP_DAYS[env];
    if (isRdsPrimary(r)) {
      const days = r.inputs.backupRetentionPeriod;
      return typeof days === "number" && days >= min
        ? []
        : [`backupRetentionPeriod must be at least ${min} in ${env} (is ${show(days)})`];
    }
    if (isSqlPrimary(r)) {
      const out = [
        ...expectValue(r, "settings.backupConfiguration.enabled", true),
        ...expectValue(r, "settings.backupConfiguration.pointInTimeRecoveryEnabled", true),
      ];
      // Cloud SQL takes one backup a day, so a count of backups is a number of days.
      const kept = at(
        r.inputs,
        "settings.backupConfiguration.backupRetentionSettings.retainedBackups",
      );
      if (!(typeof kept === "number" && kept >= min)) {
        out.push(
          `settings.backupConfiguration.backupRetentionSettings.retainedBackups must be at least ${min} in ${env} (is ${show(kept)})`,
        );
      }
      return out;
    }
    return [];
  },
};

function atLeast(r: PolicyResource, path: string, min: number): string[] {
  const v = at(r.inputs, path);
  return typeof v === "number" && v >= min
    ? []
    : [`${path} must be at least ${min} in production (is ${show(v)})`];
}

export const highAvailability: Rule = {
  name: "high-availability",
  description: "In production, databases, caches and the API survive the loss of a zone.",
  resource: (r, env) => {
    if (env !== "production") return [];
    if (isRdsPrimary(r)) return expectValue(r, "multiAz", true);
    if (r.type === T.redisGroup) {
      return [
        ...expectValue(r, "automaticFailoverEnabled", true),
        ...expectValue(r, "multiAzEnabled", true),
      ];
    }
    if (isSqlPrimary(r)) return expectValue(r, "settings.availabilityType", "REGIONAL");
    if (r.type === T.memorystore) return expectValue(r, "tier", "STANDARD_HA");
    if (r.type === T.scaling && r.inputs.serviceNamespace === "ecs")
      return atLeast(r, "minCapacity", 2);
    if (r.type === T.run) return atLeast(r, "template.scaling.minInstanceCount", 2);
    return [];
  },
};
