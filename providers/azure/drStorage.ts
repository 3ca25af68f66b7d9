import * as storage from "@pulumi/azure-native/storage";
import type * as pulumi from "@pulumi/pulumi";
import { deleteLock } from "./access";
import { hasZones } from "./regions";
import { PRIVATE_ACCOUNT, type AzureStorage } from "./storage";

export interface DrStorageArgs {
  readonly accountName: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly drRegion: string;
  readonly protect: boolean;
  /** The primary data account and container replicated here. */
  readonly source: AzureStorage;
  /** Days old versions are kept, as on the source account. */
  readonly noncurrentVersionExpiryDays: number;
  readonly tags: Record<string, string>;
}

/**
 * The DR site's copy of the objects (AzureDrSite): an account in drRegion with versioning, soft
 * delete and the source's version expiry, and object replication of `data` into it, the
 * destination's policy first, as Azure requires, then the source's with the same ids. Children
 * `<name>-account`, `-blob-service`, `-data`, `-lifecycle`, `-replication-*`.
 */
export function drStorage(
  name: string,
  args: DrStorageArgs,
  opts: pulumi.CustomResourceOptions,
): storage.StorageAccount {
  const account = new storage.StorageAccount(
    `${name}-account`,
    {
      accountName: args.accountName,
      resourceGroupName: args.resourceGroupName,
      location: args.drRegion,
      ...PRIVATE_ACCOUNT,
      sku: { name: hasZones(args.drRegion) ? "Standard_ZRS" : "Standard_LRS" },
      encryption: {
        keySource: "Microsoft.Storage",
        requireInfrastructureEncryption: true,
        services: { blob: { enabled: true, keyType: "Account" } },
      },
      tags: args.tags,
    },
    { ...opts, protect: args.protect },
  );
  // The objects' only copy outside the primary region: locked like the primary account.
  deleteLock(`${name}-account`, account.id, args.protect, opts);
  const blobService = new storage.BlobServiceProperties(
    `${name}-blob-service`,
    {
      accountName: account.name,
      resourceGroupName: args.resourceGroupName,
      blobServicesName: "default",
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 30, allowPermanentDelete: false },
      containerDeleteRetentionPolicy: { enabled: true, days: 30 },
    },
    opts,
  );
  const container = new storage.BlobContainer(
    `${name}-data`,
    {
      containerName: "data",
      accountName: account.name,
      resourceGroupName: args.resourceGroupName,
      publicAccess: "None",
    },
    { ...opts, protect: args.protect, dependsOn: [blobService] },
  );
  new storage.ManagementPolicy(
    `${name}-lifecycle`,
    {
      managementPolicyName: "default",
      accountName: account.name,
      resourceGroupName: args.resourceGroupName,
      policy: {
        rules: [
          {
            name: "expire-old-versions",
            type: "Lifecycle",
            enabled: true,
            definition: {
              filters: { blobTypes: ["blockBlob"] },
              actions: {
                version: {
                  delete: { daysAfterCreationGreaterThan: args.noncurrentVersionExpiryDays },
                },
              },
            },
          },
        ],
      },
    },
    { ...opts, dependsOn: [blobService] },
  );
  const source = args.source;
  const rule = { sourceContainer: "data", destinationContainer: "data" };
  // Cross-tenant replication is off on both accounts, so both are named by resource id.
  const destinationPolicy = new storage.ObjectReplicationPolicy(
    `${name}-replication-destination`,
    {
      objectReplicationPolicyId: "default",
      accountName: account.name,
      resourceGroupName: args.resourceGroupName,
      sourceAccount: source.account.id,
      destinationAccount: account.id,
      rules: [rule],
    },
    { ...opts, dependsOn: [container, source.container] },
  );
  new storage.ObjectReplicationPolicy(
    `${name}-replication-source`,
    {
      objectReplicationPolicyId: destinationPolicy.policyId,
      accountName: source.account.name,
      resourceGroupName: args.resourceGroupName,
      sourceAccount: source.account.id,
      destinationAccount: account.id,
      rules: destinationPolicy.rules.apply((rules) =>
        (rules ?? []).map((r) => ({ ...rule, ruleId: r.ruleId })),
      ),
      metrics: { enabled: true },
    },
    opts,
  );
  return account;
}
