import * as cloudwatch from "@pulumi/aws/cloudwatch";
import type * as inputs from "@pulumi/aws/types/input";
import * as pulumi from "@pulumi/pulumi";

/**
 * What CloudWatch should conclude from a period without data, chosen per signal:
 * - notBreaching: request-driven metrics (latency, errors); no traffic is no evidence of a fault,
 *   and the availability check covers "no traffic because it is down";
 * - breaching: signals that are always published while things work (health-check status, healthy
 *   hosts); silence means the thing is gone;
 * - missing: resource gauges (CPU, memory, storage); keep the last state rather than flap on a
 *   publishing gap.
 */
export type MissingData = "notBreaching" | "breaching" | "missing";

export interface AlarmSpec {
  readonly description: string;
  readonly comparison:
    | "GreaterThanThreshold"
    | "LessThanThreshold"
    | "GreaterThanOrEqualToThreshold"
    | "LessThanOrEqualToThreshold";
  readonly threshold: number;
  readonly missingData: MissingData;
  /** A single metric; give this or `queries`. */
  readonly metric?: {
    readonly namespace: string;
    readonly name: string;
    readonly dimensions: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** `Average`, `Sum`, `Maximum`, `Minimum` or a percentile such as `p95`. */
    readonly stat: string;
  };
  /** Metric math; exactly one query has returnData true. */
  readonly queries?: pulumi.Input<pulumi.Input<inputs.cloudwatch.MetricAlarmMetricQuery>[]>;
  /** Seconds per datapoint. Defaults to 60. */
  readonly period?: number;
  /** Datapoints looked at. Defaults to 5. */
  readonly evaluationPeriods?: number;
  /** Of those, how many must breach. Defaults to 3 (3 of 5 minutes: no single-blip pages). */
  readonly datapointsToAlarm?: number;
  /** SNS topics told on ALARM and OK. Defaults to none (e.g. deployment-rollback alarms). */
  readonly actions?: pulumi.Input<string>[];
}

const PERCENTILE = /^p\d+(\.\d+)?$/;

/** A CloudWatch metric alarm from an AlarmSpec; `opts` carries the caller's parent/provider. */
export function metricAlarm(
  name: string,
  spec: AlarmSpec,
  opts: pulumi.CustomResourceOptions,
): cloudwatch.MetricAlarm {
  if ((spec.metric === undefined) === (spec.queries === undefined)) {
    throw new Error(`alarm ${name}: give exactly one of metric or queries`);
  }
  const period = spec.period ?? 60;
  const single =
    spec.metric === undefined
      ? {}
      : {
          namespace: spec.metric.namespace,
          metricName: spec.metric.name,
          dimensions: spec.metric.dimensions,
          period,
          ...(PERCENTILE.test(spec.metric.stat)
            ? { extendedStatistic: spec.metric.stat }
            : { statistic: spec.metric.stat }),
        };
  return new cloudwatch.MetricAlarm(
    name,
    {
      alarmDescription: spec.description,
      comparisonOperator: spec.comparison,
      threshold: spec.threshold,
      treatMissingData: spec.missingData,
      evaluationPeriods: spec.evaluationPeriods ?? 5,
      datapointsToAlarm: spec.datapointsToAlarm ?? 3,
      actionsEnabled: true,
      ...(spec.actions === undefined
        ? {}
        : { alarmActions: spec.actions, okActions: spec.actions }),
      ...single,
      ...(spec.queries === undefined ? {} : { metricQueries: spec.queries }),
    },
    opts,
  );
}

/** One metric of a metric-math alarm, not returned on its own. */
export function mathInput(
  id: string,
  namespace: string,
  metricName: string,
  dimensions: pulumi.Input<Record<string, pulumi.Input<string>>>,
  stat: string,
  period = 60,
): inputs.cloudwatch.MetricAlarmMetricQuery {
  return { id, returnData: false, metric: { namespace, metricName, dimensions, stat, period } };
}

/** The expression a metric-math alarm compares. */
export function mathResult(
  expression: string,
  label: string,
): inputs.cloudwatch.MetricAlarmMetricQuery {
  return { id: "result", expression, label, returnData: true };
}

/**
 * Queries for the API's 5xx rate in percent: (target + load-balancer 5xx) / requests. The
 * denominator is the load balancer's RequestCount: the target group's is empty when no target is
 * healthy, which is exactly when the load balancer answers 5xx itself. FILL(…, 0) keeps minutes
 * without one of the counts from emptying the expression, and the rate is 0 in a minute without
 * errors (rather than 0 / 0). Requests the load balancer refuses before choosing a target may be
 * missing from its RequestCount, so the denominator is at least the errors: at most 100%.
 */
export function errorRateQueries(
  albArnSuffix: pulumi.Input<string>,
  targetGroupArnSuffix: pulumi.Input<string>,
): inputs.cloudwatch.MetricAlarmMetricQuery[] {
  const ns = "AWS/ApplicationELB";
  const tg = { LoadBalancer: albArnSuffix, TargetGroup: targetGroupArnSuffix };
  const lb = { LoadBalancer: albArnSuffix };
  return [
    mathInput("target5xx", ns, "HTTPCode_Target_5XX_Count", tg, "Sum"),
    mathInput("elb5xx", ns, "HTTPCode_ELB_5XX_Count", lb, "Sum"),
    mathInput("requests", ns, "RequestCount", lb, "Sum"),
    {
      id: "errors",
      expression: "FILL(target5xx, 0) + FILL(elb5xx, 0)",
      label: "5xx responses",
      returnData: false,
    },
    mathResult(
      "IF(errors > 0, 100 * errors / MAX([FILL(requests, 0), errors]), 0)",
      "5xx error rate (%)",
    ),
  ];
}

/** Name -> alarm, for callers that expose their alarms as one map. */
export type AlarmMap = Record<string, cloudwatch.MetricAlarm>;

/** Resolves once every alarm's physical name is known (for ECS deployment alarms). */
export function alarmNames(alarms: readonly cloudwatch.MetricAlarm[]): pulumi.Output<string[]> {
  return pulumi.all(alarms.map((a) => a.name));
}
