/**
 * The API's own settings that a stack may set through `entmoot:appSettings` (`NAME=value` items):
 * plain values the platform cannot derive. Each has a rule and a default; the platform derives the
 * rest of the API's environment (src/appEnvironment.ts) and secret values never pass through here
 * (OPERATOR_SECRET_ENV are filled in the cloud's secret store). Pure: no Pulumi, no cloud.
 */

/** One setting: its category in the .env templates, its rule, and its default. */
export interface AppSetting {
  readonly category: AppSettingCategory;
  readonly description: string;
  /** What is allowed, for the error message. */
  readonly allowed: string;
  readonly valid: (value: string) => boolean;
  /** The value when the stack sets none; a function of the stack where it depends on it. */
  readonly default: string | ((stack: { domain: string; dnsZone?: string }) => string);
}

export type AppSettingCategory =
  "cache" | "storage" | "logging" | "features" | "external" | "email" | "deployment";

const wholeNumber = (min: number, max: number) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const httpsUrl = (v: string) => /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[^\s]*)?$/i.test(v);
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const APP_SETTINGS = {
  CACHE_DEFAULT_TTL_SECONDS: {
    category: "cache",
    description: "Lifetime of cached API responses.",
    allowed: "a whole number of seconds from 1 to 86400",
    valid: wholeNumber(1, 86_400),
    default: "300",
  },
  CACHE_EXTERNAL_DATA_TTL_SECONDS: {
    category: "cache",
    description: "Lifetime of cached FEMA, USGS and weather responses (they change slowly).",
    allowed: "a whole number of seconds from 60 to 604800",
    valid: wholeNumber(60, 604_800),
    default: "86400",
  },
  STORAGE_MAX_UPLOAD_MB: {
    category: "storage",
    description: "Largest upload (site surveys, GeoJSON) the API accepts.",
    allowed: "a whole number of MB from 1 to 1024",
    valid: wholeNumber(1, 1024),
    default: "100",
  },
  STORAGE_SIGNED_URL_TTL_SECONDS: {
    category: "storage",
    description: "Lifetime of the signed download links the API hands out.",
    allowed: "a whole number of seconds from 60 to 604800",
    valid: wholeNumber(60, 604_800),
    default: "900",
  },
  LOG_FORMAT: {
    category: "logging",
    description: "json for the cloud's log service; text for a terminal.",
    allowed: "json or text",
    valid: (v) => v === "json" || v === "text",
    default: "json",
  },
  FEATURE_FLAGS: {
    category: "features",
    description: "Comma-separated feature flags switched on (empty: none).",
    allowed: "comma-separated names of lowercase letters, digits, - and _",
    valid: (v) => v === "" || /^[a-z0-9_-]+(,[a-z0-9_-]+)*$/.test(v),
    default: "",
  },
  FEMA_API_URL: {
    category: "external",
    description: "FEMA National Flood Hazard Layer service.",
    allowed: "an https URL",
    valid: httpsUrl,
    default: "https://hazards.fema.gov/arcgis/rest/services/public/NFHL/MapServer",
  },
  USGS_API_URL: {
    category: "external",
    description: "USGS Elevation Point Query Service.",
    allowed: "an https URL",
    valid: httpsUrl,
    default: "https://epqs.nationalmap.gov/v1/json",
  },
  WEATHER_API_URL: {
    category: "external",
    description: "Weather data service (its key, if any, is the WEATHER_API_KEY secret).",
    allowed: "an https URL",
    valid: httpsUrl,
    default: "https://api.weather.gov",
  },
  EXTERNAL_API_TIMEOUT_SECONDS: {
    category: "external",
    description: "How long one call to an external data service may take.",
    allowed: "a whole number of seconds from 1 to 60",
    valid: wholeNumber(1, 60),
    default: "10",
  },
  SMTP_HOST: {
    category: "email",
    description: "Mail relay; empty turns email off.",
    allowed: "a DNS name such as email-smtp.us-east-1.amazonaws.com, or empty",
    valid: (v) => v === "" || HOST.test(v),
    default: "",
  },
  SMTP_PORT: {
    category: "email",
    description: "Mail relay port (587: STARTTLS submission).",
    allowed: "587 or 465",
    valid: (v) => v === "587" || v === "465",
    default: "587",
  },
  EMAIL_FROM: {
    category: "email",
    description: "Sender address of the API's mail.",
    allowed: "an email address",
    valid: (v) => /^[^\s@]+@[^\s@]+\.[a-z]{2,63}$/i.test(v),
    // The zone's name: a cloud may put what finds the zone before a "/" (Azure's resource group).
    default: ({ domain, dnsZone }) =>
      `noreply@${dnsZone?.slice(dnsZone.lastIndexOf("/") + 1) ?? domain}`,
  },
  GIT_COMMIT: {
    category: "deployment",
    description: "Commit the running image was built from, for error reports; set it per release.",
    allowed: "7 to 40 hexadecimal characters, or empty",
    valid: (v) => v === "" || /^[0-9a-f]{7,40}$/.test(v),
    default: "",
  },
} as const satisfies Record<string, AppSetting>;

