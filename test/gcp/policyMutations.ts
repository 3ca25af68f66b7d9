/**
 * Mutated copies of the GCP plans, each breaking exactly one policy once (run by
 * test/policy/realPlans.test.ts; see test/policy/plans.ts).
 */
import { T } from "../../providers/gcp/policy";
import { mutate, type Mutation } from "../policy/plans";

const envs = (run: { inputs: any }) =>
  run.inputs.template.containers[0].envs as { name: string; value?: string }[];

export const MUTATIONS: Mutation[] = [
  [
    "Cloud SQL with a public IP",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.sql,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.ipConfiguration.ipv4Enabled = true),
      ),
    {
      policy: "no-public-database",
      resource: "entmoot-production-database",
      message: "settings.ipConfiguration.ipv4Enabled must be false (is true)",
    },
  ],
  [
    "Cloud SQL accepting unencrypted connections",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.sql,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.ipConfiguration.sslMode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"),
      ),
    {
      policy: "database-encryption-in-transit-and-at-rest",
      resource: "entmoot-production-database",
      message:
        'settings.ipConfiguration.sslMode must be one of ENCRYPTED_ONLY, TRUSTED_CLIENT_CERTIFICATE_REQUIRED (is "ALLOW_UNENCRYPTED_AND_ENCRYPTED")',
    },
  ],
  [
    "Memorystore without TLS",
    "gcp-staging",
    "staging",
    () =>
      mutate(
        "gcp-staging",
        T.memorystore,
        "entmoot-staging-cache",
        (r) => void (r.inputs.transitEncryptionMode = "DISABLED"),
      ),
    {
      policy: "cache-encryption",
      resource: "entmoot-staging-cache",
      message: 'transitEncryptionMode must be "SERVER_AUTHENTICATION" (is "DISABLED")',
    },
  ],
  [
    "data bucket without prevention",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.gcs,
        "entmoot-production-storage-data",
        (r) => void (r.inputs.publicAccessPrevention = "inherited"),
      ),
    {
      policy: "private-buckets",
      resource: "entmoot-production-storage-data",
      message: 'publicAccessPrevention must be "enforced" (is "inherited")',
    },
  ],
  [
    "COMPATIBLE SSL policy",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.sslPolicy,
        "entmoot-production-lb-tls",
        (r) => void (r.inputs.profile = "COMPATIBLE"),
      ),
    {
      policy: "tls-1-2-minimum",
      resource: "entmoot-production-lb-tls",
      message: 'profile must be MODERN or RESTRICTED (is "COMPATIBLE")',
    },
  ],
  [
    "DATABASE_PASSWORD as a plain Cloud Run value",
    "gcp-production",
    "production",
    () =>
      mutate("gcp-production", T.run, "entmoot-production-api", (r) => {
        const env = envs(r).find((e) => e.name === "DATABASE_PASSWORD")!;
        env.value = "hunter2";
      }),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-production-api",
      message: 'container "api" sets DATABASE_PASSWORD without a Secret Manager reference',
    },
  ],
  [
    "an operator secret as a plain Cloud Run value",
    "gcp-staging",
    "staging",
    () =>
      mutate("gcp-staging", T.run, "entmoot-staging-api", (r) => {
        const env = envs(r).find((e) => e.name === "WEATHER_API_KEY")!;
        delete (env as { valueSource?: unknown }).valueSource;
        env.value = "k";
      }),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-staging-api",
      message: 'container "api" sets WEATHER_API_KEY without a Secret Manager reference',
    },
  ],
  [
    "SQL user password not secret",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.sqlUser,
        "entmoot-production-database-entmoot",
        (r) => void (r.secretInputs = []),
      ),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-production-database-entmoot",
      message:
        "password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    },
  ],
  [
    "Cloud SQL API deletion protection off",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.sql,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.deletionProtectionEnabled = false),
      ),
    {
      policy: "production-protection",
      resource: "entmoot-production-database",
      message: "settings.deletionProtectionEnabled must be true (is false)",
    },
  ],
  [
    "Cloud SQL without PITR",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.sql,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.backupConfiguration.pointInTimeRecoveryEnabled = false),
      ),
    {
      policy: "backups",
      resource: "entmoot-production-database",
      message: "settings.backupConfiguration.pointInTimeRecoveryEnabled must be true (is false)",
    },
  ],
  [
    "one Cloud Run instance in production",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.run,
        "entmoot-production-api",
        (r) => void (r.inputs.template.scaling.minInstanceCount = 1),
      ),
    {
      policy: "high-availability",
      resource: "entmoot-production-api",
      message: "template.scaling.minInstanceCount must be at least 2 in production (is 1)",
    },
  ],
  [
    "firewall rule admitting the internet",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.firewall,
        "entmoot-production-network-deny-ingress",
        (r) => void (r.inputs.allows = [{ protocol: "tcp", ports: ["22"] }]),
      ),
    {
      policy: "ingress-only-through-the-load-balancer",
      resource: "entmoot-production-network-deny-ingress",
      message: "firewall allow rule must not admit 0.0.0.0/0 or ::/0",
    },
  ],
  [
    "Cloud Run with its run.app URL",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.run,
        "entmoot-production-api",
        (r) => void (r.inputs.defaultUriDisabled = false),
      ),
    {
      policy: "ingress-only-through-the-load-balancer",
      resource: "entmoot-production-api",
      message: "defaultUriDisabled must be true (is false)",
    },
  ],
  [
    "API backend without Cloud Armor",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        T.backend,
        "entmoot-production-lb-api",
        (r) => void delete r.inputs.securityPolicy,
      ),
    {
      policy: "waf-in-front",
      resource: "entmoot-production-lb-api",
      message: "securityPolicy must name a Cloud Armor policy",
    },
  ],
];
