import type * as inputs from "@pulumi/aws/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringSpec } from "../../src/platform";
import {
  errorRateQueries,
  mathInput,
  mathResult,
  metricAlarm,
  type AlarmMap,
  type AlarmSpec,
} from "./alarms";

/** What the service alarms watch. */
export interface AlarmTargets {
  readonly albArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  readonly databaseInstanceId: pulumi.Input<string>;
  readonly replicaInstanceIds: readonly pulumi.Input<string>[];
  readonly databaseStorageGB: number;
  readonly databaseMemoryGiB: number;
  readonly cacheClusterIds: pulumi.Input<string[]>;
}

/** Free storage, as a fraction of the initial allocation, below which db-free-storage fires. */
export const FREE_STORAGE_ALARM_FRACTION = 0.05;

/** Replica lag (seconds) that makes reads noticeably stale. */
export const REPLICA_LAG_SECONDS = 30;

/** Primary write IOPS (per-minute average) from which a replica's lag measures replication. */
export const PRIMARY_WRITES_PER_SECOND = 1;

/**
 * A replica's lag, counted only while the primary writes. RDS computes PostgreSQL's ReplicaLag as
 * now() - pg_last_xact_replay_timestamp(): with no commit on the primary it grows without bound
 * on a healthy replica (every quiet night). With at least one write I/O a second on the primary
 * a healthy replica's last replayed commit is seconds old, so a high lag then is real; below
 * that the minute counts as 0. The lag itself is unfilled: a replica that stops publishing
 * leaves no datapoint.
 */
export function replicaLagQueries(
  primaryId: pulumi.Input<string>,
  replicaId: pulumi.Input<string>,
): inputs.cloudwatch.MetricAlarmMetricQuery[] {
  const ns = "AWS/RDS";
  return [
    mathInput("lag", ns, "ReplicaLag", { DBInstanceIdentifier: replicaId }, "Maximum"),
    mathInput("writes", ns, "WriteIOPS", { DBInstanceIdentifier: primaryId }, "Average"),
    mathResult(
      `IF(FILL(writes, 0) >= ${PRIMARY_WRITES_PER_SECOND}, lag, 0)`,
      "replica lag while the primary writes (s)",
    ),
  ];
}

/** CloudWatch metric math takes at most 10 metrics per alarm. */
const MAX_MATH_METRICS = 10;

/** RDS PostgreSQL's default max_connections: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export function postgresMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor((memoryGiB * 1024 ** 3) / 9531392), 5000);
}

/**
 * Cache hit rate in percent across every node. Exact (hits / (hits + misses), summed over nodes)
 * while the 10-metric limit allows; beyond 5 nodes, the mean of the nodes' own CacheHitRate.
 */
export function cacheHitRateQueries(
  ids: readonly string[],
  period = 60,
): inputs.cloudwatch.MetricAlarmMetricQuery[] {
  const ns = "AWS/ElastiCache";
  if (ids.length * 2 <= MAX_MATH_METRICS) {
    const hits = ids.map((id, i) =>
      mathInput(`hits${i}`, ns, "CacheHits", { CacheClusterId: id }, "Sum", period),
    );
    const misses = ids.map((id, i) =>
      mathInput(`misses${i}`, ns, "CacheMisses", { CacheClusterId: id }, "Sum", period),
    );
    const h = `SUM([${hits.map((q) => q.id).join(",")}])`;
    const m = `SUM([${misses.map((q) => q.id).join(",")}])`;
    return [...hits, ...misses, mathResult(`100 * ${h} / (${h} + ${m})`, "cache hit rate (%)")];
  }
  const rates = ids
    .slice(0, MAX_MATH_METRICS)
    .map((id, i) =>
      mathInput(`rate${i}`, ns, "CacheHitRate", { CacheClusterId: id }, "Average", period),
    );
  return [...rates, mathResult(`AVG([${rates.map((q) => q.id).join(",")}])`, "cache hit rate (%)")];
}

