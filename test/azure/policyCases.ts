/**
 * The policy rules on minimal Azure resources (run by test/policy/minimal.test.ts): each FAILING
 * case breaks its policy with exactly the given messages, each PASSING case is a near miss that
 * must not. Azure is in no committed plan yet; policyDataTier.test.ts runs the rules over the
 * data tier its components build.
 */
import { LOCKED_TYPES, STATEFUL_TYPES, T } from "../../providers/azure/policy";
import { NAME, parentUrn, res, type Case, type Passing } from "../policy/cases";

const FRONTEND_PARENT = parentUrn("entmoot:frontend:AzureFrontend", "entmoot-production-frontend");
const SECRET = "(wrap it in pulumi.secret or take it from RandomPassword.result)";
/** A lock as AzureDatabase and the others create it: `<resource>-lock`, CanNotDelete. */
const lock = (level: string, extra: Parameters<typeof res>[2] = {}) =>
  res(T.lock, { level, lockName: "entmoot-protect" }, { name: `${NAME}-lock`, ...extra });
const NO_LOCK = "stateful resource has no CanNotDelete management lock";
const DR_PARENT = parentUrn("entmoot:dr:AzureDrSite", "entmoot-production-dr");
const WAF_PARAMETERS = (pattern: string) => ({
  type: "WebApplicationFirewall",
  wafPolicy: { id: "waf" },
  associations: [{ domains: [{ id: "d" }], patternsToMatch: [pattern] }],
});

const DATA_FAILING: Case[] = [
  [
    "no-public-database",
    [res(T.postgres, { network: { publicNetworkAccess: "Enabled" } })],
    "production",
    ['network.publicNetworkAccess must be "Disabled" (is "Enabled")'],
  ],
  [
    "no-public-database",
    [res(T.postgres, { createMode: "Replica", network: {} })],
    "staging",
    [
      'network.delegatedSubnetResourceId must be set or network.publicNetworkAccess be "Disabled" (both unset: the server is public)',
    ],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(T.postgresConfig, { configurationName: "require_secure_transport", value: "off" })],
    "production",
    ['parameter require_secure_transport must be "on" (is "off")'],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(T.postgresConfig, { configurationName: "ssl_min_protocol_version", value: "TLSv1.1" })],
    "staging",
    ['parameter ssl_min_protocol_version must be TLSv1.2 or TLSv1.3 (is "TLSv1.1")'],
  ],
  [
    "cache-encryption",
    [res(T.redis, { minimumTlsVersion: "1.0" })],
    "production",
    ['minimumTlsVersion must be one of 1.2, 1.3 (is "1.0")'],
  ],
  [
    "cache-encryption",
    [res(T.redisDatabase, { clientProtocol: "Plaintext" })],
    "staging",
    ['clientProtocol must be "Encrypted" (is "Plaintext")'],
  ],
  [
    "private-buckets",
    [res(T.account, { allowBlobPublicAccess: true })],
    "production",
    ["allowBlobPublicAccess must be false (is true)"],
  ],
  // The frontend's account may be reached by Front Door, but its blobs are not anonymous either.
  [
    "private-buckets",
    [res(T.account, {}, { name: "entmoot-production-frontend-account", parent: FRONTEND_PARENT })],
    "production",
    ["allowBlobPublicAccess must be false (is unset)"],
  ],
  [
    "private-buckets",
    [res(T.container, { publicAccess: "Blob" })],
    "staging",
    ['publicAccess must be "None" (is "Blob")'],
  ],
  // Storage accepts TLS 1.0 unless told otherwise.
  [
    "tls-1-2-minimum",
    [res(T.account, { enableHttpsTrafficOnly: false })],
    "production",
    [
      "enableHttpsTrafficOnly must be true (is false)",
      "minimumTlsVersion must be one of TLS1_2, TLS1_3 (is unset)",
    ],
  ],
  [
    "secrets-not-plain",
    [res(T.postgres, { administratorLoginPassword: "p" }, { secretInputs: [] })],
    "staging",
    [`administratorLoginPassword must be a secret ${SECRET}`],
  ],
  [
    "secrets-not-plain",
    [res(T.vaultSecret, { properties: { value: "p" } }, { secretInputs: ["tags"] })],
    "production",
    [`properties must be a secret ${SECRET}`],
  ],
  // A primary server is stateful; its replicas are not (a passing case below).
  ...[...STATEFUL_TYPES.filter((type) => type !== T.vault), T.postgres].map((type): Case => [
    "production-protection",
    [res(type, {}, { protect: false })],
    "production",
    [
      "stateful resource must be protected (protect: true)",
      ...(LOCKED_TYPES.includes(type) ? [NO_LOCK] : []),
    ],
  ]),
  [
    "production-protection",
    [
      res(T.vault, { properties: { enablePurgeProtection: false } }, { protect: false }),
      lock("CanNotDelete"),
    ],
    "production",
    [
      "stateful resource must be protected (protect: true)",
      "properties.enablePurgeProtection must be true (is false)",
    ],
  ],
  // Azure has no deletion-protection flag on these: the management lock is the cloud's.
  ...LOCKED_TYPES.map((type): Case => [
    "production-protection",
    [res(type, { properties: { enablePurgeProtection: true } })],
    "production",
    [NO_LOCK],
  ]),
  ["production-protection", [res(T.postgres, {}), lock("NotSpecified")], "production", [NO_LOCK]],
  [
    "production-protection",
    [
      res(T.redis, {}),
      lock("CanNotDelete", {
        name: "entmoot-production-other-lock",
        dependencies: { scope: ["entmoot-production-other"] },
      }),
    ],
    "production",
    [NO_LOCK],
  ],
  [
    "backups",
    [res(T.postgres, { backup: { backupRetentionDays: 7 } })],
    "production",
    ["backup.backupRetentionDays must be at least 30 in production (is 7)"],
  ],
  [
    "backups",
    [res(T.postgres, {})],
    "staging",
    ["backup.backupRetentionDays must be at least 7 in staging (is unset)"],
  ],
  [
    "high-availability",
    [res(T.postgres, { highAvailability: { mode: "SameZone" } })],
    "production",
    ['highAvailability.mode must be "ZoneRedundant" (is "SameZone")'],
  ],
  [
    "high-availability",
    [res(T.redis, { highAvailability: "Disabled" })],
    "production",
    ['highAvailability must be "Enabled" (is "Disabled")'],
  ],
  [
    "high-availability",
    [res(T.account, { sku: { name: "Standard_LRS" } })],
    "production",
    [
      'sku.name must be one of Standard_ZRS, Standard_GZRS, Standard_RAGZRS, Premium_ZRS (is "Standard_LRS")',
    ],
  ],
];

