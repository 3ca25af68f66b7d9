/*
 * Names of the API's environment that config validation needs (which names `entmoot:appSettings`
 * may not set), apart from src/appEnvironment.ts so that validating a config loads no Pulumi.
 */

/** Secrets the platform generates, referenced pinned to the version the stack wrote. */
export const API_SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD", "SENTRY_DSN"] as const;
export type ApiSecretName = (typeof API_SECRET_ENV)[number];

/** Names of the environment the platform derives, which `entmoot:appSettings` cannot override. */
export const DERIVED_ENV: readonly string[] = [
  "ENVIRONMENT",
  "CLOUD_PROVIDER",
  "APP_VERSION",
  "WEB_CONCURRENCY",
  "CORS_ALLOWED_ORIGINS",
  "DATABASE_HOST",
  "DATABASE_PORT",
  "DATABASE_NAME",
  "DATABASE_USER",
  "DATABASE_READ_HOSTS",
  "DATABASE_SSL_MODE",
  "DATABASE_POOL_SIZE",
  "DATABASE_POOL_MAX_OVERFLOW",
  "REDIS_HOST",
  "REDIS_PORT",
  "REDIS_TLS",
  "STORAGE_PROVIDER",
  "STORAGE_BUCKET",
  "RATE_LIMIT_ENABLED",
  "RATE_LIMIT_PER_MINUTE",
  "LOG_LEVEL",
  "TRACE_SAMPLE_RATE",
  "SENTRY_ENVIRONMENT",
  "OTEL_SERVICE_NAME",
  "EXTERNAL_API_CALLS_ENABLED",
];
