import * as pulumi from "@pulumi/pulumi";
import { apiTrafficFilter, REQUEST_COUNT, sqlDatabaseIds, type AlertSubjects } from "./alerts";
import { EVICTIONS_PER_SECOND, redisStat, SYSTEM_MEMORY_RATIO } from "./cacheAlerts";

/** One chart: a title, a time-series filter and how to align/reduce it, and a target line. */
interface Chart {
  readonly title: string;
  readonly filter: pulumi.Input<string>;
  readonly aligner: string;
  readonly reducer?: string;
  readonly groupBy?: readonly string[];
  readonly threshold?: number;
}

const WIDTH = 24;
const HEIGHT = 16;

/**
 * The operations dashboard as Cloud Monitoring's JSON: API latency, traffic, errors and
 * instances, then Cloud SQL and Redis, each chart with its alert threshold drawn in. Two charts
 * per row on the 48-column mosaic grid.
 */
export function dashboardJson(
  title: string,
  s: Omit<AlertSubjects, "uptimeCheckId" | "sloName">,
  targets: { latencyP95Ms: number; databaseLatencyMs: number; cacheHitRatePercent: number },
): pulumi.Output<string> {
  const api = apiTrafficFilter(s.backendServiceName);
  const databases = pulumi
    .all(sqlDatabaseIds(s.project, s.databaseInstanceNames))
    .apply((ids) => ids.map((id) => `"${id}"`).join(","));
  const sql = (metric: string) =>
    pulumi.interpolate`metric.type="cloudsql.googleapis.com/database/${metric}" AND resource.type="cloudsql_database" AND resource.label.database_id=one_of(${databases})`;
  const redis = (metric: string, primaryOnly = false) =>
    redisStat(metric, s.redisInstanceId, primaryOnly);
  const run = (metric: string) =>
    pulumi.interpolate`metric.type="run.googleapis.com/container/${metric}" AND resource.type="cloud_run_revision" AND resource.label.service_name="${s.cloudRunServiceName}"`;

  const charts: Chart[] = [
    {
      title: "API p95 latency (ms)",
      filter: pulumi.interpolate`metric.type="loadbalancing.googleapis.com/https/backend_latencies" AND ${api}`,
      aligner: "ALIGN_DELTA",
      reducer: "REDUCE_PERCENTILE_95",
      threshold: targets.latencyP95Ms,
    },
    {
      title: "API requests/s by status class",
      filter: pulumi.interpolate`metric.type="${REQUEST_COUNT}" AND ${api}`,
      aligner: "ALIGN_RATE",
      reducer: "REDUCE_SUM",
      groupBy: ["metric.label.response_code_class"],
    },
    {
      title: "API 5xx responses/s",
      filter: pulumi.interpolate`metric.type="${REQUEST_COUNT}" AND ${api} AND metric.label.response_code_class=500`,
      aligner: "ALIGN_RATE",
      reducer: "REDUCE_SUM",
    },
    {
      title: "Cloud Run instances",
      filter: run("instance_count"),
      aligner: "ALIGN_MAX",
      reducer: "REDUCE_SUM",
      groupBy: ["metric.label.state"],
      threshold: s.maxInstances,
    },
    {
      title: "Cloud Run CPU utilisation (p95)",
      filter: run("cpu/utilizations"),
      aligner: "ALIGN_PERCENTILE_95",
      reducer: "REDUCE_MAX",
    },
    {
      title: "Database CPU",
      filter: sql("cpu/utilization"),
      aligner: "ALIGN_MEAN",
      threshold: 0.8,
    },
    {
      title: "Database disk",
      filter: sql("disk/utilization"),
      aligner: "ALIGN_MEAN",
      threshold: 0.85,
    },
    {
      title: "Database query p95 (µs)",
      filter: pulumi.interpolate`metric.type="cloudsql.googleapis.com/database/postgresql/insights/aggregate/latencies" AND resource.type="cloudsql_instance_database" AND resource.label.resource_id=one_of(${databases})`,
      aligner: "ALIGN_DELTA",
      reducer: "REDUCE_PERCENTILE_95",
      groupBy: ["resource.label.resource_id"],
      threshold: targets.databaseLatencyMs * 1000,
    },
    {
      title: "Database replica lag (s)",
      filter: sql("replication/replica_lag"),
      aligner: "ALIGN_MAX",
      threshold: 30,
    },
    {
      title: "Database connections",
      filter: sql("postgresql/num_backends"),
      aligner: "ALIGN_MEAN",
      reducer: "REDUCE_SUM",
      groupBy: ["resource.label.database_id"],
    },
    {
      title: "Redis hit ratio (primary)",
      filter: redis("cache_hit_ratio", true),
      aligner: "ALIGN_MEAN",
      threshold: targets.cacheHitRatePercent / 100,
    },
    {
      title: "Redis system memory by node",
      filter: redis("memory/system_memory_usage_ratio"),
      aligner: "ALIGN_MAX",
      threshold: SYSTEM_MEMORY_RATIO,
    },
    {
      title: "Redis evicted keys/s",
      filter: redis("evicted_keys"),
      aligner: "ALIGN_RATE",
      reducer: "REDUCE_SUM",
      threshold: EVICTIONS_PER_SECOND,
    },
  ];

  const tiles = charts.map((c, i) => ({
    xPos: (i % 2) * WIDTH,
    yPos: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    widget: {
      title: c.title,
      xyChart: {
        dataSets: [
          {
            plotType: "LINE",
            timeSeriesQuery: {
              timeSeriesFilter: {
                filter: c.filter,
                aggregation: {
                  alignmentPeriod: "60s",
                  perSeriesAligner: c.aligner,
                  ...(c.reducer === undefined
                    ? {}
                    : { crossSeriesReducer: c.reducer, groupByFields: [...(c.groupBy ?? [])] }),
                },
              },
            },
          },
        ],
        thresholds: c.threshold === undefined ? [] : [{ value: c.threshold }],
      },
    },
  }));

  return pulumi.jsonStringify({ displayName: title, mosaicLayout: { columns: 48, tiles } });
}