const EDGE_FAILING: Case[] = [
  [
    "ingress-only-through-the-load-balancer",
    [
      res(T.nsg, {
        securityRules: [
          {
            name: "deny-internet",
            direction: "Inbound",
            access: "Deny",
            sourceAddressPrefix: "Internet",
          },
          { name: "ssh", direction: "Inbound", access: "Allow", sourceAddressPrefix: "*" },
          {
            name: "web",
            direction: "Inbound",
            access: "Allow",
            sourceAddressPrefixes: ["10.0.0.0/8", "0.0.0.0/0"],
          },
          { name: "out", direction: "Outbound", access: "Allow", sourceAddressPrefix: "*" },
        ],
      }),
    ],
    "production",
    [
      'security rule "ssh" must not allow the internet in',
      'security rule "web" must not allow the internet in',
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(T.nsgRule, {
        securityRuleName: "postgres",
        direction: "Inbound",
        access: "Allow",
        sourceAddressPrefix: "Internet",
      }),
    ],
    "staging",
    ['security rule "postgres" must not allow the internet in'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.vault, { properties: { publicNetworkAccess: "Enabled" } })],
    "production",
    ['properties.publicNetworkAccess must be "Disabled" (is "Enabled")'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.redis, {})],
    "staging",
    ['publicNetworkAccess must be "Disabled" (is unset)'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        T.account,
        { publicNetworkAccess: "Enabled" },
        { name: "entmoot-production-data-account", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ['publicNetworkAccess must be "Disabled" (is "Enabled")'],
  ],
];

