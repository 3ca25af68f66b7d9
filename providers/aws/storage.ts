import * as iam from "@pulumi/aws/iam";
import type * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import type { input } from "@pulumi/aws/types";
import * as pulumi from "@pulumi/pulumi";
import type { StorageArgs, StorageOutputs, StorageSpec } from "../../src/platform";
import type { AwsContext } from "./context";
import { privateBucket } from "./privateBucket";

export interface AwsStorageArgs extends StorageArgs {
  readonly context: AwsContext;
  /** Encrypts the data bucket (SSE-KMS). */
  readonly key: kms.Key;
  /** Encrypts the DR replica bucket; required when spec.crossRegionReplication. */
  readonly drKey?: kms.Key;
  /** This account: only its own data bucket may deliver access logs to the log bucket. */
  readonly accountId: pulumi.Input<string>;
}

/** Where server access logs land in the log bucket. */
export const ACCESS_LOG_PREFIX = "s3-access/";

/**
 * Lifecycle of the data (and replica) bucket: Standard-IA after spec.infrequentAccessAfterDays,
 * then Glacier Instant Retrieval, not Flexible Retrieval: the API still serves old uploads and
 * GIS files directly, and only Instant Retrieval reads them in milliseconds without a restore.
 * Overwritten or deleted versions are kept spec.noncurrentVersionExpiryDays (the undo window),
 * then expire; abandoned multipart uploads and orphaned delete markers are cleaned up.
 */
