import type { Tier } from "../../src/cloud";

/**
 * GCP's SKUs for the neutral tier sizes (stacks/tiers.ts), in one table so that a reviewer sees
 * every price-bearing choice in one place. SDK-free.
 */
export const GCP_SKUS: {
  /** Cloud SQL machine tier. */
  readonly database: Readonly<Record<Tier, string>>;
  /** Memorystore size in GiB. */
  readonly cache: Readonly<Record<Tier, string>>;
} = {
  // Cloud SQL custom machines allow at most 6.5 GiB per vCPU, so the capacity plan's GCP SKUs
  // give 7.5 / 16 / 32 GiB: the lower end of each tier's memory range rather than the top.
  database: {
    small: "db-custom-2-7680",
    medium: "db-custom-4-16384",
    large: "db-custom-8-32768",
  },
  // Memorystore sizes by memory; the value is GiB.
  cache: { small: "1", medium: "6", large: "13" },
};
