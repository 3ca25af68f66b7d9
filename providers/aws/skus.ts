import type { Tier } from "../../src/cloud";

/**
 * AWS's SKUs for the neutral tier sizes (stacks/tiers.ts), in one table so that a reviewer sees
 * every price-bearing choice in one place. SDK-free.
 */
export const AWS_SKUS: {
  /** RDS instance class. */
  readonly database: Readonly<Record<Tier, string>>;
  /** ElastiCache node type. */
  readonly cache: Readonly<Record<Tier, string>>;
} = {
  // Graviton burstable for small; memory-optimised r6i for the PostGIS working set above it.
  database: { small: "db.t4g.large", medium: "db.r6i.xlarge", large: "db.r6i.2xlarge" },
  cache: { small: "cache.t4g.small", medium: "cache.r7g.large", large: "cache.r7g.large" },
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
