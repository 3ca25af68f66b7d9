import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringSpec } from "../../src/platform";
import { cacheAlertDefinitions } from "./cacheAlerts";
import { BURN_RATES } from "./edgeSizing";

/*
 * The alert policies of the GCP platform, one per service target, as data: GcpMonitoring turns
 * each into a monitoring.AlertPolicy. Conditions are MetricThreshold ones (Monitoring Query
 * Language conditions are deprecated); the error rate is a numerator/denominator ratio.
 */

/** What the filters select: the platform's own resources, never the whole project. */
export interface AlertSubjects {
  readonly project: string;
  /** Backend service of the API on the load balancer (`backend_target_name`). */
  readonly backendServiceName: pulumi.Input<string>;
  readonly cloudRunServiceName: pulumi.Input<string>;
  /** Cloud SQL instance names, primary first. */
  readonly databaseInstanceNames: readonly pulumi.Input<string>[];
  /** Memorystore instance id: `projects/<p>/locations/<r>/instances/<name>`. */
  readonly redisInstanceId: pulumi.Input<string>;
  readonly uptimeCheckId: pulumi.Input<string>;
  /** Full resource name of the availability SLO. */
  readonly sloName: pulumi.Input<string>;
  readonly maxInstances: number;
}

export interface AlertDefinition {
  /** Stable key: the child resource's name suffix and the runbook anchor. */
  readonly key: string;
  readonly title: string;
  readonly severity: "CRITICAL" | "ERROR" | "WARNING";
  readonly summary: string;
  /** How the conditions combine. Defaults to OR: any one of them opens an incident. */
  readonly combiner?: "OR" | "AND";
  readonly conditions: inputs.monitoring.AlertPolicyCondition[];
}

type Threshold = inputs.monitoring.AlertPolicyConditionConditionThreshold;

/** Cloud Monitoring names a Cloud SQL database `project:instance` (label `database_id`). */
export const sqlDatabaseIds = (project: string, names: readonly pulumi.Input<string>[]) =>
  names.map((n) => pulumi.interpolate`${project}:${n}`);

/** `"a","b"` for a one_of() filter. */
const quoted = (values: readonly pulumi.Input<string>[]) =>
  pulumi.all([...values]).apply((vs) => vs.map((v) => `"${v}"`).join(","));

/** The API's traffic on the load balancer, without the frontend bucket's. */
export const apiTrafficFilter = (backendServiceName: pulumi.Input<string>) =>
  pulumi.interpolate`resource.type="https_lb_rule" AND resource.label.backend_target_name="${backendServiceName}"`;

export const REQUEST_COUNT = "loadbalancing.googleapis.com/https/request_count";

const mean = (period: string) => [{ alignmentPeriod: period, perSeriesAligner: "ALIGN_MEAN" }];

function condition(
  displayName: string,
  threshold: Threshold,
): inputs.monitoring.AlertPolicyCondition {
  return { displayName, conditionThreshold: { trigger: { count: 1 }, ...threshold } };
}

