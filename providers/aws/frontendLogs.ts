import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";
import { privateBucket, type PrivateBucket } from "./privateBucket";
import { GLOBAL_SERVICES_REGION } from "./usEast1";

/**
 * The frontend's log bucket: the asset bucket's S3 server access logs (prefix `assets/`) and the
 * CDN's request logs (prefix `cdn/`), kept `retentionDays`. SSE-S3: both S3 server access logging
 * and CloudWatch's vended-log delivery write with it (SSE-KMS would need both services in a key
 * policy), and the logs hold request metadata, not assets. Helper: `opts` carries the parent.
 */
export function frontendLogBucket(
  name: string,
  args: {
    readonly accountId: pulumi.Input<string>;
    readonly retentionDays: number;
    readonly protect: boolean;
  },
  opts: { readonly parent: pulumi.Resource },
): PrivateBucket {
  const account = args.accountId;
  return privateBucket(
    name,
    {
      lifecycleRules: [
        {
          id: "retention",
          status: "Enabled",
          filter: {},
          expiration: { days: args.retentionDays },
          noncurrentVersionExpiration: { noncurrentDays: 1 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
      statements: (bucketArn) => [
        {
          Sid: "AssetBucketAccessLogs",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: pulumi.interpolate`${bucketArn}/assets/*`,
          Condition: { StringEquals: { "aws:SourceAccount": account } },
        },
        {
          // CloudFront's standard logs (v2) arrive through CloudWatch's vended-log delivery,
          // from a delivery source in us-east-1.
          Sid: "CdnRequestLogs",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: pulumi.interpolate`${bucketArn}/cdn/*`,
          Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnLike: {
              "aws:SourceArn": pulumi.interpolate`arn:aws:logs:${GLOBAL_SERVICES_REGION}:${account}:delivery-source:*`,
            },
          },
        },
      ],
      // TLS-only without the 1.2 floor: the TLS version log delivery writes with is not
      // documented, and a denial would silently stop the logs.
      denyTlsBelow12: false,
      protect: args.protect,
    },
    opts,
  );
}

/**
 * CloudFront standard logging (v2) into `bucket` under `cdn/`: the delivery source lives with
 * CloudFront in us-east-1 (`global` carries that provider), the destination is the bucket, which
 * must admit the delivery before the first write. Helper: `global` carries the parent.
 */
export function cdnRequestLogs(
  name: string,
  args: { readonly distributionArn: pulumi.Input<string>; readonly bucket: PrivateBucket },
  global: pulumi.CustomResourceOptions,
): cloudwatch.LogDelivery {
  const source = new cloudwatch.LogDeliverySource(
    `${name}-cdn`,
    { logType: "ACCESS_LOGS", resourceArn: args.distributionArn },
    global,
  );
  const destination = new cloudwatch.LogDeliveryDestination(
    `${name}-cdn`,
    {
      outputFormat: "parquet",
      deliveryDestinationConfiguration: {
        destinationResourceArn: pulumi.interpolate`${args.bucket.bucket.arn}/cdn`,
      },
    },
    { ...global, dependsOn: [args.bucket.policy] },
  );
  return new cloudwatch.LogDelivery(
    `${name}-cdn`,
    {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      s3DeliveryConfigurations: [
        { enableHiveCompatiblePath: false, suffixPath: "{yyyy}/{MM}/{dd}/{HH}" },
      ],
    },
    global,
  );
}