const API_FAILING: Case[] = [
  [
    "tls-1-2-minimum",
    [res(T.app, { httpsOnly: false, siteConfig: { minTlsVersion: "1.0" } })],
    "production",
    [
      "httpsOnly must be true (is false)",
      'siteConfig.minTlsVersion must be one of 1.2, 1.3 (is "1.0")',
    ],
  ],
  [
    "tls-1-2-minimum",
    [res(T.domain, { tlsSettings: { certificateType: "ManagedCertificate" } })],
    "staging",
    ["tlsSettings.minimumTlsVersion must be one of TLS12, TLS13 (is unset)"],
  ],
  [
    "tls-1-2-minimum",
    [res(T.route, { supportedProtocols: ["Http", "Https"], httpsRedirect: "Disabled" })],
    "production",
    ['httpsRedirect must be "Enabled" (is "Disabled")'],
  ],
  [
    "secrets-not-plain",
    [
      res(T.slot, {
        siteConfig: {
          appSettings: [
            { name: "LOG_LEVEL", value: "info" },
            {
              name: "DATABASE_PASSWORD",
              value: "@Microsoft.KeyVault(SecretUri=https://v/secrets/d)",
            },
            { name: "SMTP_PASSWORD", value: "hunter2" },
          ],
        },
      }),
    ],
    "production",
    ["app setting SMTP_PASSWORD must be a Key Vault reference"],
  ],
  [
    "secrets-not-plain",
    [
      res(T.job, {
        configuration: { secrets: [{ name: "redis-password", value: "k" }] },
        template: {
          containers: [
            {
              name: "migrate",
              env: [
                { name: "REDIS_PASSWORD", secretRef: "redis-password" },
                { name: "SENTRY_DSN", value: "https://k@sentry.io/1" },
              ],
            },
          ],
        },
      }),
    ],
    "staging",
    [
      'job secret "redis-password" must be a Key Vault reference (keyVaultUrl)',
      'container "migrate" sets SENTRY_DSN without a secretRef',
    ],
  ],
  [
    "high-availability",
    [res(T.plan, { zoneRedundant: false, sku: { name: "P0v3", capacity: 1 } })],
    "production",
    [
      "zoneRedundant must be true (is false)",
      "sku.capacity must be at least 2 in production (is 1)",
    ],
  ],
  [
    "high-availability",
    [
      res(T.autoscale, {
        profiles: [{ name: "default", capacity: { minimum: "1", maximum: "5" } }],
      }),
    ],
    "production",
    ['autoscale profile "default" capacity.minimum must be at least 2 in production (is "1")'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.app, { publicNetworkAccess: "Enabled" })],
    "production",
    ['publicNetworkAccess must be "Disabled" (is "Enabled")'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.jobs, { vnetConfiguration: { internal: true } })],
    "staging",
    ['publicNetworkAccess must be "Disabled" (is unset)'],
  ],
  [
    "waf-in-front",
    [res(T.waf, { policySettings: { enabledState: "Enabled", mode: "Detection" } })],
    "production",
    ['policySettings.mode must be "Prevention" (is "Detection")'],
  ],
  [
    "waf-in-front",
    [
      res(T.endpoint, { profileName: "p" }),
      res(T.securityPolicy, { profileName: "p", parameters: WAF_PARAMETERS("/api/*") }),
      res(T.securityPolicy, { profileName: "other", parameters: WAF_PARAMETERS("/*") }),
    ],
    "production",
    ["Front Door endpoint has no WAF security policy over every path"],
  ],
  [
    "log-retention",
    [res(T.workspace, { sku: { name: "PerGB2018" } })],
    "staging",
    ["retentionInDays must be set (is unset)"],
  ],
];

export const FAILING: Case[] = [...DATA_FAILING, ...EDGE_FAILING, ...API_FAILING];

export const PASSING: Passing[] = [
  ["production-protection", [res(T.postgres, {}), lock("CanNotDelete")], "production"],
  ["production-protection", [res(T.account, {}), lock("ReadOnly")], "production"],
  [
    "production-protection",
    [
      res(T.redis, {}),
      lock("CanNotDelete", { name: "entmoot-production-any", dependencies: { scope: [NAME] } }),
    ],
    "production",
  ],
  // A replica is rebuilt from its source; staging saves the locks.
  [
    "production-protection",
    [res(T.postgres, { createMode: "Replica" }, { protect: false })],
    "production",
  ],
  ["production-protection", [res(T.redis, {}, { protect: false })], "staging"],
  [
    "backups",
    [res(T.postgres, { createMode: "Replica", backup: { backupRetentionDays: 1 } })],
    "production",
  ],
  [
    "high-availability",
    [res(T.postgres, { createMode: "Replica", highAvailability: { mode: "Disabled" } })],
    "production",
  ],
  [
    "no-public-database",
    [res(T.postgres, { network: { delegatedSubnetResourceId: "/s" } })],
    "production",
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        T.account,
        { publicNetworkAccess: "Enabled" },
        { name: "entmoot-production-frontend-account", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(T.postgresConfig, { configurationName: "require_secure_transport", value: "ON" })],
    "production",
  ],
  // The frontend's public build is rebuilt from CI: protect, but no lock.
  [
    "production-protection",
    [res(T.account, {}, { name: "entmoot-production-frontend-account", parent: FRONTEND_PARENT })],
    "production",
  ],
  [
    "high-availability",
    [res(T.account, { sku: { name: "Standard_LRS" } }, { parent: DR_PARENT })],
    "production",
  ],
  ["tls-1-2-minimum", [res(T.route, { supportedProtocols: ["Https"] })], "production"],
  [
    "waf-in-front",
    [
      res(T.endpoint, { profileName: "p" }),
      res(T.securityPolicy, { profileName: "p", parameters: WAF_PARAMETERS("/*") }),
    ],
    "production",
  ],
];
