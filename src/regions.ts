import { CLOUD_ENTRIES } from "../providers";
import type { Cloud } from "./cloud";

/**
 * A region outside its cloud's list (providers/<cloud>/entry.ts) is refused, so that `us-east-1`
 * with gcp fails at `pulumi preview` time with a readable message instead of deep inside a
 * provider call.
 */
export function regionsOf(cloud: Cloud): readonly string[] {
  return CLOUD_ENTRIES[cloud].regions;
}

/** True when `region` is one of `cloud`'s regions. */
export function isRegionOf(cloud: Cloud, region: string): boolean {
  return regionsOf(cloud).includes(region);
}
