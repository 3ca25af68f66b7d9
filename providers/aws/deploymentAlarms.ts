import type * as cloudwatch from "@pulumi/aws/cloudwatch";
import type * as pulumi from "@pulumi/pulumi";
import { errorRateQueries, metricAlarm } from "./alarms";

export interface DeploymentAlarmsArgs {
  readonly albArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /** Topic told when a release is rolled back; undefined tells no one. */
  readonly alertTopicArn?: pulumi.Input<string>;
  /** 5xx rate (%) above which a deployment rolls back. */
  readonly errorRatePercent: number;
  /** p95 latency (ms) above which a deployment rolls back. */
  readonly latencyP95Ms: number;
}

/**
 * The two alarms an ECS deployment watches and rolls back on (`alarms` of the service): the 5xx
 * rate and the p95 latency of the API's target group. Helper: `opts` carries the parent.
 */
export function deploymentAlarms(
  name: string,
  args: DeploymentAlarmsArgs,
  opts: pulumi.CustomResourceOptions,
): cloudwatch.MetricAlarm[] {
  const actions = args.alertTopicArn === undefined ? undefined : [args.alertTopicArn];
  const tgDims = { LoadBalancer: args.albArnSuffix, TargetGroup: args.targetGroupArnSuffix };
  const errorAlarm = metricAlarm(
    `${name}-deploy-5xx`,
    {
      description: "Rolls an API deployment back: 5xx rate above the rollback threshold",
      comparison: "GreaterThanThreshold",
      threshold: args.errorRatePercent,
      // No requests during a rollout is no evidence against the new tasks.
      missingData: "notBreaching",
      queries: errorRateQueries(args.albArnSuffix, args.targetGroupArnSuffix),
      actions,
    },
    opts,
  );
  const latencyAlarm = metricAlarm(
    `${name}-deploy-p95`,
    {
      description: "Rolls an API deployment back: p95 latency above the rollback threshold",
      comparison: "GreaterThanThreshold",
      threshold: args.latencyP95Ms / 1000,
      missingData: "notBreaching",
      metric: {
        namespace: "AWS/ApplicationELB",
        name: "TargetResponseTime",
        dimensions: tgDims,
        stat: "p95",
      },
      actions,
    },
    opts,
  );
  return [errorAlarm, latencyAlarm];
}
