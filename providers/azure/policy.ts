/**
 * The platform's promises (policy/promises.ts) on Azure: which resources and inputs carry each
 * one. SDK-free, so the policy pack reads it without loading @pulumi/azure-native. Field names are
 * those of the engine's resource inputs (@pulumi/azure-native 3).
 *
 * Each check names the Azure resource that carries the promise: the data tier (Key Vault,
 * PostgreSQL Flexible Server, Managed Redis, storage accounts, NSGs, management locks), the API
 * (App Service, the Container Apps migration job), Front Door with its WAF, and Log Analytics.
 */
import type { PolicyBinding } from "../../policy/binding";
import {
  asList,
  at,
  attachedTo,
  expectValue,
  isSet,
  parentOf,
  show,
  type PolicyResource,
} from "../../policy/model";
import { BACKUP_DAYS, PRODUCTION_MIN_INSTANCES, SECRET_ENV } from "../../policy/promises";

/** Type tokens of the resources the checks read. */
export const T = {
  resourceGroup: "azure-native:resources:ResourceGroup",
  lock: "azure-native:authorization:ManagementLockByScope",
  vault: "azure-native:keyvault:Vault",
  vaultSecret: "azure-native:keyvault:Secret",
  postgres: "azure-native:dbforpostgresql:Server",
  postgresConfig: "azure-native:dbforpostgresql:Configuration",
  postgresDatabase: "azure-native:dbforpostgresql:Database",
  redis: "azure-native:redisenterprise:RedisEnterprise",
  redisDatabase: "azure-native:redisenterprise:Database",
  account: "azure-native:storage:StorageAccount",
  container: "azure-native:storage:BlobContainer",
  nsg: "azure-native:network:NetworkSecurityGroup",
  app: "azure-native:web:WebApp",
  slot: "azure-native:web:WebAppSlot",
  plan: "azure-native:web:AppServicePlan",
  autoscale: "azure-native:monitor:AutoscaleSetting",
  jobs: "azure-native:app:ManagedEnvironment",
  job: "azure-native:app:Job",
  domain: "azure-native:cdn:AFDCustomDomain",
  endpoint: "azure-native:cdn:AFDEndpoint",
  route: "azure-native:cdn:Route",
  securityPolicy: "azure-native:cdn:SecurityPolicy",
  waf: "azure-native:frontdoor:Policy",
  workspace: "azure-native:operationalinsights:Workspace",
  nsgRule: "azure-native:network:SecurityRule",
  registry: "azure-native:containerregistry:Registry",
} as const;

/**
 * Stateful resources Azure gives no deletion-protection flag: a CanNotDelete (or ReadOnly)
 * management lock on each is the cloud's deletion protection (providers/azure/access.ts
 * deleteLock, named `<resource>-lock`). Key Vault's purge protection guards only against purging
 * a deleted vault, so the vault is locked as well. Copies are not locked (isCopy).
 */
export const LOCKED_TYPES: readonly string[] = [
  T.vault,
  T.postgres,
  T.redis,
  T.account,
  T.registry,
];
const LOCK_LEVELS = ["CanNotDelete", "ReadOnly"];

/** A replica is rebuilt from its source: no backups, HA or protection of its own. */
const isReplica = (r: PolicyResource) => r.type === T.postgres && r.inputs.createMode === "Replica";

/**
 * The frontend's storage account (AzureFrontend's `<name>-account`): Front Door reads its static
 * website from the internet, so it alone keeps public network access. It holds only the public
 * build; anonymous blob access and shared keys stay off on it too.
 */
export function isFrontendAccount(r: PolicyResource): boolean {
  const parent = parentOf(r);
  return (
    r.type === T.account &&
    parent?.type === "entmoot:frontend:AzureFrontend" &&
    r.name === `${parent.name}-account`
  );
}

