import * as storage from "@pulumi/azure-native/storage";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { StorageArgs, StorageOutputs, StorageSpec } from "../../src/platform";
import { deleteLock, grantRole } from "./access";
import type { AzureContext } from "./context";
import { environmentCode, globalName } from "./names";
import type { AzureNetwork } from "./network";
import { privateEndpoint } from "./privateEndpoint";
import { hasZones } from "./regions";

export interface AzureStorageArgs extends StorageArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly network: AzureNetwork;
  /** The API's managed identity (object id), granted blob read/write on the data container. */
  readonly apiPrincipalId: pulumi.Input<string>;
}

/**
 * What every private storage account of the platform sets (the data account and its DR copy):
 * HTTPS and TLS 1.2 only, no anonymous or shared-key access, Entra ID by default, no public
 * network, no replication to other tenants.
 */
export const PRIVATE_ACCOUNT = {
  kind: "StorageV2",
  accessTier: "Hot",
  enableHttpsTrafficOnly: true,
  minimumTlsVersion: "TLS1_2",
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
  defaultToOAuthAuthentication: true,
  allowCrossTenantReplication: false,
  publicNetworkAccess: "Disabled",
  networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
} as const;
/**
 * The metric categories a storage account exports to a diagnostic setting: Azure refuses any
 * other ("supported categories are: 'Capacity;Transaction'"), AllMetrics included.
 */
export const STORAGE_ACCOUNT_METRICS = ["Transaction", "Capacity"];

/** The redundancy a storage account gets: geo-zone-redundant when data must leave the region. */
export function storageSku(crossRegion: boolean, region: string): string {
  // RA-GZRS: three zones here plus the paired region, readable there during an outage.
  if (crossRegion) return "Standard_RAGZRS";
  return hasZones(region) ? "Standard_ZRS" : "Standard_LRS";
}

/**
 * Days point-in-time restore reaches back: it replays from soft-deleted data, so Azure wants it
 * shorter than blob soft delete.
 */
export function restoreDays(spec: StorageSpec): number {
  if (spec.softDeleteDays < 2)
    throw new Error("point-in-time restore needs soft delete of 2+ days");
  return spec.softDeleteDays - 1;
}

/**
 * Lifecycle of the data container. Old blobs go Cool then Cold, never Archive: Archive is not
 * offered on ZRS, GZRS or RA-GZRS accounts. Old versions expire. (Azure collects uncommitted
 * blocks of abandoned uploads after 7 days on its own: nothing to configure.)
 */
export function lifecyclePolicy(spec: StorageSpec): inputs.storage.ManagementPolicySchemaArgs {
  if (spec.archiveAfterDays <= spec.infrequentAccessAfterDays) {
    throw new Error("archiveAfterDays must come after infrequentAccessAfterDays");
  }
  return {
    rules: [
      {
        name: "cool-then-cold",
        type: "Lifecycle",
        enabled: true,
        definition: {
          filters: { blobTypes: ["blockBlob"] },
          actions: {
            baseBlob: {
              tierToCool: { daysAfterModificationGreaterThan: spec.infrequentAccessAfterDays },
              tierToCold: { daysAfterModificationGreaterThan: spec.archiveAfterDays },
            },
            version: { delete: { daysAfterCreationGreaterThan: spec.noncurrentVersionExpiryDays } },
          },
        },
      },
    ],
  };
}

/**
 * The platform's object storage: one StorageV2 account with a private `data` container.
 * - RA-GZRS in production (zones plus the paired region), ZRS in staging; HTTPS only, TLS 1.2,
 *   no anonymous blob access, public network access disabled (private endpoint only);
 * - no shared-key access: the API signs in with its managed identity (Storage Blob Data
 *   Contributor on the container only), so account keys and SAS are never needed;
 * - infrastructure (double) encryption, which can only be chosen at creation;
 * - versioning, blob and container soft delete, change feed, and in production point-in-time
 *   restore of the container; the lifecycle of lifecyclePolicy();
 * - a CanNotDelete lock in production. Microsoft-managed keys: a customer-managed key (Checkov
 *   CKV2_AZURE_1) would add a key whose loss loses the data, for no threat this platform faces.
 */
