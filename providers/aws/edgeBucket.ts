import * as s3 from "@pulumi/aws/s3";
import * as pulumi from "@pulumi/pulumi";

/** Default encryption of an edge bucket: S3-managed keys, or a customer-managed KMS key. */
export type EdgeBucketEncryption =
  { readonly kind: "s3" } | { readonly kind: "kms"; readonly keyArn: pulumi.Input<string> };

export interface EdgeBucketArgs {
  readonly encryption: EdgeBucketEncryption;
  /** Current objects expire after this many days; undefined keeps them. */
  readonly expireAfterDays?: number;
  /** Overwritten or deleted versions are kept this many days. Defaults to 30. */
  readonly noncurrentVersionDays?: number;
  /** Bucket name for S3 server access logs; undefined writes none. Defaults to none. */
  readonly accessLogBucket?: pulumi.Input<string>;
  /** Pulumi `protect` on the bucket itself. Defaults to false. */
  readonly protect?: boolean;
}

/**
 * A private bucket for the edge tier (load balancer logs, frontend assets) with every guard the
 * audits expect: ACLs disabled (BucketOwnerEnforced), all public access blocked, default
 * encryption, versioning, a lifecycle that also aborts stalled multipart uploads, and a policy
 * that refuses plain-HTTP requests. A helper, not a component: the caller's component parents it.
 */
export interface EdgeBucket {
  readonly bucket: s3.Bucket;
  /**
   * Writes the bucket policy: the TLS-only denial plus `statements`. Separate so that grants to
   * resources created after the bucket (a distribution reading it) can be added; call once.
   */
  readonly attachPolicy: (statements: pulumi.Input<Record<string, unknown>>[]) => s3.BucketPolicy;
}

export function createEdgeBucket(
  name: string,
  args: EdgeBucketArgs,
  opts: pulumi.CustomResourceOptions,
): EdgeBucket {
  const bucket = new s3.Bucket(
    name,
    { forceDestroy: false },
    { ...opts, protect: args.protect ?? false },
  );
  const ownership = new s3.BucketOwnershipControls(
    name,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    opts,
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
    opts,
  );
  new s3.BucketServerSideEncryptionConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        args.encryption.kind === "kms"
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: args.encryption.keyArn,
              },
              // Bucket keys cut KMS requests (and their cost) by orders of magnitude.
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    },
    opts,
  );
  const versioning = new s3.BucketVersioning(
    name,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opts,
  );
  new s3.BucketLifecycleConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "retention",
          status: "Enabled",
          filter: {},
          ...(args.expireAfterDays === undefined
            ? {}
            : { expiration: { days: args.expireAfterDays } }),
          noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays ?? 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    // S3 rejects a lifecycle on a bucket whose versioning state is still being set.
    { ...opts, dependsOn: [versioning] },
  );
  if (args.accessLogBucket !== undefined) {
    new s3.BucketLogging(
      name,
      { bucket: bucket.id, targetBucket: args.accessLogBucket, targetPrefix: `${name}/` },
      opts,
    );
  }
  const attachPolicy = (statements: pulumi.Input<Record<string, unknown>>[]) =>
    new s3.BucketPolicy(
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
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...statements,
          ],
        }),
      },
      // A policy put before the public access block exists could be judged public and refused.
      { ...opts, dependsOn: [publicAccess, ownership] },
    );
  return { bucket, attachPolicy };
}