/** Types that hold data or identity (besides primary PostgreSQL servers). */
export const STATEFUL_TYPES: readonly string[] = [
  T.resourceGroup,
  T.vault,
  T.vaultSecret,
  T.postgresDatabase,
  T.redis,
  T.redisDatabase,
  T.account,
  T.container,
  T.registry,
];

/**
 * Resources that hold a copy rebuilt from elsewhere, which carry `protect` but no lock:
 * PostgreSQL replicas (the primary keeps its own lock and geo-redundant backups) and the
 * frontend's public build (AzureFrontend), which CI uploads again.
 */
function isCopy(r: PolicyResource): boolean {
  return isReplica(r) || isFrontendAccount(r);
}

/** Sources of an NSG rule that mean the whole internet. */
const INTERNET_SOURCES = ["*", "Internet", "Any", "0.0.0.0/0", "::/0"];

/** Messages for inbound allow rules (inline in an NSG or on their own) open to the internet. */
function checkSecurityRules(rules: unknown[]): string[] {
  return rules
    .filter((rule) => at(rule, "direction") === "Inbound" && at(rule, "access") === "Allow")
    .filter((rule) =>
      [at(rule, "sourceAddressPrefix"), ...asList(at(rule, "sourceAddressPrefixes"))].some((s) =>
        INTERNET_SOURCES.includes(s as string),
      ),
    )
    .map(
      (rule) =>
        `security rule ${show(at(rule, "name") ?? at(rule, "securityRuleName"))} must not allow the internet in`,
    );
}

/** Requires `path` to be one of `allowed`. */
function expectOneOf(r: PolicyResource, path: string, allowed: readonly string[]): string[] {
  const got = at(r.inputs, path);
  return allowed.includes(got as string)
    ? []
    : [`${path} must be one of ${allowed.join(", ")} (is ${show(got)})`];
}

/** App settings (App Service) that carry a secret must be Key Vault references. */
function checkAppSettings(r: PolicyResource): string[] {
  return asList(at(r.inputs, "siteConfig.appSettings"))
    .filter((e) => SECRET_ENV.includes(at(e, "name") as string))
    .filter((e) => !String(at(e, "value") ?? "").startsWith("@Microsoft.KeyVault("))
    .map((e) => `app setting ${String(at(e, "name"))} must be a Key Vault reference`);
}

/** The migration job's secrets come from Key Vault, and its variables only name them. */
function checkJob(r: PolicyResource): string[] {
  const stored = asList(at(r.inputs, "configuration.secrets"))
    .filter((s) => !isSet(at(s, "keyVaultUrl")))
    .map((s) => `job secret ${show(at(s, "name"))} must be a Key Vault reference (keyVaultUrl)`);
  const plain = asList(at(r.inputs, "template.containers")).flatMap((c) =>
    asList(at(c, "env"))
      .filter((e) => SECRET_ENV.includes(at(e, "name") as string) && !isSet(at(e, "secretRef")))
      .map(
        (e) => `container ${show(at(c, "name"))} sets ${String(at(e, "name"))} without a secretRef`,
      ),
  );
  return [...stored, ...plain];
}

/**
 * A Front Door endpoint is covered when a WAF security policy of the same profile applies to
 * every path. CrossGuard and the mocks both know the profile name; the association's ids are
 * known only after the endpoint exists.
 */
function wafCovers(policy: PolicyResource, endpoint: PolicyResource): boolean {
  const params = policy.inputs.parameters;
  return (
    policy.inputs.profileName === endpoint.inputs.profileName &&
    at(params, "type") === "WebApplicationFirewall" &&
    isSet(at(params, "wafPolicy.id")) &&
    asList(at(params, "associations")).some((a) => asList(at(a, "patternsToMatch")).includes("/*"))
  );
}

/** Storage SKUs that keep copies in three zones. */
const ZONE_REDUNDANT_STORAGE = ["Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_ZRS"];

