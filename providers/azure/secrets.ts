import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import { OPERATOR_SECRET_PLACEHOLDER } from "../../src/appEnvironment";
import type { SecretsArgs, SecretsOutputs } from "../../src/platform";
import { deleteLock, grantRole } from "./access";
import type { AzureContext } from "./context";
import { environmentCode, globalName } from "./names";
import type { AzureNetwork } from "./network";
import { privateEndpoint } from "./privateEndpoint";
import { urlSafePassword } from "../../src/passwords";

export interface AzureSecretsArgs extends SecretsArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly network: AzureNetwork;
  /** The API's managed identity (object id), granted Key Vault Secrets User on the vault. */
  readonly apiPrincipalId: pulumi.Input<string>;
}

/** Days a deleted vault or secret stays recoverable: production keeps Azure's maximum. */
const SOFT_DELETE_DAYS = { production: 90, staging: 7 } as const;

/** A Key Vault secret: its versionless URI (operator-filled, "latest") and the pinned one. */
export interface VaultSecretRef {
  readonly secret: keyvault.Secret;
  readonly uri: pulumi.Output<string>;
  readonly versionedUri: pulumi.Output<string>;
}

/**
 * The platform's Key Vault and the secrets in it:
 * - RBAC authorization (no access policies), soft delete with purge protection, public network
 *   access disabled, reachable only through its private endpoint. Soft-delete retention is fixed
 *   when the vault is created, and purge protection can never be turned off again;
 * - the database password, generated here (URL-safe specials, 32 characters);
 * - SENTRY_DSN when one is configured, and a secret per operator-filled name, created with a
 *   placeholder the stack never writes again;
 * - the API identity's Key Vault Secrets User grant, which the API (and App Service's Key Vault
 *   references) must have before they read anything: `readers` is what to wait for.
 * Secrets are written through ARM (Microsoft.KeyVault/vaults/secrets), not the vault's data
 * plane, which is what lets a deployment outside the VNet write them into a vault that refuses
 * public traffic; they are never deleted by the stack (retainOnDelete, see addSecret). The
 * cache's key is added by AzureCache through `addSecret`, once it exists.
 */
export class AzureSecrets extends pulumi.ComponentResource implements SecretsOutputs {
  readonly vault: keyvault.Vault;
  readonly vaultName: pulumi.Output<string>;
  /** The database password; secret, for AzureDatabase only. Never export it. */
  readonly databasePassword: pulumi.Output<string>;
  readonly database: VaultSecretRef;
  readonly sentry?: VaultSecretRef;
  readonly operator: Record<string, VaultSecretRef>;
  /** The API's read grant and the private endpoint's DNS: what a reader of the vault waits for. */
  readonly readers: pulumi.Resource[];
  readonly databasePasswordRef: pulumi.Output<string>;
  readonly cachePasswordRef: pulumi.Output<string>;
  private readonly name: string;
  private readonly provider: pulumi.ProviderResource;
  private readonly resourceGroupName: pulumi.Input<string>;
  private readonly tags: Record<string, string>;
  /** Production's secrets carry `protect`, as the other clouds' secrets do. */
  private readonly protectSecrets: boolean;

  constructor(name: string, args: AzureSecretsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { context, region, protect, environment } = args;
    const vaultName = globalName("keyVault", `entmoot-${environmentCode(environment)}-kv-`);
    super("entmoot:secrets:AzureSecrets", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    this.name = name;
    this.provider = context.provider;
    this.resourceGroupName = args.resourceGroupName;
    this.tags = { ...args.tags };
    this.protectSecrets = protect;

    this.vault = new keyvault.Vault(
      `${name}-vault`,
      {
        vaultName: pulumi.output(args.suffix).apply(vaultName),
        resourceGroupName: args.resourceGroupName,
        location: region,
        properties: {
          tenantId: context.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: SOFT_DELETE_DAYS[environment],
          enablePurgeProtection: true,
          publicNetworkAccess: "Disabled",
          networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
          enabledForDeployment: false,
          enabledForDiskEncryption: false,
          enabledForTemplateDeployment: false,
        },
        tags: this.tags,
      },
      { ...parent, protect },
    );
    this.vaultName = this.vault.name;
    deleteLock(`${name}-vault`, this.vault.id, protect, parent);

    const dns = privateEndpoint(
      `${name}-vault`,
      {
        resourceGroupName: args.resourceGroupName,
        location: region,
        network: args.network,
        targetId: this.vault.id,
        groupId: "vault",
        zone: args.network.privateLinkZones.vault,
        zoneLink: args.network.linkOf(args.network.privateLinkZones.vault),
        tags: this.tags,
      },
      parent,
    );
    const grant = grantRole(
      `${name}-api-reader`,
      {
        scope: this.vault.id,
        principalId: args.apiPrincipalId,
        role: "keyVaultSecretsUser",
        subscriptionId: context.subscriptionId,
      },
      parent,
    );
    this.readers = [grant, dns];

    const password = urlSafePassword(`${name}-database`, { parent: this });
    this.databasePassword = pulumi.secret(password.result);
    this.database = this.addSecret("database-password", this.databasePassword);
    if (args.sentryDsn !== undefined) {
      this.sentry = this.addSecret("sentry-dsn", args.sentryDsn);
    }
    this.operator = Object.fromEntries(
      args.operatorSecrets.map((env) => [
        env,
        this.addSecret(env.toLowerCase().replace(/_/g, "-"), OPERATOR_SECRET_PLACEHOLDER, {
          // The operator sets the real value in the vault; the stack must never write it back.
          ignoreChanges: ["properties.value"],
        }),
      ]),
    );

    this.databasePasswordRef = this.database.uri;
    // AzureCache writes the key under this name; the URI is known before the cache exists.
    this.cachePasswordRef = pulumi.interpolate`${this.vault.properties.vaultUri}secrets/redis-password`;
    this.registerOutputs({
      vaultName: this.vaultName,
      databasePasswordRef: this.databasePasswordRef,
      cachePasswordRef: this.cachePasswordRef,
    });
  }

  /** Writes `value` as secret `secretName` of the vault (1-127 letters, digits and hyphens). */
  addSecret(
    secretName: string,
    value: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions = {},
  ): VaultSecretRef {
    if (!/^[a-zA-Z0-9-]{1,127}$/.test(secretName)) {
      throw new Error(`Key Vault secret name "${secretName}": 1-127 letters, digits and hyphens`);
    }
    const secret = new keyvault.Secret(
      `${this.name}-${secretName}`,
      {
        secretName,
        vaultName: this.vault.name,
        resourceGroupName: this.resourceGroupName,
        // Secret as a whole, so no engine or tool ever sees the value in plain text.
        properties: pulumi.secret(
          pulumi.output(value).apply((v) => ({ value: v, contentType: "text/plain" })),
        ),
        tags: this.tags,
      },
      {
        parent: this,
        provider: this.provider,
        protect: this.protectSecrets,
        // azure-native deletes a secret through the vault's data plane, not ARM, which the
        // vault's network rules (private endpoint only) and the deploy identity's roles refuse:
        // removing sentryDsn or destroying staging would fail. The stack lets go of the secret
        // instead; a deleted vault takes its secrets into soft delete with it.
        retainOnDelete: true,
        ...opts,
      },
    );
    return {
      secret,
      uri: secret.properties.secretUri,
      versionedUri: secret.properties.secretUriWithVersion,
    };
  }
}
