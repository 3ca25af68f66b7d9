/**
 * The policy rules on minimal AWS resources (run by test/policy/minimal.test.ts): each FAILING
 * case breaks its policy with exactly the given messages, each PASSING case is a near miss that
 * must not. The edge rules' cases are in policyEdgeCases.ts.
 */
import { STATEFUL_TYPES, T } from "../../providers/aws/policy";
import { NAME, res, type Case, type Passing } from "../policy/cases";
import { EDGE_FAILING, EDGE_PASSING } from "./policyEdgeCases";

const BLOCK_ALL = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};

const DATA_FAILING: Case[] = [
  [
    "no-public-database",
    [res(T.rds, { publiclyAccessible: true })],
    "production",
    ["publiclyAccessible must be false (is true)"],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(T.rds, { storageEncrypted: false })],
    "production",
    [
      "storageEncrypted must be true (is false)",
      "kmsKeyId must name a customer-managed KMS key (is unset)",
    ],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [
      res(T.rdsParams, {
        family: "postgres16",
        parameters: [{ name: "rds.force_ssl", value: "0" }],
      }),
    ],
    "production",
    ['parameter rds.force_ssl must be "1" (is "0")'],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(T.rdsParams, { family: "postgres16", parameters: [] })],
    "staging",
    ['parameter rds.force_ssl must be "1" (is unset)'],
  ],
  [
    "cache-encryption",
    [
      res(T.redisGroup, {
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
    [res(T.redisGroup, { transitEncryptionEnabled: true, authToken: "t" })],
    "staging",
    ["atRestEncryptionEnabled must be true (is unset)"],
  ],
  [
    "private-buckets",
    [res(T.s3Block, { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true })],
    "production",
    ["blockPublicPolicy must be true (is false)", "restrictPublicBuckets must be true (is unset)"],
  ],
  ["private-buckets", [res(T.s3, {})], "staging", ["S3 bucket has no BucketPublicAccessBlock"]],
  [
    "private-buckets",
    [res(T.s3, {}), res(T.s3Block, BLOCK_ALL, { name: "entmoot-production-other" })],
    "production",
    ["S3 bucket has no BucketPublicAccessBlock"],
  ],
  ...STATEFUL_TYPES.map((type): Case => [
    "production-protection",
    [res(type, {}, { protect: false })],
    "production",
    [
      "stateful resource must be protected (protect: true)",
      ...(type === T.rds ? ["deletionProtection must be true (is unset)"] : []),
    ],
  ]),
  [
    "production-protection",
    [res(T.rds, { deletionProtection: false })],
    "production",
    ["deletionProtection must be true (is false)"],
  ],
  [
    "production-protection",
    [res(T.alb, { enableDeletionProtection: false })],
    "production",
    ["enableDeletionProtection must be true (is false)"],
  ],
  [
    "backups",
    [res(T.rds, { backupRetentionPeriod: 7 })],
    "production",
    ["backupRetentionPeriod must be at least 30 in production (is 7)"],
  ],
  [
    "backups",
    [res(T.rds, { backupRetentionPeriod: 6 })],
    "staging",
    ["backupRetentionPeriod must be at least 7 in staging (is 6)"],
  ],
  [
    "backups",
    [res(T.rds, {})],
    "staging",
    ["backupRetentionPeriod must be at least 7 in staging (is unset)"],
  ],
  [
    "high-availability",
    [res(T.rds, { multiAz: false })],
    "production",
    ["multiAz must be true (is false)"],
  ],
  [
    "high-availability",
    [res(T.redisGroup, { automaticFailoverEnabled: true })],
    "production",
    ["multiAzEnabled must be true (is unset)"],
  ],
  [
    "high-availability",
    [res(T.scaling, { serviceNamespace: "ecs", minCapacity: 1 })],
    "production",
    ["minCapacity must be at least 2 in production (is 1)"],
  ],
];

const DATA_PASSING: Passing[] = [
  [
    "private-buckets",
    [
      res(T.s3, {}),
      res(T.s3Block, BLOCK_ALL, {
        name: "entmoot-production-any",
        dependencies: { bucket: [NAME] },
      }),
    ],
    "production",
  ],
  ["secrets-not-plain", [res(T.rds, { password: "p" })], "production"],
  [
    "production-protection",
    [res(T.rds, { deletionProtection: false }, { protect: false })],
    "staging",
  ],
  [
    "high-availability",
    [res(T.rds, { multiAz: false, replicateSourceDb: "primary" })],
    "production",
  ],
];

export const FAILING: Case[] = [...DATA_FAILING, ...EDGE_FAILING];
export const PASSING: Passing[] = [...DATA_PASSING, ...EDGE_PASSING];
