/** Mutated copies of the GCP plans, each breaking exactly one policy once (see plans.ts). */
import { GCS, RUN, SQL } from "./cases";
import { envs, mutate, type Mutation } from "./plans";

export const GCP_MUTATED: Mutation[] = [
  [
    "Cloud SQL with a public IP",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        SQL,
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
    "Memorystore without TLS",
    "gcp-staging",
    "staging",
    () =>
      mutate(
        "gcp-staging",
        "gcp:redis/instance:Instance",
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
        GCS,
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
        "gcp:compute/sSLPolicy:SSLPolicy",
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
      mutate("gcp-production", RUN, "entmoot-production-api", (r) => {
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
    "SQL user password not secret",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        "gcp:sql/user:User",
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
        SQL,
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
        SQL,
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
        RUN,
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
        "gcp:compute/firewall:Firewall",
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
    "API backend without Cloud Armor",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        "gcp:compute/backendService:BackendService",
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
