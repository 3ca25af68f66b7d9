import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "./cloud";
import type { ApiConnections, AppSpec } from "./platform";

/**
 * The API container's environment, the same names on every cloud (and in the .env examples).
 * Secrets are not here: each cloud injects API_SECRET_ENV from its secret store by reference.
 */
export const API_SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD", "SENTRY_DSN"] as const;
export type ApiSecretName = (typeof API_SECRET_ENV)[number];

/** Object-storage provider names the app understands, by cloud. */
const STORAGE_PROVIDER: Record<Cloud, string> = { aws: "s3", gcp: "gcs", azure: "azure-blob" };

/** Plain (non-secret) environment of the API, as name -> value. */
export function apiEnvironment(
  cloud: Cloud,
  environment: string,
  app: AppSpec,
  c: ApiConnections,
): Record<string, pulumi.Output<string>> {
  const plain = (v: pulumi.Input<string | number>) => pulumi.output(v).apply(String);
  return {
    ENVIRONMENT: plain(environment),
    CLOUD_PROVIDER: plain(cloud),
    DATABASE_HOST: plain(c.databaseHost),
    DATABASE_PORT: plain(c.databasePort),
    DATABASE_NAME: plain(c.databaseName),
    DATABASE_USER: plain(c.databaseUser),
    DATABASE_READ_HOSTS: pulumi.output(c.databaseReadHosts).apply((hosts) => hosts.join(",")),
    // verify-full would need each cloud's CA bundle in the image; require still refuses plaintext.
    DATABASE_SSL_MODE: plain("require"),
    REDIS_HOST: plain(c.cacheHost),
    REDIS_PORT: plain(c.cachePort),
    REDIS_TLS: plain("true"),
    STORAGE_PROVIDER: plain(STORAGE_PROVIDER[cloud]),
    STORAGE_BUCKET: plain(c.bucketName),
    LOG_LEVEL: plain(app.logLevel),
    TRACE_SAMPLE_RATE: plain(app.traceSampleRate),
    RATE_LIMIT_ENABLED: plain(String(app.rateLimitEnabled)),
    EXTERNAL_API_CALLS_ENABLED: plain(String(app.externalApiCalls)),
  };
}
