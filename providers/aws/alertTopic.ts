import type * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "../../src/cloud";

export interface AwsAlertTopicArgs {
  readonly environment: Environment;
  /** Who is told; each address confirms its subscription by email once. */
  readonly alertEmails: readonly string[];
  /** Key whose policy lets CloudWatch publish (AwsKeys.logs). */
  readonly key: kms.Key;
}

/** One email subscription per distinct address. */
export function subscribeEmails(
  topic: sns.Topic,
  name: string,
  emails: readonly string[],
  opts: pulumi.CustomResourceOptions,
): sns.TopicSubscription[] {
  return [...new Set(emails)].map(
    (email, i) =>
      new sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: topic.arn, protocol: "email", endpoint: email },
        opts,
      ),
  );
}

/**
 * The encrypted SNS topic every alarm notifies. A component of its own, created before the API,
 * so that the API's deployment-rollback alarms page the same people as the monitoring alarms.
 */
export class AwsAlertTopic extends pulumi.ComponentResource {
  readonly topic: sns.Topic;

  constructor(name: string, args: AwsAlertTopicArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (args.environment === "production" && args.alertEmails.length === 0) {
      throw new Error(`AwsAlertTopic ${name}: production needs at least one alert email`);
    }
    super("entmoot:monitoring:AwsAlertTopic", name, {}, opts);
    this.topic = new sns.Topic(
      name,
      { displayName: `Entmoot ${args.environment} alerts`, kmsMasterKeyId: args.key.arn },
      { parent: this },
    );
    subscribeEmails(this.topic, name, args.alertEmails, { parent: this });
    this.registerOutputs({ topicArn: this.topic.arn });
  }
}
