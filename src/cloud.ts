/** The clouds the platform runs on: those in the registry (providers/index.ts). */
export { CLOUDS, type Cloud } from "../providers";

export const ENVIRONMENTS = ["production", "staging"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const TIERS = ["small", "medium", "large"] as const;
export type Tier = (typeof TIERS)[number];