export function dataLifecycle(spec: StorageSpec): input.s3.BucketLifecycleConfigurationRule[] {
  return [
    {
      id: "tiering-and-cleanup",
      status: "Enabled",
      filter: {},
      transitions: [
        { days: spec.infrequentAccessAfterDays, storageClass: "STANDARD_IA" },
        { days: spec.archiveAfterDays, storageClass: "GLACIER_IR" },
      ],
      noncurrentVersionExpiration: { noncurrentDays: spec.noncurrentVersionExpiryDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: spec.abortIncompleteUploadDays },
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
}

/**
 * Object storage for the API (STORAGE_BUCKET):
 * - the data bucket: versioned, SSE-KMS with the data key, private, TLS-only, tiered lifecycle;
 * - a log bucket receiving the data bucket's server access logs, kept spec.accessLogRetentionDays.
 *   It uses SSE-S3 (AES256): AWS documents SSE-S3 as the supported default encryption for access
 *   log targets, and SSE-KMS would need the log-delivery principal in the data key's policy. The
 *   logs hold request metadata, not object contents;
 * - in production, a replica bucket in the DR region (versioned, SSE-KMS with the DR key,
 *   private, TLS-only) fed by S3 replication, including KMS-encrypted objects and delete markers.
 */
export class AwsStorage extends pulumi.ComponentResource implements StorageOutputs {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly bucket: s3.Bucket;
  /** Versioning of the data bucket; AWS Backup and replication need it in place first. */
  readonly versioning: s3.BucketVersioning;
  readonly logBucket: s3.Bucket;
  readonly replicaBucket?: s3.Bucket;
  readonly replicationRole?: iam.Role;

  constructor(name: string, args: AwsStorageArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Checked before super(): a rejected component registers nothing.
    const { spec } = args;
    const { drProvider } = args.context;
    if (spec.infrequentAccessAfterDays < 30) {
      throw new Error(
        `AwsStorage ${name}: S3 moves objects to STANDARD_IA after 30 days at the earliest (got ${spec.infrequentAccessAfterDays})`,
      );
    }
    if (spec.archiveAfterDays <= spec.infrequentAccessAfterDays) {
      throw new Error(
        `AwsStorage ${name}: archiveAfterDays (${spec.archiveAfterDays}) must come after infrequentAccessAfterDays (${spec.infrequentAccessAfterDays})`,
      );
    }
    if (spec.crossRegionReplication && (drProvider === undefined || args.drKey === undefined)) {
      throw new Error(
        `AwsStorage ${name}: crossRegionReplication needs context.drProvider and drKey`,
      );
    }
    super("entmoot:storage:AwsStorage", name, {}, opts);
    const common = { protect: args.protect, tags: args.tags };

    const data = privateBucket(
      name,
      { ...common, kmsKeyArn: args.key.arn, lifecycleRules: dataLifecycle(spec) },
      { parent: this },
    );
    this.bucket = data.bucket;
    this.versioning = data.versioning;

    const logs = privateBucket(
      `${name}-access-logs`,
      {
        ...common,
        lifecycleRules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: spec.accessLogRetentionDays },
            // Versioning guards logs against early deletion; a deleted log stays recoverable
            // for the same undo window as data.
            noncurrentVersionExpiration: { noncurrentDays: spec.noncurrentVersionExpiryDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: spec.abortIncompleteUploadDays },
          },
        ],
        // With ACLs disabled, log delivery is granted by policy, to this account's data bucket only.
        statements: (arn) => [
          {
            Sid: "AllowServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${arn}/${ACCESS_LOG_PREFIX}*`,
            Condition: {
              ArnLike: { "aws:SourceArn": this.bucket.arn },
              StringEquals: { "aws:SourceAccount": args.accountId },
            },
          },
        ],
      },
      { parent: this },
    );
    this.logBucket = logs.bucket;
    new s3.BucketLogging(
      name,
      {
        bucket: this.bucket.id,
        targetBucket: this.logBucket.bucket,
        targetPrefix: ACCESS_LOG_PREFIX,
        // Date-partitioned keys, so Athena can query a day without scanning the year.
        targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
      },
      { parent: this, dependsOn: [logs.policy] },
    );

    if (spec.crossRegionReplication && drProvider !== undefined && args.drKey !== undefined) {
      const drKey = args.drKey;
      const replica = privateBucket(
        `${name}-replica`,
        { ...common, kmsKeyArn: drKey.arn, lifecycleRules: dataLifecycle(spec) },
        { parent: this, provider: drProvider },
      );
      this.replicaBucket = replica.bucket;
      const drRegion = args.context.spec.drRegion ?? "";

      this.replicationRole = new iam.Role(
        `${name}-replication`,
        {
          description: `${name}: S3 replication to the DR bucket`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                // No aws:SourceArn/SourceAccount condition: S3 documents none for replication
                // roles, and a condition on a key it does not send would stop replication.
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
              },
            ],
          }),
        },
        { parent: this },
      );
      // Least privilege: read versions from this bucket, write replicas to that one, and use
      // each key only through S3 for that bucket's objects.
      const replicationPolicy = new iam.RolePolicy(
        `${name}-replication`,
        {
          role: this.replicationRole.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                Resource: this.bucket.arn,
              },
              {
                Effect: "Allow",
                Action: [
                  "s3:GetObjectVersionForReplication",
                  "s3:GetObjectVersionAcl",
                  "s3:GetObjectVersionTagging",
                ],
                Resource: pulumi.interpolate`${this.bucket.arn}/*`,
              },
              {
                Effect: "Allow",
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                Resource: pulumi.interpolate`${replica.bucket.arn}/*`,
              },
              {
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: args.key.arn,
                Condition: {
                  StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` },
                  // With bucket keys the encryption context is the bucket ARN, else the object's.
                  StringLike: {
                    "kms:EncryptionContext:aws:s3:arn": [
                      this.bucket.arn,
                      pulumi.interpolate`${this.bucket.arn}/*`,
                    ],
                  },
                },
              },
              {
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                Resource: drKey.arn,
                Condition: {
                  StringEquals: { "kms:ViaService": `s3.${drRegion}.amazonaws.com` },
                  StringLike: {
                    "kms:EncryptionContext:aws:s3:arn": [
                      replica.bucket.arn,
                      pulumi.interpolate`${replica.bucket.arn}/*`,
                    ],
                  },
                },
              },
            ],
          }),
        },
        { parent: this },
      );

      new s3.BucketReplicationConfig(
        name,
        {
          bucket: this.bucket.id,
          role: this.replicationRole.arn,
          rules: [
            {
              id: "disaster-recovery",
              status: "Enabled",
              filter: {},
              // Deletes reach the replica as delete markers, so a restore there matches the
              // primary; the versions underneath stay for the undo window.
              deleteMarkerReplication: { status: "Enabled" },
              // Every object here is SSE-KMS; without this S3 silently skips them.
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
              destination: {
                bucket: replica.bucket.arn,
                encryptionConfiguration: { replicaKmsKeyId: drKey.arn },
              },
            },
          ],
        },
        // S3 refuses a replication configuration until both buckets are versioned, and the role
        // must be able to read and write before the first object replicates.
        { parent: this, dependsOn: [data.versioning, replica.versioning, replicationPolicy] },
      );
    }

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      logBucket: this.logBucket.bucket,
      replicaBucket: this.replicaBucket?.bucket,
    });
  }
}