export type AppSettingName = keyof typeof APP_SETTINGS;
export const APP_SETTING_NAMES = Object.keys(APP_SETTINGS) as AppSettingName[];

/**
 * Secrets the operator fills in the cloud's secret store: the stack creates each with this
 * placeholder and never writes it again, and the API reads the latest version. The API treats the
 * placeholder as "not configured" (email off, keyless external calls).
 */
export const OPERATOR_SECRET_ENV = ["SMTP_USERNAME", "SMTP_PASSWORD", "WEATHER_API_KEY"] as const;
export const OPERATOR_SECRET_PLACEHOLDER = "unset";

/** One problem with one item of `entmoot:appSettings`. */
export interface AppSettingProblem {
  readonly item: string;
  readonly message: string;
}

/**
 * Parses `NAME=value` items into a map of the settings given, with every problem: unknown or
 * repeated names (with the nearest suggested by the caller), names the platform derives or keeps
 * secret, and values outside a setting's rule.
 */
export function parseAppSettings(
  items: readonly string[],
  reserved: { readonly derived: readonly string[]; readonly secret: readonly string[] },
): { settings: Record<string, string>; problems: AppSettingProblem[] } {
  const settings: Record<string, string> = {};
  const problems: AppSettingProblem[] = [];
  for (const item of items) {
    const eq = item.indexOf("=");
    const name = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? undefined : item.slice(eq + 1);
    const setting = (APP_SETTINGS as Record<string, AppSetting>)[name];
    if (value === undefined) {
      problems.push({ item, message: "must be NAME=value" });
    } else if (reserved.secret.includes(name)) {
      problems.push({
        item: `${name}=[redacted]`,
        message: `${name} is a secret: fill it in the cloud's secret store (docs/operations.md), never in config`,
      });
    } else if (reserved.derived.includes(name)) {
      problems.push({
        item,
        message: `${name} is set by the platform from the stack and cannot be overridden`,
      });
    } else if (setting === undefined) {
      problems.push({ item, message: `unknown setting; allowed: ${APP_SETTING_NAMES.join(", ")}` });
    } else if (name in settings) {
      problems.push({ item, message: `${name} is given twice` });
    } else if (!setting.valid(value)) {
      problems.push({ item, message: `${name} must be ${setting.allowed}` });
    } else {
      settings[name] = value;
    }
  }
  return { settings, problems };
}

/** Every setting's value for a stack: the ones it sets, the defaults for the rest. */
export function resolveAppSettings(
  given: Readonly<Record<string, string>>,
  stack: { domain: string; dnsZone?: string },
): Record<AppSettingName, string> {
  const out = {} as Record<AppSettingName, string>;
  for (const name of APP_SETTING_NAMES) {
    const setting: AppSetting = APP_SETTINGS[name];
    out[name] =
      given[name] ??
      (typeof setting.default === "function" ? setting.default(stack) : setting.default);
  }
  return out;
}
