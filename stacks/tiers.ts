import type { Tier } from "../src/cloud";

/**
 * Sizing tiers in neutral units, from the capacity plan (small = minimum, medium = recommended,
 * large = maximum). Production raises any of these where high availability needs it; see
 * environments.ts. Each cloud maps them to its own SKUs in providers/<cloud>/skus.ts.
 */
export interface TierSize {
  readonly api: {
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly min: number;
    readonly max: number;
  };
  readonly database: {
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly storageGB: number;
    readonly readReplicas: number;
    /**
     * Connections the API may hold on the primary: under every cloud's default max_connections
     * for this memory (Cloud SQL's table is the lowest), leaving room for operators and replicas.
     */
    readonly connectionBudget: number;
  };
  readonly cache: {
    readonly memoryGiB: number;
    readonly shards: number;
    readonly nodesPerShard: number;
  };
}

export const TIER_SIZES: Readonly<Record<Tier, TierSize>> = {
  small: {
    api: { vcpu: 0.5, memoryGiB: 1, min: 1, max: 2 },
    database: { vcpu: 2, memoryGiB: 8, storageGB: 50, readReplicas: 0, connectionBudget: 150 },
    cache: { memoryGiB: 1, shards: 1, nodesPerShard: 1 },
  },
  medium: {
    api: { vcpu: 1, memoryGiB: 2, min: 3, max: 5 },
    database: { vcpu: 4, memoryGiB: 32, storageGB: 200, readReplicas: 1, connectionBudget: 300 },
    cache: { memoryGiB: 6, shards: 1, nodesPerShard: 3 },
  },
  large: {
    api: { vcpu: 2, memoryGiB: 4, min: 5, max: 20 },
    database: { vcpu: 8, memoryGiB: 64, storageGB: 500, readReplicas: 2, connectionBudget: 450 },
    // Sharded: 3 shards of primary + 2 replicas = 9 nodes, inside the plan's 10-node ceiling.
    cache: { memoryGiB: 13, shards: 3, nodesPerShard: 3 },
  },
};

/** Storage autoscaling may grow the database disk to this multiple of its initial size. */
export const STORAGE_AUTOSCALE_FACTOR = 4;