/** One ElastiCache metric folded over every node (`MAX` or `SUM`). */
function acrossNodes(
  ids: pulumi.Input<string[]>,
  metric: string,
  stat: string,
  fold: "MAX" | "SUM",
) {
  return pulumi.output(ids).apply((list) => {
    const qs = list
      .slice(0, MAX_MATH_METRICS)
      .map((id, i) => mathInput(`n${i}`, "AWS/ElastiCache", metric, { CacheClusterId: id }, stat));
    return [
      ...qs,
      mathResult(`${fold}([${qs.map((q) => q.id).join(",")}])`, `${metric} (${fold} over nodes)`),
    ];
  });
}

/**
 * Every alarm for the service targets (spec) and the resources behind them, each notifying
 * `topic` on ALARM and on OK.
 */
export function serviceAlarms(
  name: string,
  spec: MonitoringSpec,
  t: AlarmTargets,
  topic: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): AlarmMap {
  const actions = [topic];
  const alarms: AlarmMap = {};
  const add = (key: string, s: Omit<AlarmSpec, "actions">) => {
    alarms[key] = metricAlarm(`${name}-${key}`, { ...s, actions }, opts);
  };
  const alb = "AWS/ApplicationELB";
  const tg = { LoadBalancer: t.albArnSuffix, TargetGroup: t.targetGroupArnSuffix };
  const ecsDims = { ClusterName: t.clusterName, ServiceName: t.serviceName };
  const rds = (id: pulumi.Input<string>) => ({ DBInstanceIdentifier: id });
  const dbLatency = spec.databaseLatencyMs / 1000;

  add("api-latency-p95", {
    description: `API p95 latency above ${spec.latencyP95Ms} ms`,
    comparison: "GreaterThanThreshold",
    threshold: spec.latencyP95Ms / 1000,
    missingData: "notBreaching",
    metric: { namespace: alb, name: "TargetResponseTime", dimensions: tg, stat: "p95" },
  });
  add("api-error-rate", {
    description: `API 5xx rate above ${spec.errorRatePercent}% of requests`,
    comparison: "GreaterThanThreshold",
    threshold: spec.errorRatePercent,
    missingData: "notBreaching",
    queries: errorRateQueries(t.albArnSuffix, t.targetGroupArnSuffix),
  });
  add("api-unhealthy-hosts", {
    description: "API tasks failing the load balancer health check",
    comparison: "GreaterThanThreshold",
    threshold: 0,
    missingData: "notBreaching",
    metric: { namespace: alb, name: "UnHealthyHostCount", dimensions: tg, stat: "Maximum" },
  });
  add("api-no-healthy-hosts", {
    description: "No healthy API task behind the load balancer",
    comparison: "LessThanThreshold",
    threshold: 1,
    missingData: "breaching",
    metric: { namespace: alb, name: "HealthyHostCount", dimensions: tg, stat: "Minimum" },
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
  });
  for (const [key, metric] of [
    ["ecs-cpu", "CPUUtilization"],
    ["ecs-memory", "MemoryUtilization"],
  ] as const) {
    add(key, {
      description: `API service ${metric} above 80% (autoscaling at its ceiling?)`,
      comparison: "GreaterThanThreshold",
      threshold: 80,
      missingData: "missing",
      metric: { namespace: "AWS/ECS", name: metric, dimensions: ecsDims, stat: "Average" },
    });
  }

  const instances: [string, pulumi.Input<string>][] = [
    ["db", t.databaseInstanceId],
    ...t.replicaInstanceIds.map((id, i): [string, pulumi.Input<string>] => [`db-replica-${i}`, id]),
  ];
  for (const [key, id] of instances) {
    add(`${key}-cpu`, {
      description: `${key}: CPU above 80%`,
      comparison: "GreaterThanThreshold",
      threshold: 80,
      missingData: "missing",
      metric: {
        namespace: "AWS/RDS",
        name: "CPUUtilization",
        dimensions: rds(id),
        stat: "Average",
      },
    });
    add(`${key}-read-latency`, {
      description: `${key}: read latency above ${spec.databaseLatencyMs} ms`,
      comparison: "GreaterThanThreshold",
      threshold: dbLatency,
      missingData: "notBreaching",
      metric: { namespace: "AWS/RDS", name: "ReadLatency", dimensions: rds(id), stat: "Average" },
    });
  }
  add("db-write-latency", {
    description: `db: write latency above ${spec.databaseLatencyMs} ms`,
    comparison: "GreaterThanThreshold",
    threshold: dbLatency,
    missingData: "notBreaching",
    metric: {
      namespace: "AWS/RDS",
      name: "WriteLatency",
      dimensions: rds(t.databaseInstanceId),
      stat: "Average",
    },
  });
  // RDS storage autoscaling grows the disk once free space stays below 10% for 5 minutes, so an
  // alarm at 10% would page on every routine growth. Below 5% of the initial size for 15 minutes
  // means autoscaling did not act: at its ceiling (maxStorageGB), or within the 6 hours it waits
  // between two growths.
  add("db-free-storage", {
    description: `db: free storage below 5% of ${t.databaseStorageGB} GB for 15 minutes (storage autoscaling did not act)`,
    comparison: "LessThanThreshold",
    threshold: Math.round(t.databaseStorageGB * 1024 ** 3 * FREE_STORAGE_ALARM_FRACTION),
    missingData: "missing",
    metric: {
      namespace: "AWS/RDS",
      name: "FreeStorageSpace",
      dimensions: rds(t.databaseInstanceId),
      stat: "Minimum",
    },
    period: 300,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
  });
  const maxConnections = postgresMaxConnections(t.databaseMemoryGiB);
  add("db-connections", {
    description: `db: connections above 80% of max_connections (${maxConnections})`,
    comparison: "GreaterThanThreshold",
    threshold: Math.floor(maxConnections * 0.8),
    missingData: "missing",
    metric: {
      namespace: "AWS/RDS",
      name: "DatabaseConnections",
      dimensions: rds(t.databaseInstanceId),
      stat: "Maximum",
    },
  });
  t.replicaInstanceIds.forEach((id, i) =>
    add(`db-replica-${i}-lag`, {
      description: `db-replica-${i}: replication lag above ${REPLICA_LAG_SECONDS} s while the primary writes (stale reads)`,
      comparison: "GreaterThanThreshold",
      threshold: REPLICA_LAG_SECONDS,
      // A replica that stops publishing is gone: that is an alarm too.
      missingData: "breaching",
      queries: replicaLagQueries(t.databaseInstanceId, id),
    }),
  );

  add("cache-hit-rate", {
    description: `cache hit rate below ${spec.cacheHitRatePercent}%`,
    comparison: "LessThanThreshold",
    threshold: spec.cacheHitRatePercent,
    // An idle cache has no ratio; low traffic is not a cache fault.
    missingData: "notBreaching",
    // Hit rate is noisy minute to minute: 5-minute windows over half an hour. A metric-math
    // alarm takes its period from each query's metric, not from the alarm's own `period`.
    queries: pulumi.output(t.cacheClusterIds).apply((ids) => cacheHitRateQueries(ids, 300)),
    period: 300,
    evaluationPeriods: 6,
    datapointsToAlarm: 4,
  });
  // No alarm on memory use or evictions: with allkeys-lru the cache is meant to fill up and
  // evict the least recently used keys, all rebuildable from PostgreSQL. Evictions that hurt show
  // as misses, which the hit-rate alarm above watches against the 80% target.
  add("cache-engine-cpu", {
    description: "cache: Redis engine thread CPU above 80% on some node",
    comparison: "GreaterThanThreshold",
    threshold: 80,
    missingData: "missing",
    queries: acrossNodes(t.cacheClusterIds, "EngineCPUUtilization", "Average", "MAX"),
  });
  return alarms;
}
