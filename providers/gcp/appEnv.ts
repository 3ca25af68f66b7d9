/**
 * Variables of the API's environment that only this cloud sets (beside apiEnvironment's shared
 * ones), so that the .env templates can be checked against every cloud. SDK-free.
 *
 * Cloud SQL and Memorystore sign their server certificates with a CA of each instance's own, not
 * a public one: the API gets both bundles (PEM) to verify the servers (DATABASE_SSL_MODE
 * verify-ca, REDIS_TLS with certificate checks).
 */
export const CLOUD_ONLY_ENV: readonly string[] = ["DATABASE_CA_CERT", "REDIS_CA_CERT"];
