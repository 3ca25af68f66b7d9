import type { Cloud, Tier } from "../src/cloud";

/**
 * Sizing tiers in neutral units, from the capacity plan (small = minimum, medium = recommended,
 * large = maximum). Production raises any of these where high availability needs it; see
 * environments.ts.
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

/**
 * Each cloud's SKUs for the neutral sizes above, in one table per cloud so that a reviewer sees
 * every price-bearing choice in one place. Keys are the tier; values are the cloud's names.
 */
export interface CloudSkus {
  /** Database instance class / machine tier. */
  readonly database: Readonly<Record<Tier, string>>;
  /** Cache node type / memory size. */
  readonly cache: Readonly<Record<Tier, string>>;
}

export const SKUS: Readonly<Record<Cloud, CloudSkus>> = {
  aws: {
    // Graviton burstable for small; memory-optimised r6i for the PostGIS working set above it.
    database: { small: "db.t4g.large", medium: "db.r6i.xlarge", large: "db.r6i.2xlarge" },
    cache: { small: "cache.t4g.small", medium: "cache.r7g.large", large: "cache.r7g.large" },
  },
  gcp: {
    // Cloud SQL custom machines allow at most 6.5 GiB per vCPU, so the capacity plan's GCP SKUs
    // give 7.5 / 16 / 32 GiB: the lower end of each tier's memory range rather than the top.
    database: {
      small: "db-custom-2-7680",
      medium: "db-custom-4-16384",
      large: "db-custom-8-32768",
    },
    // Memorystore sizes by memory; the value is GiB.
    cache: { small: "1", medium: "6", large: "13" },
  },
  azure: {
    database: { small: "Standard_B2s", medium: "Standard_D4ds_v5", large: "Standard_E8ds_v5" },
    cache: { small: "Balanced_B1", medium: "Balanced_B5", large: "Balanced_B10" },
  },
};

/** Fargate accepts only these CPU (units) / memory (MiB) pairs; map neutral sizes onto them. */
export function fargateSize(vcpu: number, memoryGiB: number): { cpu: string; memory: string } {
  const cpu = Math.round(vcpu * 1024);
  const memory = Math.round(memoryGiB * 1024);
  const allowed: Record<number, readonly number[]> = {
    256: [512, 1024, 2048],
    512: [1024, 2048, 3072, 4096],
    1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
    2048: [4096, 5120, 6144, 7168, 8192, 16384],
    4096: [8192, 16384, 30720],
  };
  const memories = allowed[cpu];
  if (!memories || !memories.includes(memory)) {
    throw new Error(`no Fargate size for ${vcpu} vCPU / ${memoryGiB} GiB`);
  }
  return { cpu: String(cpu), memory: String(memory) };
}