export class AzureStorage extends pulumi.ComponentResource implements StorageOutputs {
  readonly account: storage.StorageAccount;
  readonly container: storage.BlobContainer;
  /** The data container's URL: what the API's STORAGE_BUCKET names. */
  readonly bucketName: pulumi.Output<string>;
  readonly accountName: pulumi.Output<string>;
  /** The API's grant and the private endpoint's DNS: what the API waits for. */
  readonly readers: pulumi.Resource[];

  constructor(name: string, args: AzureStorageArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region, protect } = args;
    const accountName = globalName(
      "storageAccount",
      `entmoot${environmentCode(args.environment)}data`,
    );
    const restore = spec.crossRegionReplication ? restoreDays(spec) : undefined;
    const policy = lifecyclePolicy(spec);
    super("entmoot:storage:AzureStorage", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };

    this.account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: pulumi.output(args.suffix).apply(accountName),
        resourceGroupName: args.resourceGroupName,
        location: region,
        ...PRIVATE_ACCOUNT,
        sku: { name: storageSku(spec.crossRegionReplication, region) },
        isHnsEnabled: false,
        encryption: {
          keySource: "Microsoft.Storage",
          requireInfrastructureEncryption: true,
          services: {
            blob: { enabled: true, keyType: "Account" },
            file: { enabled: true, keyType: "Account" },
          },
        },
        sasPolicy: { sasExpirationPeriod: "00.01:00:00", expirationAction: "Log" },
        keyPolicy: { keyExpirationPeriodInDays: 90 },
        tags,
      },
      { ...parent, protect },
    );
    deleteLock(`${name}-account`, this.account.id, protect, parent);

    const blobService = new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName: this.account.name,
        resourceGroupName: args.resourceGroupName,
        blobServicesName: "default",
        isVersioningEnabled: true,
        deleteRetentionPolicy: {
          enabled: true,
          days: spec.softDeleteDays,
          allowPermanentDelete: false,
        },
        containerDeleteRetentionPolicy: { enabled: true, days: spec.softDeleteDays },
        changeFeed: { enabled: true, retentionInDays: spec.softDeleteDays },
        restorePolicy:
          restore === undefined ? { enabled: false } : { enabled: true, days: restore },
      },
      parent,
    );

    this.container = new storage.BlobContainer(
      `${name}-data`,
      {
        containerName: "data",
        accountName: this.account.name,
        resourceGroupName: args.resourceGroupName,
        publicAccess: "None",
      },
      { ...parent, protect, dependsOn: [blobService] },
    );
    new storage.ManagementPolicy(
      `${name}-lifecycle`,
      {
        managementPolicyName: "default",
        accountName: this.account.name,
        resourceGroupName: args.resourceGroupName,
        policy,
      },
      { ...parent, dependsOn: [blobService] },
    );

    const dns = privateEndpoint(
      `${name}-blob`,
      {
        resourceGroupName: args.resourceGroupName,
        location: region,
        network: args.network,
        targetId: this.account.id,
        groupId: "blob",
        zone: args.network.privateLinkZones.blob,
        zoneLink: args.network.linkOf(args.network.privateLinkZones.blob),
        tags,
      },
      parent,
    );
    const grant = grantRole(
      `${name}-api-data`,
      {
        scope: this.container.id,
        principalId: args.apiPrincipalId,
        role: "storageBlobDataContributor",
        subscriptionId: context.subscriptionId,
      },
      parent,
    );
    this.readers = [grant, dns];

    this.accountName = this.account.name;
    this.bucketName = pulumi.interpolate`${this.account.primaryEndpoints.blob}${this.container.name}`;
    this.registerOutputs({ bucketName: this.bucketName, accountName: this.accountName });
  }
}
