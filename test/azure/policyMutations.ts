/**
 * Mutated copies of the Azure plans, each breaking exactly one policy once (see
 * test/policy/plans.ts), run by test/policy/realPlans.test.ts over the committed stacks on Azure.
 */
import { T } from "../../providers/azure/policy";
import { mutate, without, type Mutation } from "../policy/plans";

const settings = (app: { inputs: any }) =>
  app.inputs.siteConfig.appSettings as { name: string; value: string }[];

export const MUTATIONS: Mutation[] = [
  [
    "PostgreSQL open to the internet",
    "azure-production",
    "production",
    () =>
      mutate(
        "azure-production",
        T.postgres,
        "entmoot-production-database",
        (r) => void (r.inputs.network.publicNetworkAccess = "Enabled"),
      ),
    {
      policy: "no-public-database",
      resource: "entmoot-production-database",
      message: 'network.publicNetworkAccess must be "Disabled" (is "Enabled")',
    },
  ],
  [
    "PostgreSQL accepting plaintext",
    "azure-production",
    "production",
    () =>
      mutate(
        "azure-production",
        T.postgresConfig,
        "entmoot-production-database-require-secure-transport",
        (r) => void (r.inputs.value = "off"),
      ),
    {
      policy: "database-encryption-in-transit-and-at-rest",
      resource: "entmoot-production-database-require-secure-transport",
      message: 'parameter require_secure_transport must be "on" (is "off")',
    },
  ],
  [
    "Managed Redis in plaintext",
    "azure-staging",
    "staging",
    () =>
      mutate(
        "azure-staging",
        T.redisDatabase,
        "entmoot-staging-cache-default",
        (r) => void (r.inputs.clientProtocol = "Plaintext"),
      ),
    {
      policy: "cache-encryption",
      resource: "entmoot-staging-cache-default",
      message: 'clientProtocol must be "Encrypted" (is "Plaintext")',
    },
  ],
  [
    "anonymous blobs on the data account",
    "azure-production",
    "production",
    () =>
      mutate(
        "azure-production",
        T.account,
        "entmoot-production-storage-account",
        (r) => void (r.inputs.allowBlobPublicAccess = true),
      ),
    {
      policy: "private-buckets",
      resource: "entmoot-production-storage-account",
      message: "allowBlobPublicAccess must be false (is true)",
    },
  ],
  [
    "Front Door domain on TLS 1.0",
    "azure-production",
    "production",
    () =>
      mutate(
        "azure-production",
        T.domain,
        "entmoot-production-edge-domain",
        (r) => void (r.inputs.tlsSettings.minimumTlsVersion = "TLS10"),
      ),
    {
      policy: "tls-1-2-minimum",
      resource: "entmoot-production-edge-domain",
      message: 'tlsSettings.minimumTlsVersion must be one of TLS12, TLS13 (is "TLS10")',
    },
  ],
  [
    "DATABASE_PASSWORD as a plain app setting",
    "azure-production",
    "production",
    () =>
      mutate("azure-production", T.app, "entmoot-production-api", (r) => {
        settings(r).find((s) => s.name === "DATABASE_PASSWORD")!.value = "hunter2";
      }),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-production-api",
      message: "app setting DATABASE_PASSWORD must be a Key Vault reference",
    },
  ],
  [
    "production database without its lock",
    "azure-production",
    "production",
    () => without("azure-production", T.lock, "entmoot-production-database-lock"),
    {
      policy: "production-protection",
      resource: "entmoot-production-database",
      message: "stateful resource has no CanNotDelete management lock",
    },
  ],
  [
    "3-day staging backups",
    "azure-staging",
    "staging",
    () =>
      mutate(
        "azure-staging",
        T.postgres,
        "entmoot-staging-database",
        (r) => void (r.inputs.backup.backupRetentionDays = 3),
      ),
    {
      policy: "backups",
      resource: "entmoot-staging-database",
      message: "backup.backupRetentionDays must be at least 7 in staging (is 3)",
    },
  ],
  [
    "App Service plan in one zone",
    "azure-production",
    "production",
    () =>
      mutate(
        "azure-production",
        T.plan,
        "entmoot-production-api-plan",
        (r) => void (r.inputs.zoneRedundant = false),
      ),
    {
      policy: "high-availability",
      resource: "entmoot-production-api-plan",
      message: "zoneRedundant must be true (is false)",
    },
  ],
  [
    "Key Vault open to the internet",
    "azure-production",
    "production",
    () =>
      mutate(
        "azure-production",
        T.vault,
        "entmoot-production-secrets-vault",
        (r) => void (r.inputs.properties.publicNetworkAccess = "Enabled"),
      ),
    {
      policy: "ingress-only-through-the-load-balancer",
      resource: "entmoot-production-secrets-vault",
      message: 'properties.publicNetworkAccess must be "Disabled" (is "Enabled")',
    },
  ],
  [
    "Front Door without its WAF",
    "azure-production",
    "production",
    () => without("azure-production", T.securityPolicy, "entmoot-production-edge-security"),
    {
      policy: "waf-in-front",
      resource: "entmoot-production-edge-endpoint",
      message: "Front Door endpoint has no WAF security policy over every path",
    },
  ],
  [
    "workspace on the default retention",
    "azure-staging",
    "staging",
    () =>
      mutate(
        "azure-staging",
        T.workspace,
        "entmoot-staging-monitoring-workspace",
        (r) => void delete r.inputs.retentionInDays,
      ),
    {
      policy: "log-retention",
      resource: "entmoot-staging-monitoring-workspace",
      message: "retentionInDays must be set (is unset)",
    },
  ],
];
