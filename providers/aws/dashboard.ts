/** Resolved names the dashboard plots. */
export interface DashboardTargets {
  readonly region: string;
  readonly albArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** Primary first, then replicas. */
  readonly databaseInstanceIds: readonly string[];
  readonly cacheClusterIds: readonly string[];
  readonly latencyP95Ms: number;
  readonly databaseLatencyMs: number;
  readonly cacheHitRatePercent: number;
}

type Metric = (string | Record<string, unknown>)[];

/**
 * CloudWatch dashboard body: one row per tier (API traffic, API tasks, database, cache), with the
 * alert targets drawn as horizontal annotations so a glance shows the distance to an alarm. Pure,
 * so it is tested without mocks.
 */
export function dashboardBody(t: DashboardTargets): string {
  const alb = "AWS/ApplicationELB";
  const lbDims = ["LoadBalancer", t.albArnSuffix];
  const tgDims = ["TargetGroup", t.targetGroupArnSuffix, ...lbDims];
  const widget = (
    title: string,
    metrics: Metric[],
    x: number,
    y: number,
    extra: Record<string, unknown> = {},
  ) => ({
    type: "metric",
    x,
    y,
    width: 8,
    height: 6,
    properties: {
      title,
      region: t.region,
      view: "timeSeries",
      stacked: false,
      period: 60,
      metrics,
      ...extra,
    },
  });
  const line = (label: string, value: number) => ({
    annotations: { horizontal: [{ label, value }] },
  });

  const widgets = [
    widget(
      "API latency (s)",
      [
        [alb, "TargetResponseTime", ...tgDims, { stat: "p95", label: "p95" }],
        [alb, "TargetResponseTime", ...tgDims, { stat: "p50", label: "p50" }],
      ],
      0,
      0,
      line("p95 target", t.latencyP95Ms / 1000),
    ),
    widget(
      "API errors (count)",
      [
        [alb, "HTTPCode_Target_5XX_Count", ...tgDims, { stat: "Sum" }],
        [alb, "HTTPCode_ELB_5XX_Count", ...lbDims, { stat: "Sum" }],
        [alb, "HTTPCode_Target_4XX_Count", ...tgDims, { stat: "Sum" }],
      ],
      8,
      0,
    ),
    widget(
      "API requests and healthy tasks",
      [
        [alb, "RequestCount", ...tgDims, { stat: "Sum" }],
        [alb, "HealthyHostCount", ...tgDims, { stat: "Minimum", yAxis: "right" }],
      ],
      16,
      0,
    ),
    widget(
      "API tasks CPU / memory (%)",
      [
        ["AWS/ECS", "CPUUtilization", "ClusterName", t.clusterName, "ServiceName", t.serviceName],
        [
          "AWS/ECS",
          "MemoryUtilization",
          "ClusterName",
          t.clusterName,
          "ServiceName",
          t.serviceName,
        ],
      ],
      0,
      6,
      { yAxis: { left: { min: 0, max: 100 } } },
    ),
    widget(
      "Database CPU (%)",
      t.databaseInstanceIds.map((id) => ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", id]),
      8,
      6,
    ),
    widget(
      "Database latency (s)",
      t.databaseInstanceIds.flatMap((id) => [
        ["AWS/RDS", "ReadLatency", "DBInstanceIdentifier", id],
        ["AWS/RDS", "WriteLatency", "DBInstanceIdentifier", id],
      ]),
      16,
      6,
      line("target", t.databaseLatencyMs / 1000),
    ),
    widget(
      "Database connections / replica lag",
      t.databaseInstanceIds.flatMap((id, i) => [
        ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", id],
        ...(i === 0
          ? []
          : [["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", id, { yAxis: "right" }]]),
      ]),
      0,
      12,
    ),
    widget(
      "Cache hit rate (%)",
      t.cacheClusterIds.map((id) => ["AWS/ElastiCache", "CacheHitRate", "CacheClusterId", id]),
      8,
      12,
      line("target", t.cacheHitRatePercent),
    ),
    widget(
      "Cache engine CPU / memory (%)",
      t.cacheClusterIds.flatMap((id) => [
        ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", id],
        ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", id],
      ]),
      16,
      12,
    ),
  ];
  return JSON.stringify({ widgets });
}