export function alertDefinitions(spec: MonitoringSpec, s: AlertSubjects): AlertDefinition[] {
  const api = apiTrafficFilter(s.backendServiceName);
  const [primary, ...replicas] = sqlDatabaseIds(s.project, s.databaseInstanceNames);
  const allDatabases = quoted(sqlDatabaseIds(s.project, s.databaseInstanceNames));
  const sql = (metric: string, ids: pulumi.Input<string>) =>
    pulumi.interpolate`metric.type="cloudsql.googleapis.com/database/${metric}" AND resource.type="cloudsql_database" AND resource.label.database_id=one_of(${ids})`;

  const defs: AlertDefinition[] = [
    {
      key: "api-latency",
      title: "API p95 latency",
      severity: "ERROR",
      summary: `95th percentile of the API's response time (load balancer to Cloud Run and back) above ${spec.latencyP95Ms} ms for 5 minutes.`,
      conditions: [
        condition(`p95 latency > ${spec.latencyP95Ms} ms`, {
          // backend_latencies is the server side only. total_latencies runs until the client has
          // acknowledged the last byte, so a slow phone network would page us for its own RTT.
          filter: pulumi.interpolate`metric.type="loadbalancing.googleapis.com/https/backend_latencies" AND ${api}`,
          // Merging the distributions, then taking the 95th percentile, gives the true p95 of
          // all requests; a per-series percentile would average percentiles of small slices.
          aggregations: [
            {
              alignmentPeriod: "300s",
              perSeriesAligner: "ALIGN_DELTA",
              crossSeriesReducer: "REDUCE_PERCENTILE_95",
              groupByFields: ["resource.label.backend_target_name"],
            },
          ],
          comparison: "COMPARISON_GT",
          thresholdValue: spec.latencyP95Ms,
          duration: "300s",
        }),
      ],
    },
    {
      key: "api-errors",
      title: "API 5xx error rate",
      severity: "CRITICAL",
      summary: `More than ${spec.errorRatePercent}% of API requests answered 5xx for 5 minutes.`,
      conditions: [
        condition(`5xx ratio > ${spec.errorRatePercent}%`, {
          filter: pulumi.interpolate`metric.type="${REQUEST_COUNT}" AND ${api} AND metric.label.response_code_class=500`,
          denominatorFilter: pulumi.interpolate`metric.type="${REQUEST_COUNT}" AND ${api}`,
          aggregations: [sumRate()],
          denominatorAggregations: [sumRate()],
          comparison: "COMPARISON_GT",
          thresholdValue: spec.errorRatePercent / 100,
          duration: "300s",
        }),
      ],
    },
    {
      key: "availability",
      title: "API unreachable (uptime check)",
      severity: "CRITICAL",
      summary: "The public health check fails from more than one checker region.",
      conditions: [
        condition("health check failing", {
          filter: pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="uptime_url" AND metric.label.check_id="${s.uptimeCheckId}"`,
          aggregations: [
            {
              alignmentPeriod: "1200s",
              perSeriesAligner: "ALIGN_NEXT_OLDER",
              crossSeriesReducer: "REDUCE_COUNT_FALSE",
              groupByFields: ["resource.label.host"],
            },
          ],
          comparison: "COMPARISON_GT",
          thresholdValue: 1,
          duration: "60s",
        }),
      ],
    },
    {
      key: "slo-burn",
      title: `Availability SLO (${spec.availabilityPercent}%) burning`,
      severity: "CRITICAL",
      summary: "The error budget burns fast enough to be gone well before the 30-day window ends.",
      conditions: BURN_RATES.map((b) =>
        condition(`${b.label} burn: rate > ${b.threshold} over ${b.window}`, {
          filter: pulumi.interpolate`select_slo_burn_rate("${s.sloName}", "${b.window}")`,
          comparison: "COMPARISON_GT",
          thresholdValue: b.threshold,
          duration: "0s",
        }),
      ),
    },
    {
      key: "api-saturated",
      title: "API at maximum instances",
      severity: "WARNING",
      summary: `Cloud Run has run all ${s.maxInstances} instances for 15 minutes: raise maxInstances or the tier.`,
      conditions: [
        condition(`instances >= ${s.maxInstances}`, {
          filter: pulumi.interpolate`metric.type="run.googleapis.com/container/instance_count" AND resource.type="cloud_run_revision" AND resource.label.service_name="${s.cloudRunServiceName}"`,
          aggregations: [
            {
              alignmentPeriod: "60s",
              perSeriesAligner: "ALIGN_MAX",
              crossSeriesReducer: "REDUCE_SUM",
              groupByFields: ["resource.label.service_name"],
            },
          ],
          comparison: "COMPARISON_GT",
          thresholdValue: s.maxInstances - 0.5,
          duration: "900s",
        }),
      ],
    },
    {
      key: "db-cpu",
      title: "Database CPU",
      severity: "WARNING",
      summary: "A Cloud SQL instance has used more than 80% CPU for 10 minutes.",
      conditions: [
        condition("CPU > 80%", {
          filter: sql("cpu/utilization", allDatabases),
          aggregations: mean("300s"),
          comparison: "COMPARISON_GT",
          thresholdValue: 0.8,
          duration: "600s",
        }),
      ],
    },
    {
      key: "db-disk",
      title: "Database disk",
      severity: "WARNING",
      summary: "A Cloud SQL disk is more than 85% full (autoresize may have hit its limit).",
      conditions: [
        condition("disk > 85%", {
          filter: sql("disk/utilization", allDatabases),
          aggregations: mean("300s"),
          comparison: "COMPARISON_GT",
          thresholdValue: 0.85,
          duration: "300s",
        }),
      ],
    },
    {
      key: "db-latency",
      title: "Database query latency",
      severity: "ERROR",
      summary: `95th percentile query latency (Query Insights) above ${spec.databaseLatencyMs} ms for 10 minutes.`,
      conditions: [
        condition(`query p95 > ${spec.databaseLatencyMs} ms`, {
          // Query Insights reports per instance/database/user in microseconds on this resource;
          // resource_id is `project:instance` (check the label on the first live deployment).
          filter: pulumi.interpolate`metric.type="cloudsql.googleapis.com/database/postgresql/insights/aggregate/latencies" AND resource.type="cloudsql_instance_database" AND resource.label.resource_id=one_of(${allDatabases})`,
          aggregations: [
            {
              alignmentPeriod: "300s",
              perSeriesAligner: "ALIGN_DELTA",
              crossSeriesReducer: "REDUCE_PERCENTILE_95",
              groupByFields: ["resource.label.resource_id"],
            },
          ],
          comparison: "COMPARISON_GT",
          thresholdValue: spec.databaseLatencyMs * 1000,
          duration: "600s",
        }),
      ],
    },
    ...cacheAlertDefinitions(spec, s.redisInstanceId),
  ];

  if (primary !== undefined && replicas.length > 0) {
    defs.push({
      key: "db-replica-lag",
      title: "Database replica lag",
      severity: "WARNING",
      summary: "A read replica is more than 30 s behind the primary; reads there are stale.",
      conditions: [
        condition("replica lag > 30 s", {
          filter: sql("replication/replica_lag", quoted(replicas)),
          aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }],
          comparison: "COMPARISON_GT",
          thresholdValue: 30,
          duration: "300s",
        }),
      ],
    });
  }
  return defs;
}

function sumRate(): inputs.monitoring.AlertPolicyConditionConditionThresholdAggregation {
  return {
    alignmentPeriod: "300s",
    perSeriesAligner: "ALIGN_RATE",
    crossSeriesReducer: "REDUCE_SUM",
    groupByFields: ["resource.label.backend_target_name"],
  };
}
