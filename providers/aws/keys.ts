import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import * as kms from "@pulumi/aws/kms";
import type * as aws from "@pulumi/aws/provider";
import * as pulumi from "@pulumi/pulumi";
import type { AwsContext } from "./context";
import { customerKey, logsServiceStatement } from "./kmsKey";

export interface AwsKeysArgs {
  readonly context: AwsContext;
}

/**
 * The platform's customer-managed KMS keys, rotated yearly:
 * - `data`: databases, cache, buckets, secrets and backups in the primary region;
 * - `logs`: CloudWatch log groups and the alert topic, whose service principals need a key grant;
 * - `dataDr`: copies in the disaster-recovery region (replicated objects, backup copies).
 * Keys are stateful in the strongest sense (losing one loses every backup it encrypts), so they are
 * protected in production and wait the maximum 30 days before deletion.
 */
export class AwsKeys extends pulumi.ComponentResource {
  readonly data: kms.Key;
  readonly logs: kms.Key;
  readonly dataDr?: kms.Key;
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;

  constructor(name: string, args: AwsKeysArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:security:AwsKeys", name, {}, opts);
    const { spec, provider, drProvider } = args.context;
    const invokeOpts = { parent: this, provider };
    this.accountId = getCallerIdentityOutput({}, invokeOpts).accountId;
    this.partition = getPartitionOutput({}, invokeOpts).partition;
    const account = { accountId: this.accountId, partition: this.partition };
    const keyOpts = (p: aws.Provider): pulumi.CustomResourceOptions => ({
      parent: this,
      provider: p,
      protect: spec.protect,
    });

    this.data = customerKey(
      `${name}-data`,
      {
        ...account,
        description: `${spec.name}: data at rest (database, cache, buckets, secrets, backups)`,
      },
      keyOpts(provider),
    );
    new kms.Alias(
      `${name}-data-alias`,
      { name: `alias/${spec.name}-data`, targetKeyId: this.data.keyId },
      { parent: this, provider },
    );

    this.logs = customerKey(
      `${name}-logs`,
      {
        ...account,
        description: `${spec.name}: log groups and alert notifications`,
        statements: [
          logsServiceStatement(spec.region, this.partition, this.accountId),
          {
            // CloudWatch alarms publish to the encrypted alert topic; only this account's alarms.
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": this.accountId },
              ArnLike: {
                "aws:SourceArn": pulumi.interpolate`arn:${this.partition}:cloudwatch:${spec.region}:${this.accountId}:alarm:*`,
              },
            },
          },
        ],
      },
      keyOpts(provider),
    );
    new kms.Alias(
      `${name}-logs-alias`,
      { name: `alias/${spec.name}-logs`, targetKeyId: this.logs.keyId },
      { parent: this, provider },
    );

    if (drProvider) {
      this.dataDr = customerKey(
        `${name}-data-dr`,
        { ...account, description: `${spec.name}: disaster-recovery copies` },
        keyOpts(drProvider),
      );
      new kms.Alias(
        `${name}-data-dr-alias`,
        { name: `alias/${spec.name}-data-dr`, targetKeyId: this.dataDr.keyId },
        { parent: this, provider: drProvider },
      );
    }

    this.registerOutputs({ dataKeyArn: this.data.arn, logsKeyArn: this.logs.arn });
  }
}