export const policy: PolicyBinding = {
  ownsType: (type) => type.startsWith("azure-native:"),
  isStateful: (r) => STATEFUL_TYPES.includes(r.type) || (r.type === T.postgres && !isReplica(r)),
  secretInputs: { [T.postgres]: "administratorLoginPassword", [T.vaultSecret]: "properties" },
  checks: {
    "no-public-database": {
      // VNet integration (a delegated subnet) can never be public; a server outside a VNet must
      // turn public access off itself.
      resource: (r) => {
        if (r.type !== T.postgres) return [];
        const access = at(r.inputs, "network.publicNetworkAccess");
        if (access !== undefined) return expectValue(r, "network.publicNetworkAccess", "Disabled");
        return isSet(at(r.inputs, "network.delegatedSubnetResourceId"))
          ? []
          : [
              'network.delegatedSubnetResourceId must be set or network.publicNetworkAccess be "Disabled" (both unset: the server is public)',
            ];
      },
    },
    "database-encryption-in-transit-and-at-rest": {
      // Flexible Server always encrypts storage; TLS is two server parameters, each secure by
      // default, so only an override can weaken them.
      resource: (r) => {
        if (r.type !== T.postgresConfig) return [];
        const name = r.inputs.configurationName;
        const value = String(r.inputs.value ?? "");
        if (name === "require_secure_transport" && value.toLowerCase() !== "on")
          return [`parameter require_secure_transport must be "on" (is ${show(r.inputs.value)})`];
        if (name === "ssl_min_protocol_version" && !["TLSv1.2", "TLSv1.3"].includes(value))
          return [
            `parameter ssl_min_protocol_version must be TLSv1.2 or TLSv1.3 (is ${show(r.inputs.value)})`,
          ];
        return [];
      },
    },
    "cache-encryption": {
      // Managed Redis always encrypts at rest and always authenticates (access keys or Entra ID).
      resource: (r) => {
        if (r.type === T.redis) return expectOneOf(r, "minimumTlsVersion", ["1.2", "1.3"]);
        if (r.type === T.redisDatabase) return expectValue(r, "clientProtocol", "Encrypted");
        return [];
      },
    },
    "private-buckets": {
      resource: (r) => {
        if (r.type === T.account) return expectValue(r, "allowBlobPublicAccess", false);
        if (r.type === T.container) return expectValue(r, "publicAccess", "None");
        return [];
      },
    },
    "tls-1-2-minimum": {
      resource: (r) => {
        if (r.type === T.account)
          return [
            ...expectValue(r, "enableHttpsTrafficOnly", true),
            ...expectOneOf(r, "minimumTlsVersion", ["TLS1_2", "TLS1_3"]),
          ];
        if (r.type === T.app || r.type === T.slot)
          return [
            ...expectValue(r, "httpsOnly", true),
            ...expectOneOf(r, "siteConfig.minTlsVersion", ["1.2", "1.3"]),
          ];
        if (r.type === T.domain)
          return expectOneOf(r, "tlsSettings.minimumTlsVersion", ["TLS12", "TLS13"]);
        // A route that takes plain HTTP must only redirect it.
        if (r.type === T.route && asList(r.inputs.supportedProtocols).includes("Http"))
          return expectValue(r, "httpsRedirect", "Enabled");
        return [];
      },
    },
    "secrets-not-plain": {
      resource: (r) =>
        r.type === T.app || r.type === T.slot
          ? checkAppSettings(r)
          : r.type === T.job
            ? checkJob(r)
            : [],
    },
    "production-protection": {
      resource: (r) =>
        r.type === T.vault ? expectValue(r, "properties.enablePurgeProtection", true) : [],
      stack: (resources) => {
        const locks = resources.filter(
          (r) => r.type === T.lock && LOCK_LEVELS.includes(r.inputs.level as string),
        );
        return resources
          .filter((r) => LOCKED_TYPES.includes(r.type) && !isCopy(r))
          .filter((target) => !locks.some((l) => attachedTo(l, "scope", target, "-lock")))
          .map((target) => ({
            resource: target,
            message: "stateful resource has no CanNotDelete management lock",
          }));
      },
    },
    backups: {
      // Flexible Server keeps point-in-time recovery over the whole retention, always.
      resource: (r, env) => {
        if (r.type !== T.postgres || isReplica(r)) return [];
        const min = BACKUP_DAYS[env];
        const days = at(r.inputs, "backup.backupRetentionDays");
        return typeof days === "number" && days >= min
          ? []
          : [`backup.backupRetentionDays must be at least ${min} in ${env} (is ${show(days)})`];
      },
    },
    "high-availability": {
      resource: (r) => {
        // SameZone keeps the standby in the primary's zone: it survives a host, not a zone.
        if (r.type === T.postgres && !isReplica(r))
          return expectValue(r, "highAvailability.mode", "ZoneRedundant");
        if (r.type === T.redis) return expectValue(r, "highAvailability", "Enabled");
        // The DR site's copies are the other region: their own zones are beside the point.
        if (r.type === T.account && parentOf(r)?.type !== "entmoot:dr:AzureDrSite")
          return expectOneOf(r, "sku.name", ZONE_REDUNDANT_STORAGE);
        if (r.type === T.plan) {
          const out = expectValue(r, "zoneRedundant", true);
          const capacity = at(r.inputs, "sku.capacity");
          if (!(typeof capacity === "number" && capacity >= PRODUCTION_MIN_INSTANCES))
            out.push(
              `sku.capacity must be at least ${PRODUCTION_MIN_INSTANCES} in production (is ${show(capacity)})`,
            );
          return out;
        }
        // Azure keeps capacities as strings.
        if (r.type === T.autoscale)
          return asList(r.inputs.profiles)
            .filter((p) => !(Number(at(p, "capacity.minimum")) >= PRODUCTION_MIN_INSTANCES))
            .map(
              (p) =>
                `autoscale profile ${show(at(p, "name"))} capacity.minimum must be at least ${PRODUCTION_MIN_INSTANCES} in production (is ${show(at(p, "capacity.minimum"))})`,
            );
        return [];
      },
    },
    "ingress-only-through-the-load-balancer": {
      // The data stores are reached through private endpoints only; no NSG admits the internet.
      resource: (r) => {
        if (r.type === T.nsg) return checkSecurityRules(asList(r.inputs.securityRules));
        if (r.type === T.nsgRule) return checkSecurityRules([r.inputs]);
        if (r.type === T.vault) return expectValue(r, "properties.publicNetworkAccess", "Disabled");
        if (r.type === T.redis) return expectValue(r, "publicNetworkAccess", "Disabled");
        if (r.type === T.account && !isFrontendAccount(r))
          return expectValue(r, "publicNetworkAccess", "Disabled");
        // The API is reached through Front Door's private link, the job environment not at all.
        if (r.type === T.app || r.type === T.slot || r.type === T.jobs)
          return expectValue(r, "publicNetworkAccess", "Disabled");
        return [];
      },
    },
    "waf-in-front": {
      // Detection mode only logs what it would have blocked.
      resource: (r) =>
        r.type === T.waf
          ? [
              ...expectValue(r, "policySettings.enabledState", "Enabled"),
              ...expectValue(r, "policySettings.mode", "Prevention"),
            ]
          : [],
      stack: (resources) => {
        const policies = resources.filter((r) => r.type === T.securityPolicy);
        return resources
          .filter((r) => r.type === T.endpoint && !policies.some((p) => wafCovers(p, r)))
          .map((r) => ({
            resource: r,
            message: "Front Door endpoint has no WAF security policy over every path",
          }));
      },
    },
    "log-retention": {
      // Log Analytics keeps 30 days unless told: the platform states its own retention.
      resource: (r) => {
        if (r.type !== T.workspace) return [];
        const days = r.inputs.retentionInDays;
        return typeof days === "number" && days > 0
          ? []
          : [`retentionInDays must be set (is ${show(days)})`];
      },
    },
  },
};
