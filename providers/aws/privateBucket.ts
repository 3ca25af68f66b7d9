import type * as aws from "@pulumi/aws/provider";
import * as s3 from "@pulumi/aws/s3";
import type { input } from "@pulumi/aws/types";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucketArgs {
  /** Customer-managed key ARN for SSE-KMS; undefined encrypts with SSE-S3 (AES256). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly lifecycleRules: pulumi.Input<input.s3.BucketLifecycleConfigurationRule>[];
  /** Bucket name for this bucket's S3 server access logs; undefined writes none. */
  readonly accessLogBucket?: pulumi.Input<string>;
  /** Key prefix of those logs. Defaults to `<name>/`. */
  readonly accessLogPrefix?: string;
  /** The log bucket's policy granting delivery: S3 test-writes when logging is switched on. */
  readonly accessLogPolicy?: pulumi.Resource;
  /**
   * Extra bucket-policy statements, besides the TLS denials every bucket gets. A grant to a
   * resource that is itself built from the bucket (a CloudFront distribution reading it) can name
   * it through `pulumi.deferredOutput`, resolved once that resource exists.
   */
  readonly statements?: (
    bucketArn: pulumi.Output<string>,
  ) => pulumi.Input<Record<string, unknown>>[];
  /** Deny requests over TLS below 1.2 (besides plain HTTP, always denied). Defaults to true. */
  readonly denyTlsBelow12?: boolean;
  /** Pulumi `protect` on the bucket; false also lets a destroy empty it (forceDestroy). */
  readonly protect: boolean;
  /** Tags besides the provider's default tags, plus `Name`; undefined sets none on the bucket. */
  readonly tags?: Readonly<Record<string, string>>;
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
 * versioning, default encryption (SSE-KMS with an S3 bucket key, for fewer KMS calls and lower
 * cost, or SSE-S3), all four public-access blocks, ACLs disabled (BucketOwnerEnforced), a policy
 * refusing plain HTTP and TLS below 1.2, the caller's lifecycle, optional server access logs, and
 * EventBridge notifications. AWS Backup's S3 backups rely on the bucket's EventBridge
 * notifications (it turns them on itself); declaring them here keeps a later `pulumi up` from
 * switching them off, and lets event consumers be added without touching the bucket.
 *
 * A helper, not a component: the caller's component parents every child, and each child is named
 * like the bucket (their URNs differ by type).
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
    {
      // forceDestroy only where nothing is protected: staging must tear down even when not empty.
      forceDestroy: !args.protect,
      ...(args.tags === undefined ? {} : { tags: { ...args.tags, Name: name } }),
    },
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
  const ownership = new s3.BucketOwnershipControls(
    name,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    child,
  );

  const objects = pulumi.interpolate`${bucket.arn}/*`;
  const denyTls = (sid: string, condition: Record<string, unknown>) => ({
    Sid: sid,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucket.arn, objects],
    Condition: condition,
  });
  const policy = new s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          denyTls("DenyInsecureTransport", { Bool: { "aws:SecureTransport": "false" } }),
          ...(args.denyTlsBelow12 === false
            ? []
            : [denyTls("DenyTlsBelow12", { NumericLessThan: { "s3:TlsVersion": "1.2" } })]),
          ...(args.statements?.(bucket.arn) ?? []),
        ],
      }),
    },
    // The public-access block and ownership first: a policy put before the block exists could be
    // judged public and refused, and no moment should exist with a policy and no block.
    { ...child, dependsOn: [publicAccess, ownership] },
  );
  new s3.BucketLifecycleConfiguration(
    name,
    { bucket: bucket.id, rules: args.lifecycleRules },
    // S3 rejects a lifecycle on a bucket whose versioning state is still being set.
    { ...child, dependsOn: [versioning] },
  );
  if (args.accessLogBucket !== undefined) {
    new s3.BucketLogging(
      name,
      {
        bucket: bucket.id,
        targetBucket: args.accessLogBucket,
        targetPrefix: args.accessLogPrefix ?? `${name}/`,
      },
      { ...child, dependsOn: args.accessLogPolicy === undefined ? [] : [args.accessLogPolicy] },
    );
  }
  new s3.BucketNotification(name, { bucket: bucket.id, eventbridge: true }, child);
  return { bucket, versioning, policy };
}
