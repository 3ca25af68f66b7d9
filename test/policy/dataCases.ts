/**
 * Minimal cases for the data-tier rules (policy/checks/data.ts): each FAILING case breaks its
 * policy with exactly the given messages, each PASSING case is a near miss that must not.
 */
import { STATEFUL_TYPES } from "../../policy/rules";
import {
  FRONTEND_PARENT,
  GCS,
  GROUP,
  NAME,
  RDS,
  RUN,
  SQL,
  res,
  type Case,
  type Passing,
} from "./cases";

export const DATA_FAILING: Case[] = [
  [
    "no-public-database",
    [res(RDS, { publiclyAccessible: true })],
    "production",
    ["publiclyAccessible must be false (is true)"],
  ],
  [
    "no-public-database",
    [res(SQL, { settings: { ipConfiguration: { ipv4Enabled: true } } })],
    "staging",
    ["settings.ipConfiguration.ipv4Enabled must be false (is true)"],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(RDS, { storageEncrypted: false })],
    "production",
    [
      "storageEncrypted must be true (is false)",
      "kmsKeyId must name a customer-managed KMS key (is unset)",
    ],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [
      res("aws:rds/parameterGroup:ParameterGroup", {
        family: "postgres16",
        parameters: [{ name: "rds.force_ssl", value: "0" }],
      }),
    ],
    "production",
    ['parameter rds.force_ssl must be "1" (is "0")'],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res("aws:rds/parameterGroup:ParameterGroup", { family: "postgres16", parameters: [] })],
    "staging",
    ['parameter rds.force_ssl must be "1" (is unset)'],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(SQL, { settings: { ipConfiguration: { sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } })],
    "production",
    [
      'settings.ipConfiguration.sslMode must be one of ENCRYPTED_ONLY, TRUSTED_CLIENT_CERTIFICATE_REQUIRED (is "ALLOW_UNENCRYPTED_AND_ENCRYPTED")',
    ],
  ],
  [
    "cache-encryption",
    [
      res(GROUP, {
        transitEncryptionEnabled: false,
        atRestEncryptionEnabled: true,
        transitEncryptionMode: "preferred",
      }),
    ],
    "production",
    [
      "transitEncryptionEnabled must be true (is false)",
      'transitEncryptionMode must be "required" (is "preferred")',
      "authToken must be set (AUTH is off)",
    ],
  ],
  [
    "cache-encryption",
    [res(GROUP, { transitEncryptionEnabled: true, authToken: "t" })],
    "staging",
    ["atRestEncryptionEnabled must be true (is unset)"],
  ],
  [
    "cache-encryption",
    [res("gcp:redis/instance:Instance", { authEnabled: false, transitEncryptionMode: "DISABLED" })],
    "production",
    [
      "authEnabled must be true (is false)",
      'transitEncryptionMode must be "SERVER_AUTHENTICATION" (is "DISABLED")',
    ],
  ],
  [
    "private-buckets",
    [
      res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
        blockPublicAcls: true,
        blockPublicPolicy: false,
        ignorePublicAcls: true,
      }),
    ],
    "production",
    ["blockPublicPolicy must be true (is false)", "restrictPublicBuckets must be true (is unset)"],
  ],
  [
    "private-buckets",
    [res("aws:s3/bucket:Bucket", {})],
    "staging",
    ["S3 bucket has no BucketPublicAccessBlock"],
  ],
  [
    "private-buckets",
    [
      res("aws:s3/bucket:Bucket", {}),
      res(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        { name: "entmoot-production-other" },
      ),
    ],
    "production",
    ["S3 bucket has no BucketPublicAccessBlock"],
  ],
  [
    "private-buckets",
    [res(GCS, { uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" })],
    "production",
    [
      "uniformBucketLevelAccess must be true (is false)",
      'publicAccessPrevention must be "enforced" (is "inherited")',
    ],
  ],
  // The exception is the frontend's own bucket only: its log bucket under the same parent is not.
  [
    "private-buckets",
    [
      res(
        GCS,
        { uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend-logs", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ['publicAccessPrevention must be "enforced" (is "inherited")'],
  ],
  [
    "private-buckets",
    [
      res(
        GCS,
        { uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ["uniformBucketLevelAccess must be true (is false)"],
  ],
  ...STATEFUL_TYPES.map((type): Case => [
    "production-protection",
    [res(type, {}, { protect: false })],
    "production",
    [
      "stateful resource must be protected (protect: true)",
      ...(type === RDS ? ["deletionProtection must be true (is unset)"] : []),
      ...(type === SQL
        ? [
            "deletionProtection must be true (is unset)",
            "settings.deletionProtectionEnabled must be true (is unset)",
          ]
        : []),
    ],
  ]),
  [
    "production-protection",
    [res(RDS, { deletionProtection: false })],
    "production",
    ["deletionProtection must be true (is false)"],
  ],
  [
    "production-protection",
    [res("aws:lb/loadBalancer:LoadBalancer", { enableDeletionProtection: false })],
    "production",
    ["enableDeletionProtection must be true (is false)"],
  ],
  [
    "production-protection",
    [res(SQL, { deletionProtection: true, settings: { deletionProtectionEnabled: false } })],
    "production",
    ["settings.deletionProtectionEnabled must be true (is false)"],
  ],
  [
    "backups",
    [res(RDS, { backupRetentionPeriod: 7 })],
    "production",
    ["backupRetentionPeriod must be at least 30 in production (is 7)"],
  ],
  [
    "backups",
    [res(RDS, { backupRetentionPeriod: 6 })],
    "staging",
    ["backupRetentionPeriod must be at least 7 in staging (is 6)"],
  ],
  [
    "backups",
    [res(RDS, {})],
    "staging",
    ["backupRetentionPeriod must be at least 7 in staging (is unset)"],
  ],
  [
    "backups",
    [
      res(SQL, {
        settings: {
          backupConfiguration: { enabled: false, backupRetentionSettings: { retainedBackups: 7 } },
        },
      }),
    ],
    "production",
    [
      "settings.backupConfiguration.enabled must be true (is false)",
      "settings.backupConfiguration.pointInTimeRecoveryEnabled must be true (is unset)",
      "settings.backupConfiguration.backupRetentionSettings.retainedBackups must be at least 30 in production (is 7)",
    ],
  ],
  [
    "high-availability",
    [res(RDS, { multiAz: false })],
    "production",
    ["multiAz must be true (is false)"],
  ],
  [
    "high-availability",
    [res(GROUP, { automaticFailoverEnabled: true })],
    "production",
    ["multiAzEnabled must be true (is unset)"],
  ],
  [
    "high-availability",
    [res(SQL, { settings: { availabilityType: "ZONAL" } })],
    "production",
    ['settings.availabilityType must be "REGIONAL" (is "ZONAL")'],
  ],
  [
    "high-availability",
    [res("gcp:redis/instance:Instance", { tier: "BASIC" })],
    "production",
    ['tier must be "STANDARD_HA" (is "BASIC")'],
  ],
  [
    "high-availability",
    [res("aws:appautoscaling/target:Target", { serviceNamespace: "ecs", minCapacity: 1 })],
    "production",
    ["minCapacity must be at least 2 in production (is 1)"],
  ],
  [
    "high-availability",
    [
      res(RUN, {
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        template: { scaling: { minInstanceCount: 1 } },
      }),
    ],
    "production",
    ["template.scaling.minInstanceCount must be at least 2 in production (is 1)"],
  ],
];

export const DATA_PASSING: Passing[] = [
  [
    "private-buckets",
    [
      res("aws:s3/bucket:Bucket", {}),
      res(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        { name: "entmoot-production-any", dependencies: { bucket: [NAME] } },
      ),
    ],
    "production",
  ],
  [
    "private-buckets",
    [
      res(
        GCS,
        { uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
  ],
  ["secrets-not-plain", [res(RDS, { password: "p" })], "production"],
  [
    "production-protection",
    [res(RDS, { deletionProtection: false }, { protect: false })],
    "staging",
  ],
  ["high-availability", [res(RDS, { multiAz: false, replicateSourceDb: "primary" })], "production"],
  [
    "backups",
    [
      res(SQL, {
        masterInstanceName: "primary",
        settings: { backupConfiguration: { enabled: false } },
      }),
    ],
    "production",
  ],
];
