import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as route53 from "@pulumi/aws/route53";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringArgs, MonitoringOutputs } from "../../src/platform";
import { subscribeEmails } from "./alertTopic";
import { metricAlarm, type AlarmMap } from "./alarms";
import type { AwsContext } from "./context";
import { dashboardBody } from "./dashboard";
import { customerKey } from "./kmsKey";
import { serviceAlarms, type AlarmTargets } from "./monitoringAlarms";
import { GLOBAL_SERVICES_REGION, usEast1Options } from "./usEast1";

/**
 * Route 53 makes the health check's caller reference from `referenceName`, a hyphen and a
 * 36-character UUID, within its 64-character limit: the provider refuses a referenceName over
 * 27 characters.
 */
export const HEALTH_CHECK_REFERENCE_MAX = 27;

/** `name` cut to the reference-name limit, without a dangling hyphen. */
export function healthCheckReferenceName(name: string): string {
  return name.slice(0, HEALTH_CHECK_REFERENCE_MAX).replace(/-+$/, "");
}

export interface AwsMonitoringArgs extends MonitoringArgs, AlarmTargets {
  readonly context: AwsContext;
  /** The topic every alarm notifies (AwsAlertTopic.topic). */
  readonly topic: sns.Topic;
}

/**
 * Alerting for the service targets: alarms notifying the alert topic (AwsAlertTopic) on every target and the resources behind it (see monitoringAlarms.ts), an
 * external availability probe (Route 53 HTTPS health check on the API's /health from several
 * regions) and a dashboard.
 *
 * Route 53 publishes health-check metrics only in us-east-1 and an alarm can only notify a topic
 * in its own region, so outside us-east-1 the probe's alarm gets its own topic (and key) there,
 * with the same subscribers.
 */
export class AwsMonitoring extends pulumi.ComponentResource implements MonitoringOutputs {
  readonly dashboardUrl: pulumi.Output<string>;
  readonly alertTopic: pulumi.Output<string>;
  readonly topic: sns.Topic;
  readonly alarms: AlarmMap;
  readonly healthCheck: route53.HealthCheck;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(name: string, args: AwsMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:monitoring:AwsMonitoring", name, {}, opts);
    const { spec, region } = args;
    const parent = { parent: this };
    this.topic = args.topic;

    this.alarms = serviceAlarms(name, spec, args, this.topic.arn, parent);

    const url = pulumi.output(args.healthCheckUrl).apply((u) => {
      const parsed = new URL(u);
      if (parsed.protocol !== "https:")
        throw new Error(`AwsMonitoring ${name}: healthCheckUrl must be https (got ${u})`);
      return { host: parsed.hostname, path: parsed.pathname, port: Number(parsed.port || 443) };
    });
    this.healthCheck = new route53.HealthCheck(
      `${name}-availability`,
      {
        type: "HTTPS",
        fqdn: url.host,
        port: url.port,
        resourcePath: url.path,
        enableSni: true,
        failureThreshold: 3,
        requestInterval: 30,
        measureLatency: true,
        referenceName: healthCheckReferenceName(name),
        tags: { Name: `${name}-availability` },
      },
      parent,
    );

    const global = usEast1Options(name, region, args.tags, this, args.context.allowedAccountIds);
    const probeTopic =
      region === GLOBAL_SERVICES_REGION
        ? this.topic
        : this.usEast1Topic(name, global, args.protect);
    if (probeTopic !== this.topic)
      subscribeEmails(probeTopic, `${name}-us-east-1`, spec.alertEmails, global);
    this.alarms["availability"] = metricAlarm(
      `${name}-availability`,
      {
        description: `API health check failing from the Route 53 checkers (target ${spec.availabilityPercent}% availability)`,
        comparison: "LessThanThreshold",
        threshold: 1,
        // The checkers report every 30 s while the check exists; silence is itself a failure.
        missingData: "breaching",
        metric: {
          namespace: "AWS/Route53",
          name: "HealthCheckStatus",
          dimensions: { HealthCheckId: this.healthCheck.id },
          stat: "Minimum",
        },
        // Two bad minutes: pages well inside the ~22 minutes a month that 99.95% allows.
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        actions: [probeTopic.arn],
      },
      global,
    );

    this.dashboard = new cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: name,
        dashboardBody: pulumi
          .all([
            args.albArnSuffix,
            args.targetGroupArnSuffix,
            args.clusterName,
            args.serviceName,
            args.databaseInstanceId,
            pulumi.all([...args.replicaInstanceIds]),
            args.cacheClusterIds,
          ])
          .apply(
            ([
              albArnSuffix,
              targetGroupArnSuffix,
              clusterName,
              serviceName,
              primary,
              replicas,
              cacheClusterIds,
            ]) =>
              dashboardBody({
                region,
                albArnSuffix,
                targetGroupArnSuffix,
                clusterName,
                serviceName,
                databaseInstanceIds: [primary, ...replicas],
                cacheClusterIds,
                latencyP95Ms: spec.latencyP95Ms,
                databaseLatencyMs: spec.databaseLatencyMs,
                cacheHitRatePercent: spec.cacheHitRatePercent,
              }),
          ),
      },
      parent,
    );

    this.alertTopic = this.topic.arn;
    this.dashboardUrl = pulumi.interpolate`https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${this.dashboard.dashboardName}`;
    this.registerOutputs({ dashboardUrl: this.dashboardUrl, alertTopic: this.alertTopic });
  }

  /** A topic in us-east-1 for the probe's alarm, encrypted with a key there (keys are regional). */
  private usEast1Topic(
    name: string,
    global: pulumi.CustomResourceOptions,
    protect: boolean,
  ): sns.Topic {
    const account = getCallerIdentityOutput({}, global).accountId;
    const key = customerKey(
      `${name}-alerts-us-east-1`,
      {
        description: `${name}: availability alerts (us-east-1)`,
        accountId: account,
        statements: [
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: {
                "aws:SourceArn": pulumi.interpolate`arn:aws:cloudwatch:${GLOBAL_SERVICES_REGION}:${account}:alarm:*`,
              },
            },
          },
        ],
      },
      // A key is stateful like every production key (production-protection).
      { ...global, protect },
    );
    return new sns.Topic(
      `${name}-alerts-us-east-1`,
      { displayName: "Entmoot availability alerts", kmsMasterKeyId: key.arn },
      global,
    );
  }
}
