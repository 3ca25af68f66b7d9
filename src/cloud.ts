/** The clouds the platform runs on. The order is the order in docs and error messages. */
export const CLOUDS = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof CLOUDS)[number];

export const ENVIRONMENTS = ["production", "staging"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const TIERS = ["small", "medium", "large"] as const;
export type Tier = (typeof TIERS)[number];
