import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";

export interface CustomerKeyArgs {
  readonly description: pulumi.Input<string>;
  /** The account whose root principal administers the key (IAM policies then grant use). */
  readonly accountId: pulumi.Input<string>;
  /** The account's partition. Defaults to "aws". */
  readonly partition?: pulumi.Input<string>;
  /** Key-policy statements besides the account's administration, e.g. service principals. */
  readonly statements?: pulumi.Input<Record<string, unknown>>[];
}

/**
 * A customer-managed KMS key as every Entmoot key is: rotated yearly, waiting the maximum 30 days
 * before deletion, and administered by the account root (so IAM policies can grant its use),
 * plus the caller's statements. `opts` carries the parent, provider (keys are regional) and
 * protect.
 */
export function customerKey(
  name: string,
  args: CustomerKeyArgs,
  opts: pulumi.CustomResourceOptions,
): kms.Key {
  const root = pulumi.interpolate`arn:${args.partition ?? "aws"}:iam::${args.accountId}:root`;
  return new kms.Key(
    name,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: "kms:*",
            Resource: "*",
          },
          ...(args.statements ?? []),
        ],
      }),
    },
    opts,
  );
}

/**
 * The key-policy statement that lets CloudWatch Logs in `region` encrypt this account's log
 * groups there. CloudWatch Logs checks it when a log group is created with the key, so it is part
 * of the key's policy from the start. A key serves only its own region.
 */
export function logsServiceStatement(
  region: string,
  partition: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): Record<string, unknown> {
  return {
    Sid: "CloudWatchLogsEncrypt",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ],
    Resource: "*",
    Condition: {
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:*`,
      },
    },
  };
}
