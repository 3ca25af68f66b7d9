import type * as aws from "@pulumi/aws/provider";
import * as s3 from "@pulumi/aws/s3";
import type { input } from "@pulumi/aws/types";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucketArgs {
  /** Customer-managed key ARN for SSE-KMS; undefined encrypts with SSE-S3 (AES256). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly lifecycleRules: pulumi.Input<input.s3.BucketLifecycleConfigurationRule>[];
  /** Extra bucket-policy statements, besides the TLS-only denials every bucket gets. */
  readonly statements?: (
    bucketArn: pulumi.Output<string>,
  ) => pulumi.Input<Record<string, unknown>>[];
  /** Pulumi `protect` on the bucket; false also lets a destroy empty it (forceDestroy). */
  readonly protect: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface PrivateBucketOptions {
  readonly parent: pulumi.Resource;
  /** Region's provider; undefined inherits the parent's. */
  readonly provider?: aws.Provider;
}

export interface PrivateBucket {
  readonly bucket: s3.Bucket;
  /** Versioning must exist before replication or backup use the bucket. */
  readonly versioning: s3.BucketVersioning;
  readonly policy: s3.BucketPolicy;
}

/**
 * The settings every Entmoot bucket has (provider v7 keeps each in its own resource):
 * versioning, default encryption with an S3 bucket key (fewer KMS calls, lower cost), all four
 * public-access blocks, ACLs disabled (BucketOwnerEnforced), a policy refusing plain HTTP and
 * TLS below 1.2, a lifecycle, and EventBridge notifications. AWS Backup's S3 backups rely on the
 * bucket's EventBridge notifications (it turns them on itself); declaring them here keeps a
 * later `pulumi up` from switching them off, and lets event consumers be added without touching
 * the bucket.
 *
 * Buckets are auto-named by Pulumi (`<name>-<random>`): names are global across all accounts, the
 * random suffix makes them unique without publishing the account id in them, and a replacement
 * can be created before the old bucket is deleted. (The SDK also offers `bucketPrefix`, but that
 * bypasses Pulumi's naming and gives no stable, readable name.)
 */
export function privateBucket(
  name: string,
  args: PrivateBucketArgs,
  opts: PrivateBucketOptions,
): PrivateBucket {
  const child: pulumi.CustomResourceOptions = { parent: opts.parent, provider: opts.provider };
  const bucket = new s3.Bucket(
    name,
    // forceDestroy only where nothing is protected: staging must tear down even when not empty.
    { forceDestroy: !args.protect, tags: { ...args.tags, Name: name } },
    { ...child, protect: args.protect },
  );
  const versioning = new s3.BucketVersioning(
    name,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    child,
  );
  new s3.BucketServerSideEncryptionConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault:
            args.kmsKeyArn === undefined
              ? { sseAlgorithm: "AES256" }
              : { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
          bucketKeyEnabled: args.kmsKeyArn !== undefined,
        },
      ],
    },
    child,
  );
  const publicAccess = new s3.BucketPublicAccessBlock(
    name,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    child,
  );
  new s3.BucketOwnershipControls(
    name,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    child,
  );

  const objects = pulumi.interpolate`${bucket.arn}/*`;
  const policy = new s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket.arn, objects],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "DenyTlsBelow12",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket.arn, objects],
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
          },
          ...(args.statements?.(bucket.arn) ?? []),
        ],
      }),
    },
    // The public-access block first, so that no moment exists with a policy and no block.
    { ...child, dependsOn: [publicAccess] },
  );
  new s3.BucketLifecycleConfiguration(
    name,
    { bucket: bucket.id, rules: args.lifecycleRules },
    { ...child, dependsOn: [versioning] },
  );
  new s3.BucketNotification(name, { bucket: bucket.id, eventbridge: true }, child);
  return { bucket, versioning, policy };
}
