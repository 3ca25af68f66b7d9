import { CLOUDS, ENVIRONMENTS, TIERS } from "./cloud";

/** The config namespace: the project name in Pulumi.yaml. */
export const NAMESPACE = "entmoot";

/**
 * Integer overrides are declared in Pulumi.yaml with this default, which means "keep the tier's
 * value". Pulumi treats a declared key without a default as required, so optional integers need a
 * sentinel; -1 cannot be confused with a real count.
 */
export const TIER_DEFAULT = -1;

export type KeyType = "string" | "integer" | "boolean" | "array";

export interface KeyDeclaration {
  readonly type: KeyType;
  readonly description: string;
  /** The Pulumi.yaml default. Absent for keys every stack must set. */
  readonly default?: string | number | boolean | readonly string[];
}

/**
 * Every `entmoot:*` key. Pulumi.yaml declares exactly these (a test holds the two together), and
 * any other key in the namespace is refused with the nearest of these suggested.
 */
export const CONFIG_KEYS = {
  cloud: { type: "string", description: `Cloud to run on: ${CLOUDS.join(", ")}.` },
  environment: {
    type: "string",
    description: `Environment profile: ${ENVIRONMENTS.join(", ")}.`,
  },
  tier: {
    type: "string",
    description: `Sizing tier: ${TIERS.join(", ")}.`,
    default: "medium",
  },
  region: { type: "string", description: "Primary region; must belong to the chosen cloud." },
  drRegion: {
    type: "string",
    description: "Disaster-recovery region of the same cloud; required in production.",
    default: "",
  },
  gcpProject: {
    type: "string",
    description: "GCP project id; required when cloud is gcp.",
    default: "",
  },
  accountId: {
    type: "string",
    description:
      "Cloud account the stack must deploy into (AWS account id, Azure subscription id); empty allows any. GCP uses gcpProject.",
    default: "",
  },
  domain: { type: "string", description: "Public hostname of the API, e.g. api.example.com." },
  dnsZone: {
    type: "string",
    description: "DNS zone (name) to create records and certificate validation in.",
    default: "",
  },
  certificate: {
    type: "string",
    description: "Existing certificate reference to use instead of a managed certificate.",
    default: "",
  },
  image: {
    type: "string",
    description:
      "API container image; empty keeps the image deployed last (a placeholder on a new stack).",
    default: "",
  },
  alertEmails: {
    type: "array",
    description: "Addresses that receive alerts; required in production.",
    default: [],
  },
  frontend: {
    type: "boolean",
    description: "Host the static frontend behind the CDN.",
    default: true,
  },
  minInstances: {
    type: "integer",
    description: "Override of the tier's minimum API instances (>= 1); -1 keeps the tier's value.",
    default: TIER_DEFAULT,
  },
  maxInstances: {
    type: "integer",
    description: "Override of the tier's maximum API instances (>= 1); -1 keeps the tier's value.",
    default: TIER_DEFAULT,
  },
  dbReplicas: {
    type: "integer",
    description: "Override of the tier's database read replicas (>= 0); -1 keeps the tier's value.",
    default: TIER_DEFAULT,
  },
  cacheNodes: {
    type: "integer",
    description: "Override of the tier's cache nodes per shard (>= 1); -1 keeps the tier's value.",
    default: TIER_DEFAULT,
  },
  appSettings: {
    type: "array",
    description:
      "The API's own settings as NAME=value items (cache TTLs, upload size, external APIs, email, ...); see docs/operations.md.",
    default: [],
  },
  sentryDsn: {
    type: "string",
    description: "Sentry DSN for the API; set with --secret.",
    default: "",
  },
} as const satisfies Record<string, KeyDeclaration>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];
