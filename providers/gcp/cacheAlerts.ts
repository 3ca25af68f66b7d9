import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringSpec } from "../../src/platform";
import type { AlertDefinition } from "./alerts";

/*
 * The Memorystore alert policies, as data (see alerts.ts). Memorystore reports its stats per node,
 * labelled with the node's `role` (primary or replica). The API reads and writes on the primary
 * only: read replicas and the failover replica serve no lookups, so their hit ratio sits near 0
 * and must not count. With allkeys-lru a full cache is the steady state, so memory is judged by
 * what can take the instance down (system memory, which includes fragmentation and forks) and by
 * evictions, not by how full the dataset is.
 */

/** Memorystore's guidance: above 80% of system memory the instance is at risk of running out. */
export const SYSTEM_MEMORY_RATIO = 0.8;
/** Misses a second on the primary below which the hit ratio is noise (an idle staging stack). */
export const MIN_MISSES_PER_SECOND = 1;
/** Evictions a second, sustained, that say the cache is smaller than what the API keeps in it. */
export const EVICTIONS_PER_SECOND = 1;

/** A Memorystore stat of `instanceId`, of its primary node when `primaryOnly`. */
export function redisStat(
  metric: string,
  instanceId: pulumi.Input<string>,
  primaryOnly = false,
): pulumi.Output<string> {
  const role = primaryOnly ? ` AND metric.label.role="primary"` : "";
  return pulumi.interpolate`metric.type="redis.googleapis.com/stats/${metric}" AND resource.type="redis_instance" AND resource.label.instance_id="${instanceId}"${role}`;
}

type Threshold = inputs.monitoring.AlertPolicyConditionConditionThreshold;

const condition = (displayName: string, threshold: Threshold) => ({
  displayName,
  conditionThreshold: { trigger: { count: 1 }, ...threshold },
});

/** Per-second rate of a counter, summed over the instance's nodes the filter selects. */
const ratePerInstance = (period: string) => [
  {
    alignmentPeriod: period,
    perSeriesAligner: "ALIGN_RATE",
    crossSeriesReducer: "REDUCE_SUM",
    groupByFields: ["resource.label.instance_id"],
  },
];

export function cacheAlertDefinitions(
  spec: MonitoringSpec,
  instanceId: pulumi.Input<string>,
): AlertDefinition[] {
  return [
    {
      key: "cache-hit-rate",
      title: "Redis hit rate",
      severity: "WARNING",
      summary: `Redis hit ratio on the primary below ${spec.cacheHitRatePercent}% for 15 minutes while it misses more than ${MIN_MISSES_PER_SECOND} lookup a second (a cold cache after a failover recovers by itself).`,
      // Both at once: a low ratio on a handful of lookups is not a cache problem.
      combiner: "AND",
      conditions: [
        condition(`primary hit ratio < ${spec.cacheHitRatePercent}%`, {
          filter: redisStat("cache_hit_ratio", instanceId, true),
          aggregations: [
            {
              alignmentPeriod: "300s",
              perSeriesAligner: "ALIGN_MEAN",
              // After a failover the new primary is another node: one series per instance.
              crossSeriesReducer: "REDUCE_MEAN",
              groupByFields: ["resource.label.instance_id"],
            },
          ],
          comparison: "COMPARISON_LT",
          thresholdValue: spec.cacheHitRatePercent / 100,
          duration: "900s",
        }),
        condition(`primary misses > ${MIN_MISSES_PER_SECOND}/s`, {
          filter: redisStat("keyspace_misses", instanceId, true),
          aggregations: ratePerInstance("300s"),
          comparison: "COMPARISON_GT",
          thresholdValue: MIN_MISSES_PER_SECOND,
          duration: "900s",
        }),
      ],
    },
    {
      key: "cache-memory",
      title: "Redis memory pressure and evictions",
      severity: "WARNING",
      summary: `A Redis node uses more than ${SYSTEM_MEMORY_RATIO * 100}% of its system memory (it may run out of memory and restart), or Redis evicts more than ${EVICTIONS_PER_SECOND} key a second for 15 minutes (the cache is too small for what the API keeps).`,
      conditions: [
        condition(`system memory > ${SYSTEM_MEMORY_RATIO * 100}%`, {
          filter: redisStat("memory/system_memory_usage_ratio", instanceId),
          aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MAX" }],
          comparison: "COMPARISON_GT",
          thresholdValue: SYSTEM_MEMORY_RATIO,
          duration: "300s",
        }),
        condition(`evictions > ${EVICTIONS_PER_SECOND}/s`, {
          filter: redisStat("evicted_keys", instanceId),
          aggregations: ratePerInstance("300s"),
          comparison: "COMPARISON_GT",
          thresholdValue: EVICTIONS_PER_SECOND,
          duration: "900s",
        }),
      ],
    },
  ];
}
