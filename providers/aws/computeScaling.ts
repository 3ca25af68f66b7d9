import * as appautoscaling from "@pulumi/aws/appautoscaling";
import * as pulumi from "@pulumi/pulumi";
import type { ComputeSpec } from "../../src/platform";

export interface ServiceAutoscalingArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  readonly spec: ComputeSpec;
  readonly albArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
}

/**
 * Target tracking on two signals, whichever asks for more tasks wins: average CPU (compute-bound
 * work such as PostGIS result shaping) and ALB requests per task per minute (I/O-bound bursts
 * that never raise CPU). Bounds are the tier's min/max instances.
 */
export function serviceAutoscaling(
  name: string,
  args: ServiceAutoscalingArgs,
  opts: pulumi.CustomResourceOptions,
): appautoscaling.Target {
  const { spec } = args;
  const target = new appautoscaling.Target(
    name,
    {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${args.clusterName}/${args.serviceName}`,
      minCapacity: spec.minInstances,
      maxCapacity: spec.maxInstances,
    },
    opts,
  );
  const tracking = (
    suffix: string,
    targetValue: number,
    predefinedMetricType: string,
    resourceLabel?: pulumi.Input<string>,
  ) =>
    new appautoscaling.Policy(
      `${name}-${suffix}`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          predefinedMetricSpecification: {
            predefinedMetricType,
            ...(resourceLabel === undefined ? {} : { resourceLabel }),
          },
          // Out fast to absorb a surge; in slowly so a dip between bursts doesn't thrash.
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
        },
      },
      opts,
    );
  tracking("cpu", spec.targetCpuPercent, "ECSServiceAverageCPUUtilization");
  tracking(
    "requests",
    spec.targetRequestsPerInstance,
    "ALBRequestCountPerTarget",
    pulumi.interpolate`${args.albArnSuffix}/${args.targetGroupArnSuffix}`,
  );
  return target;
}
