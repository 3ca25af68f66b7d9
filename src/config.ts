import { z } from "zod";
import { CLOUDS, ENVIRONMENTS, TIERS, type Cloud, type Environment, type Tier } from "./cloud";
import {
  CONFIG_KEY_NAMES,
  CONFIG_KEYS,
  NAMESPACE,
  TIER_DEFAULT,
  type ConfigKey,
  type KeyDeclaration,
} from "./configKeys";
import { CLOUD_ENTRIES } from "../providers";
import { API_SECRET_ENV, DERIVED_ENV } from "./apiEnvNames";
import { OPERATOR_SECRET_ENV, parseAppSettings } from "./appSettings";
import type { CloudConfigView } from "./configRules";
import { isRegionOf, regionsOf } from "./regions";

export {
  CONFIG_KEY_NAMES,
  CONFIG_KEYS,
  NAMESPACE,
  TIER_DEFAULT,
  type ConfigKey,
} from "./configKeys";

/** A validated stack config. Optional strings are `undefined` when unset or empty. */
export interface EntmootConfig {
  readonly cloud: Cloud;
  readonly environment: Environment;
  readonly tier: Tier;
  readonly region: string;
  readonly drRegion?: string;
  readonly gcpProject?: string;
  readonly accountId?: string;
  readonly domain: string;
  readonly dnsZone?: string;
  readonly certificate?: string;
  readonly image?: string;
  readonly alertEmails: readonly string[];
  readonly frontend: boolean;
  readonly minInstances?: number;
  readonly maxInstances?: number;
  readonly dbReplicas?: number;
  readonly cacheNodes?: number;
  readonly sentryDsn?: string;
  /** The API settings the stack sets (`entmoot:appSettings`), by name. */
  readonly appSettings: Readonly<Record<string, string>>;
}

/** One problem with one key: the key, the value given, and what is allowed. */
export interface ConfigIssue {
  readonly key: string;
  readonly value: unknown;
  readonly message: string;
}

/** Thrown by parseConfig with every problem found, so a user fixes them all in one pass. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid entmoot config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
        issues.map((i) => `  - ${i.key}: ${i.message} (given: ${show(i.value)})`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  return JSON.stringify(value);
}

// Pulumi hands every config value to the program as a string (arrays and booleans as JSON);
// tests hand typed values. These accept both.
const trimmed = z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string());
const optionalString = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  trimmed.optional(),
);
const integer = z.preprocess(
  (v) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v),
  z.number({ error: "must be a whole number" }).int({ error: "must be a whole number" }),
);
const boolean = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean({ error: "must be true or false" }),
);
const stringArray = z.preprocess(
  (v) => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  },
  z.array(z.string({ error: "must be a list of strings" }), { error: "must be a list of strings" }),
);

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// Registry host (optional), path, and a tag or digest (optional).
const IMAGE_REF =
  /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;
const EMAIL = z.email();

/** Minimum value of each integer override. */
const INTEGER_MINIMUM: Record<
  "minInstances" | "maxInstances" | "dbReplicas" | "cacheNodes",
  number
> = { minInstances: 1, maxInstances: 1, dbReplicas: 0, cacheNodes: 1 };

/** Upper bounds where the clouds impose one (RDS: 5 replicas per source is our own ceiling). */
const INTEGER_MAXIMUM: Record<keyof typeof INTEGER_MINIMUM, number> = {
  minInstances: 100,
  maxInstances: 100,
  dbReplicas: 5,
  cacheNodes: 6,
};

/** Levenshtein distance, for "did you mean" on unknown keys. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The declared key closest to `name`, compared case-insensitively. */
export function nearestKey(name: string): ConfigKey {
  const lower = name.toLowerCase();
  let best: ConfigKey = CONFIG_KEY_NAMES[0]!;
  let bestDistance = Infinity;
  for (const key of CONFIG_KEY_NAMES) {
    const d = editDistance(lower, key.toLowerCase());
    if (d < bestDistance) {
      best = key;
      bestDistance = d;
    }
  }
  return best;
}

export interface ParseOptions {
  /** Full keys (`entmoot:sentryDsn`) whose values are secret in the stack config. */
  readonly secretKeys?: readonly string[];
}

