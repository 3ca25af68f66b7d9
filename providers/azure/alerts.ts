import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";

/*
 * Alert rules, each notifying the stack's action group. Metric alerts where Azure has the metric;
 * log-query alerts on the workspace where the target needs arithmetic or a percentile that a
 * metric alert cannot do (metric alerts offer average, minimum, maximum, total and count only).
 */

export interface AlertContext {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly actionGroupId: pulumi.Input<string>;
  readonly workspaceId: pulumi.Input<string>;
  readonly region: string;
  readonly tags: Record<string, string>;
}

export interface MetricRule {
  readonly scope: pulumi.Input<string>;
  readonly namespace: string;
  readonly metric: string;
  readonly aggregation: "Average" | "Maximum" | "Minimum" | "Total" | "Count";
  readonly operator: "GreaterThan" | "LessThan";
  readonly threshold: number;
  /** ISO 8601 window; some metrics (Managed Redis) are emitted every 5 minutes only. */
  readonly window?: string;
  /** ISO 8601 evaluation frequency. Defaults to PT1M. */
  readonly frequency?: string;
  readonly description: string;
}

export function metricAlert(
  name: string,
  ctx: AlertContext,
  rule: MetricRule,
  opts: pulumi.CustomResourceOptions,
): monitor.MetricAlert {
  return new monitor.MetricAlert(
    name,
    {
      ruleName: name,
      resourceGroupName: ctx.resourceGroupName,
      // Metric alert rules are global resources whatever their target's region.
      location: "global",
      description: rule.description,
      enabled: true,
      severity: 2,
      scopes: [rule.scope],
      evaluationFrequency: rule.frequency ?? "PT1M",
      windowSize: rule.window ?? "PT5M",
      autoMitigate: true,
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: rule.metric,
            metricName: rule.metric,
            metricNamespace: rule.namespace,
            timeAggregation: rule.aggregation,
            operator: rule.operator,
            threshold: rule.threshold,
          },
        ],
      },
      actions: [{ actionGroupId: ctx.actionGroupId }],
      tags: ctx.tags,
    },
    opts,
  );
}

export interface LogRule {
  /** KQL returning one row per time bin with the measured column. */
  readonly query: string;
  readonly column: string;
  readonly operator: "GreaterThan" | "LessThan";
  readonly threshold: number;
  /** ISO 8601 window the query runs over. Defaults to PT15M. */
  readonly window?: string;
  readonly description: string;
}

export function logAlert(
  name: string,
  ctx: AlertContext,
  rule: LogRule,
  opts: pulumi.CustomResourceOptions,
): monitor.ScheduledQueryRule {
  return new monitor.ScheduledQueryRule(
    name,
    {
      ruleName: name,
      resourceGroupName: ctx.resourceGroupName,
      location: ctx.region,
      kind: "LogAlert",
      description: rule.description,
      enabled: true,
      severity: 2,
      scopes: [ctx.workspaceId],
      evaluationFrequency: "PT5M",
      windowSize: rule.window ?? "PT15M",
      // The tables (AppServiceHTTPLogs, PGSQLQueryStoreRuntime, AzureMetrics) appear in a new
      // workspace only once the first record arrives; Azure refuses to create a rule whose query
      // names a table it cannot resolve yet, unless validation is skipped.
      skipQueryValidation: true,
      autoMitigate: true,
      criteria: {
        allOf: [
          {
            query: rule.query,
            timeAggregation: "Maximum",
            metricMeasureColumn: rule.column,
            operator: rule.operator,
            threshold: rule.threshold,
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          },
        ],
      },
      actions: { actionGroups: [ctx.actionGroupId] },
      tags: ctx.tags,
    },
    opts,
  );
}

/** p95 of the API's response time (ms) at App Service's front ends, per 5 minutes. */
export function latencyP95Query(): string {
  return "AppServiceHTTPLogs | summarize p95_ms = percentile(TimeTaken, 95) by bin(TimeGenerated, 5m)";
}

/**
 * Mean statement time (ms) of the application's queries, weighted by calls, from Query Store:
 * Flexible Server has no latency metric, and this is what the API waits for per query. Query
 * Store aggregates over 15-minute intervals (pg_qs.interval_length_minutes), so the bins do too.
 */
export function databaseLatencyQuery(): string {
  return [
    "PGSQLQueryStoreRuntime | where not(IsSystemQuery)",
    "summarize mean_ms = sum(MeanExecDurationMs * Calls) / sum(Calls) by bin(TimeGenerated, 15m)",
  ].join(" | ");
}

/** Managed Redis hit rate (%): it exports hits and misses, not a rate. */
export function cacheHitRateQuery(): string {
  return [
    'AzureMetrics | where ResourceProvider == "MICROSOFT.CACHE" and MetricName in ("cachehits", "cachemisses")',
    'summarize hits = sumif(Total, MetricName == "cachehits"), misses = sumif(Total, MetricName == "cachemisses") by bin(TimeGenerated, 5m)',
    "where hits + misses > 0",
    "extend hit_rate = 100.0 * hits / (hits + misses)",
  ].join(" | ");
}
