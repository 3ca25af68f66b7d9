/*
 * The neutral sizes of stacks/tiers.ts in Azure's SKUs, SDK-free and in one place so a reviewer
 * sees every price-bearing choice together. Derived from vCPU and memory rather than looked up by
 * tier name, so an override or a new tier maps the same way.
 */

export interface PostgresSku {
  readonly name: string;
  readonly tier: "Burstable" | "GeneralPurpose" | "MemoryOptimized";
}

/** vCPU counts the Ddsv5 / Edsv5 families offer on Flexible Server. */
const V5_VCPUS = [2, 4, 8, 16, 32, 48, 64, 96] as const;

/**
 * PostgreSQL Flexible Server compute for a size:
 * - Burstable (B2s 2 vCPU / 4 GiB, B2ms 2 vCPU / 8 GiB) only when nothing needs more: Azure
 *   offers neither high availability nor read replicas on the Burstable tier, so production's
 *   small tier (zone-redundant HA) gets General Purpose D2ds_v5, the same 2 vCPU / 8 GiB;
 * - up to 4 GiB per vCPU: General Purpose Ddsv5;
 * - up to 8 GiB per vCPU: Memory Optimized Edsv5 (the tier table's 4 / 32 and 8 / 64 sizes, the
 *   PostGIS working set that AWS's r6i classes serve).
 */
export function postgresSku(
  vcpu: number,
  memoryGiB: number,
  burstableAllowed: boolean,
): PostgresSku {
  if (burstableAllowed && vcpu <= 2) {
    if (memoryGiB <= 4) return { name: "Standard_B2s", tier: "Burstable" };
    if (memoryGiB <= 8) return { name: "Standard_B2ms", tier: "Burstable" };
  }
  const cores = V5_VCPUS.find((c) => c >= vcpu);
  if (cores === undefined) {
    throw new Error(`no Flexible Server SKU with ${vcpu} vCPU (at most ${V5_VCPUS.at(-1)})`);
  }
  const perCore = memoryGiB / cores;
  if (perCore <= 4) return { name: `Standard_D${cores}ds_v5`, tier: "GeneralPurpose" };
  if (perCore <= 8) return { name: `Standard_E${cores}ds_v5`, tier: "MemoryOptimized" };
  throw new Error(
    `no Flexible Server SKU with ${memoryGiB} GiB for ${vcpu} vCPU (at most 8 GiB per vCPU)`,
  );
}

/**
 * Premium SSD sizes Flexible Server accepts (GiB): any other value is refused at creation, so
 * the tier's 50 / 200 / 500 GB round up to 64 / 256 / 512.
 */
export const POSTGRES_STORAGE_SIZES_GB = [
  32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32767,
] as const;

export function postgresStorageGB(wantedGB: number): number {
  const size = POSTGRES_STORAGE_SIZES_GB.find((s) => s >= wantedGB);
  if (size === undefined)
    throw new Error(`Flexible Server storage tops out at 32767 GiB (asked for ${wantedGB})`);
  return size;
}

/** Azure Managed Redis Balanced SKUs and their memory (GB). */
export const REDIS_BALANCED_SKUS: readonly (readonly [number, string])[] = [
  [0.5, "Balanced_B0"],
  [1, "Balanced_B1"],
  [3, "Balanced_B3"],
  [6, "Balanced_B5"],
  [12, "Balanced_B10"],
  [24, "Balanced_B20"],
  [60, "Balanced_B50"],
  [120, "Balanced_B100"],
  [180, "Balanced_B150"],
  [240, "Balanced_B250"],
  [360, "Balanced_B350"],
  [480, "Balanced_B500"],
  [720, "Balanced_B700"],
  [960, "Balanced_B1000"],
];

/**
 * The smallest Balanced SKU holding the whole data set. Managed Redis shards inside the cluster
 * on its own, so a spec of N shards of M GiB asks for N x M.
 */
export function redisSku(memoryGiB: number, shards: number): string {
  const total = memoryGiB * shards;
  const sku = REDIS_BALANCED_SKUS.find(([gb]) => gb >= total);
  if (sku === undefined) throw new Error(`no Managed Redis Balanced SKU holds ${total} GB`);
  return sku[1];
}

/** Premium v3 App Service plan sizes (Linux): vCPU and GiB per instance. */
export const APP_SERVICE_SKUS: readonly (readonly [string, number, number])[] = [
  ["P0v3", 1, 4],
  ["P1v3", 2, 8],
  ["P2v3", 4, 16],
  ["P3v3", 8, 32],
];

/**
 * The smallest Premium v3 size that holds one API instance. Premium v3 because it is the line
 * that offers zone redundancy, VNet integration with all outbound routed, and deployment slots
 * together; P0v3's 1 vCPU / 4 GiB covers the small and medium tiers' tasks.
 */
export function appServiceSku(vcpu: number, memoryGiB: number): string {
  const sku = APP_SERVICE_SKUS.find(([, cores, gib]) => cores >= vcpu && gib >= memoryGiB);
  if (sku === undefined)
    throw new Error(`no Premium v3 size holds ${vcpu} vCPU / ${memoryGiB} GiB`);
  return sku[0];
}

/**
 * Instances a zone-redundant plan must run. Azure asked for 3 until 2025 and now asks for 2 (and
 * lets zone redundancy be switched on an existing plan on newer scale units); the spec's floor in
 * production is already 2, so this only refuses a smaller override.
 */
export const ZONE_REDUNDANT_MIN_INSTANCES = 2;
