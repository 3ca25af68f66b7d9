/*
 * Pure helpers of the GCP edge tier (Cloud Run sizing, resource ids), kept apart from the
 * components so that they are tested with plain tables, without mocks.
 */

/** The vCPU counts Cloud Run accepts as a limit, and the most memory (GiB) each allows. */
const CLOUD_RUN_CPUS: readonly { readonly cpu: number; readonly maxMemoryGiB: number }[] = [
  { cpu: 1, maxMemoryGiB: 4 },
  { cpu: 2, maxMemoryGiB: 8 },
  { cpu: 4, maxMemoryGiB: 16 },
  { cpu: 6, maxMemoryGiB: 24 },
  { cpu: 8, maxMemoryGiB: 32 },
];

/**
 * Cloud Run container limits for a neutral size. Cloud Run takes whole vCPUs of 1, 2, 4, 6 or 8
 * (fractions only with 512 MiB or less, too little for the API), so a size is rounded up to the
 * next allowed count: the small tier's 0.5 vCPU runs on 1. Memory is passed through in GiB.
 */
export function cloudRunLimits(vcpu: number, memoryGiB: number): { cpu: string; memory: string } {
  if (!(vcpu > 0) || !(memoryGiB > 0)) {
    throw new Error(`Cloud Run needs a positive size (got ${vcpu} vCPU / ${memoryGiB} GiB)`);
  }
  const fit = CLOUD_RUN_CPUS.find((c) => c.cpu >= vcpu && c.maxMemoryGiB >= memoryGiB);
  if (fit === undefined) {
    throw new Error(
      `no Cloud Run size holds ${vcpu} vCPU / ${memoryGiB} GiB (at most 8 vCPU / 32 GiB)`,
    );
  }
  // 4 vCPU and more need 2 GiB / 4 GiB of memory at least; raise memory rather than refuse.
  const floor = fit.cpu >= 6 ? 4 : fit.cpu >= 4 ? 2 : 0;
  return { cpu: String(fit.cpu), memory: `${Math.max(memoryGiB, floor)}Gi` };
}

/**
 * A GCP resource id from a Pulumi name: lowercase letters, digits and hyphens, starting with a
 * letter, at most `max` characters, not ending in a hyphen. Service account ids (6-30) and
 * repository ids (up to 63) share these rules.
 */
export function gcpId(name: string, max: number, min = 1): string {
  let id = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-");
  if (!/^[a-z]/.test(id)) id = `e-${id}`;
  id = id.slice(0, max).replace(/-+$/, "");
  if (id.length < min) id = `${id}-entmoot`.slice(0, max).replace(/-+$/, "");
  return id;
}

/** Monthly error budget burn rates that page: 2% of a 30-day budget in 1 h, 5% in 6 h. */
export const BURN_RATES = [
  { window: "3600s", threshold: 14.4, label: "fast" },
  { window: "21600s", threshold: 6, label: "slow" },
] as const;
