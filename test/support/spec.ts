import type { Cloud, Environment, Tier } from "../../src/cloud";
import type { EntmootConfig } from "../../src/config";
import type { PlatformSpec } from "../../src/platform";
import { resolveSpec } from "../../stacks/spec";
import { CLOUD_ENTRIES } from "../../providers";
import { loadStackConfig } from "../../src/plan/stackConfig";
import { ROOT } from "./stack";

/** The GCP project id the component tests run in: the committed production stack's on GCP. */
export const TEST_PROJECT = "entmoot-prod-123";

/**
 * Where the committed production stack runs on `cloud`: its region, DR region and, where the
 * cloud has one, its own location key (the registry's stackSets over Pulumi.production.yaml).
 */
function placement(cloud: Cloud): Partial<EntmootConfig> {
  const { values } = loadStackConfig(
    ROOT,
    "production",
    CLOUD_ENTRIES[cloud].stackSets("production"),
  );
  return {
    region: values["entmoot:region"],
    drRegion: values["entmoot:drRegion"],
    gcpProject: values["entmoot:gcpProject"] || undefined,
  };
}

/** A valid config for `cloud`, as the component tests build their specs from. */
export function testConfig(
  cloud: Cloud,
  environment: Environment,
  tier: Tier,
  overrides: Partial<EntmootConfig> = {},
): EntmootConfig {
  return {
    cloud,
    environment,
    tier,
    region: "",
    ...placement(cloud),
    domain: "api.example.com",
    alertEmails: ["ops@example.com", "oncall@example.com"],
    frontend: true,
    appSettings: {},
    ...overrides,
  };
}

/** The resolved spec of testConfig(...). */
export function testSpec(
  cloud: Cloud,
  environment: Environment,
  tier: Tier,
  overrides: Partial<EntmootConfig> = {},
): PlatformSpec {
  return resolveSpec(testConfig(cloud, environment, tier, overrides));
}

/** The API container's plain environment names that DESIGN.md fixes (and the .env examples use). */
export const DESIGN_PLAIN_ENV = [
  "ENVIRONMENT",
  "CLOUD_PROVIDER",
  "DATABASE_HOST",
  "DATABASE_PORT",
  "DATABASE_NAME",
  "DATABASE_USER",
  "DATABASE_READ_HOSTS",
  "DATABASE_SSL_MODE",
  "REDIS_HOST",
  "REDIS_PORT",
  "REDIS_TLS",
  "STORAGE_PROVIDER",
  "STORAGE_BUCKET",
  "LOG_LEVEL",
  "TRACE_SAMPLE_RATE",
  "RATE_LIMIT_ENABLED",
];

/** The secret names DESIGN.md fixes; SENTRY_DSN only when a DSN is configured. */
export const DESIGN_SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD", "SENTRY_DSN"];