/**
 * Validates raw stack config: a record of full keys (`entmoot:region`) to values, as Pulumi hands
 * them over (strings) or typed. Keys of other namespaces are ignored. Throws ConfigError listing
 * every problem; returns the typed config otherwise. Pure: reads nothing else.
 */
export function parseConfig(raw: unknown, options: ParseOptions = {}): EntmootConfig {
  const issues: ConfigIssue[] = [];
  const add = (key: string, value: unknown, message: string): void => {
    issues.push({ key: `${NAMESPACE}:${key}`, value, message });
  };

  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError([
      { key: NAMESPACE, value: raw, message: "config must be a key/value map" },
    ]);
  }
  const values = new Map<string, unknown>();
  for (const [fullKey, value] of Object.entries(raw)) {
    const [namespace, ...rest] = fullKey.split(":");
    if (namespace !== NAMESPACE) continue;
    const key = rest.join(":");
    if (key in CONFIG_KEYS) {
      values.set(key, value);
    } else {
      add(key, value, `unknown key; did you mean ${NAMESPACE}:${nearestKey(key)}?`);
    }
  }

  const invalid = (key: ConfigKey): boolean => issues.some((i) => i.key === `${NAMESPACE}:${key}`);
  const field = <T>(key: ConfigKey, schema: z.ZodType<T>): T | undefined => {
    const declared: KeyDeclaration = CONFIG_KEYS[key];
    const given = values.get(key);
    const value = given ?? declared.default;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    add(key, given, result.error.issues[0]?.message ?? "invalid value");
    return undefined;
  };
  const oneOf = <T extends string>(
    key: ConfigKey,
    allowed: readonly T[],
    required: boolean,
  ): T | undefined => {
    const value = field(key, optionalString);
    if (value === undefined) {
      if (required) add(key, values.get(key), `required; allowed: ${allowed.join(", ")}`);
      return undefined;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      add(key, value, `must be one of: ${allowed.join(", ")}`);
      return undefined;
    }
    return value as T;
  };

  const cloud = oneOf("cloud", CLOUDS, true);
  const environment = oneOf("environment", ENVIRONMENTS, true);
  const tier = oneOf("tier", TIERS, true);
  const production = environment === "production";

  const region = field("region", optionalString);
  if (region === undefined) {
    add(
      "region",
      values.get("region"),
      cloud ? `required; a ${cloud} region such as ${regionsOf(cloud)[0]}` : "required",
    );
  } else if (cloud && !isRegionOf(cloud, region)) {
    add("region", region, `not a ${cloud} region; allowed: ${regionsOf(cloud).join(", ")}`);
  }

  const drRegion = field("drRegion", optionalString);
  if (drRegion === undefined) {
    if (production)
      add(
        "drRegion",
        values.get("drRegion"),
        "required in production: a second region of the same cloud",
      );
  } else if (cloud && !isRegionOf(cloud, drRegion)) {
    add("drRegion", drRegion, `not a ${cloud} region; allowed: ${regionsOf(cloud).join(", ")}`);
  } else if (drRegion === region) {
    add(
      "drRegion",
      drRegion,
      "must differ from entmoot:region so that a regional outage spares the copies",
    );
  }

  const gcpProject = field("gcpProject", optionalString);
  const accountId = field("accountId", optionalString);

  const hostname = (key: ConfigKey, required: boolean): string | undefined => {
    const value = field(key, optionalString);
    if (value === undefined) {
      if (required) add(key, values.get(key), "required: a DNS name such as api.example.com");
    } else if (!HOSTNAME.test(value)) {
      add(key, value, "must be a lowercase DNS name such as api.example.com");
      return undefined;
    }
    return value;
  };
  const domain = hostname("domain", true);
  // A zone's name, after whatever its cloud puts before a "/" to find it (Azure: the resource
  // group); each cloud's rules say which forms it takes.
  const dnsZone = field("dnsZone", optionalString);
  const zoneName = dnsZone?.slice(dnsZone.lastIndexOf("/") + 1);
  if (dnsZone !== undefined && !HOSTNAME.test(zoneName ?? "")) {
    add("dnsZone", dnsZone, "must name a DNS zone such as example.com");
  } else if (domain && zoneName && domain !== zoneName && !domain.endsWith(`.${zoneName}`)) {
    add("dnsZone", dnsZone, `must be entmoot:domain (${domain}) or one of its parent domains`);
  }

  const certificate = field("certificate", optionalString);
  const image = field("image", optionalString);
  if (image !== undefined && !IMAGE_REF.test(image)) {
    add(
      "image",
      image,
      "must be an image reference such as registry.example.com/entmoot/api:1.4.2 or …@sha256:<digest>",
    );
  }

  const alertEmails = field("alertEmails", stringArray) ?? [];
  for (const email of alertEmails) {
    if (!EMAIL.safeParse(email).success)
      add("alertEmails", email, "not an email address such as ops@example.com");
  }
  const emailsInvalid = issues.some((i) => i.key === `${NAMESPACE}:alertEmails`);
  if (production && alertEmails.length === 0 && !emailsInvalid) {
    add(
      "alertEmails",
      values.get("alertEmails"),
      "required in production: at least one address for alerts",
    );
  }

  const frontend = field("frontend", boolean);

  const override = (key: keyof typeof INTEGER_MINIMUM): number | undefined => {
    const value = field(key, integer);
    if (value === undefined || value === TIER_DEFAULT) return undefined;
    const min = INTEGER_MINIMUM[key];
    const max = INTEGER_MAXIMUM[key];
    if (value < min || value > max) {
      add(
        key,
        value,
        `must be a whole number from ${min} to ${max}, or ${TIER_DEFAULT} to keep the tier's value`,
      );
      return undefined;
    }
    return value;
  };
  const minInstances = override("minInstances");
  const maxInstances = override("maxInstances");
  const dbReplicas = override("dbReplicas");
  const cacheNodes = override("cacheNodes");
  if (minInstances !== undefined && maxInstances !== undefined && minInstances > maxInstances) {
    add("minInstances", minInstances, `must not exceed entmoot:maxInstances (${maxInstances})`);
  }

  const appSettingItems = field("appSettings", stringArray) ?? [];
  const { settings: appSettings, problems: settingProblems } = parseAppSettings(appSettingItems, {
    derived: DERIVED_ENV,
    secret: [...API_SECRET_ENV, ...OPERATOR_SECRET_ENV],
  });
  for (const p of settingProblems) add("appSettings", p.item, p.message);

  const sentryDsn = field("sentryDsn", optionalString);
  if (sentryDsn !== undefined) {
    const secret = options.secretKeys?.includes(`${NAMESPACE}:sentryDsn`) ?? false;
    // The value is never echoed back: it is a credential even when stored wrongly.
    if (!secret)
      add(
        "sentryDsn",
        "[redacted]",
        "must be stored encrypted: pulumi config set --secret entmoot:sentryDsn <dsn>",
      );
    else if (!/^https:\/\/[^\s@]+@[^\s/]+\/\d+$/.test(sentryDsn))
      add("sentryDsn", "[redacted]", "must be a DSN of the form https://<key>@<host>/<project-id>");
  }

  // The cloud's own rules see only values that passed the neutral checks, so that one mistake is
  // reported once.
  if (cloud) {
    const view: CloudConfigView = {
      environment,
      tier,
      region: invalid("region") ? undefined : region,
      drRegion: invalid("drRegion") ? undefined : drRegion,
      gcpProject,
      accountId,
      domain,
      dnsZone: invalid("dnsZone") ? undefined : dnsZone,
      certificate,
      frontend,
      appSettings,
    };
    for (const draft of CLOUD_ENTRIES[cloud].checkConfig(view))
      add(draft.key, draft.value, draft.message);
  }

  if (
    issues.length > 0 ||
    !cloud ||
    !environment ||
    !tier ||
    !region ||
    !domain ||
    frontend === undefined
  ) {
    throw new ConfigError(issues);
  }
  return {
    cloud,
    environment,
    tier,
    region,
    drRegion,
    gcpProject,
    accountId,
    domain,
    dnsZone,
    certificate,
    image,
    alertEmails,
    frontend,
    minInstances,
    maxInstances,
    dbReplicas,
    cacheNodes,
    sentryDsn,
    appSettings,
  };
}
