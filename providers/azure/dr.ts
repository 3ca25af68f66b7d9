import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, subnet } from "../../src/cidr";
import type { ComponentArgs } from "../../src/platform";
import { deleteLock } from "./access";
import type { AzureContext } from "./context";
import type { AzureDatabase } from "./database";
import { checkedName, environmentCode, globalName } from "./names";
import type { AzureNetwork } from "./network";
import { hasZones } from "./regions";
import type { AzureStorage } from "./storage";

export interface AzureDrSiteArgs extends ComponentArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly drRegion: string;
  /** The primary VNet's range: the DR VNet takes the next /16, so the two could be peered. */
  readonly cidr: string;
  readonly network: AzureNetwork;
  readonly database: AzureDatabase;
  readonly storage: AzureStorage;
  readonly ports: { readonly database: number };
}

/** The /16 after `cidr`'s: 10.40.0.0/16 -> 10.41.0.0/16. */
export function drCidr(cidr: string): string {
  const { prefix } = parseCidr(cidr);
  const [a, b] = cidr.split(".");
  if (prefix !== 16 || Number(b) >= 255)
    throw new Error(`DR range: need a /16 below x.255 (got ${cidr})`);
  return `${a}.${Number(b) + 1}.0.0/16`;
}

/**
 * The platform's own copies in drRegion (production), whichever region that is. Azure's built-in
 * copies go to the region's pair only (geo-redundant PostgreSQL backups, RA-GZRS storage, Key
 * Vault's replication); these go where the stack says:
 * - PostgreSQL: a cross-region read replica, promotable in a regional outage. A VNet-integrated
 *   replica needs a VNet in its own region with a subnet delegated to Flexible Server, and the
 *   primary's private DNS zone linked to that VNet too (the zone is global; the server names
 *   resolve in both). Replication runs over Azure's backbone: no peering is needed for it;
 * - storage: object replication of the data container to an account in drRegion. The source
 *   already keeps versions and a change feed (AzureStorage); the destination keeps versions, and
 *   its policy is created first, as Azure requires, then the source's with the same ids;
 * - the registry's geo-replica is AzureRegistry's (`replicaRegion`).
 */
export class AzureDrSite extends pulumi.ComponentResource {
  readonly vnet: network.VirtualNetwork;
  readonly replica: dbforpostgresql.Server;
  readonly account: storage.StorageAccount;

  constructor(name: string, args: AzureDrSiteArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { context, drRegion } = args;
    const range = drCidr(args.cidr);
    const accountName = globalName(
      "storageAccount",
      `entmoot${environmentCode(args.environment)}dr`,
    );
    super("entmoot:dr:AzureDrSite", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };
    const group = args.resourceGroupName;

    this.vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        virtualNetworkName: `${name}-vnet`,
        resourceGroupName: group,
        location: drRegion,
        addressSpace: { addressPrefixes: [range] },
        tags,
      },
      parent,
    );
    const databaseRange = subnet(range, 4, 1);
    const nsg = new network.NetworkSecurityGroup(
      `${name}-database-nsg`,
      {
        networkSecurityGroupName: `${name}-database-nsg`,
        resourceGroupName: group,
        location: drRegion,
        securityRules: [
          {
            name: "allow-postgres-replication",
            priority: 100,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourceAddressPrefix: databaseRange,
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: String(args.ports.database),
          },
          {
            name: "deny-internet",
            priority: 4096,
            direction: "Inbound",
            access: "Deny",
            protocol: "*",
            sourceAddressPrefix: "Internet",
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: "*",
          },
        ],
        tags,
      },
      parent,
    );
    const databaseSubnet = new network.Subnet(
      `${name}-database`,
      {
        subnetName: "database",
        resourceGroupName: group,
        virtualNetworkName: this.vnet.name,
        addressPrefix: databaseRange,
        networkSecurityGroup: { id: nsg.id },
        defaultOutboundAccess: false,
        delegations: [
          { name: "database", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" },
        ],
        privateEndpointNetworkPolicies: "Disabled",
      },
      parent,
    );
    const link = new privatedns.VirtualNetworkLink(
      `${name}-zone-postgres-link`,
      {
        virtualNetworkLinkName: `${name}-link`,
        privateZoneName: args.network.postgresZone.name,
        resourceGroupName: group,
        location: "global",
        virtualNetwork: { id: this.vnet.id },
        registrationEnabled: false,
        tags,
      },
      parent,
    );

    const db = args.database;
    this.replica = new dbforpostgresql.Server(
      `${name}-database-replica`,
      {
        serverName: pulumi
          .all([db.server.name])
          .apply(([primary]) => checkedName("postgresServer", `${primary}-dr`)),
        resourceGroupName: group,
        location: drRegion,
        createMode: "Replica",
        sourceServerResourceId: db.server.id,
        sku: db.sku,
        storage: db.storage,
        network: {
          delegatedSubnetResourceId: databaseSubnet.id,
          privateDnsZoneArmResourceId: args.network.postgresZone.id,
        },
        tags,
      },
      {
        ...parent,
        // The source takes one operation at a time; the zone must resolve from the DR VNet.
        dependsOn: [db.settled, ...db.replicas, link],
        ignoreChanges: ["availabilityZone", "storage.storageSizeGB"],
      },
    );

    this.account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: pulumi.output(args.suffix).apply(accountName),
        resourceGroupName: group,
        location: drRegion,
        kind: "StorageV2",
        sku: { name: hasZones(drRegion) ? "Standard_ZRS" : "Standard_LRS" },
        accessTier: "Hot",
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: "Disabled",
        networkRuleSet: { defaultAction: "Deny", bypass: "AzureServices" },
        encryption: {
          keySource: "Microsoft.Storage",
          requireInfrastructureEncryption: true,
          services: { blob: { enabled: true, keyType: "Account" } },
        },
        tags,
      },
      { ...parent, protect: args.protect },
    );
    // The objects' only copy outside the primary region: locked like the primary account.
    deleteLock(`${name}-account`, this.account.id, args.protect, parent);
    const blobService = new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName: this.account.name,
        resourceGroupName: group,
        blobServicesName: "default",
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: 30, allowPermanentDelete: false },
        containerDeleteRetentionPolicy: { enabled: true, days: 30 },
      },
      parent,
    );
    const container = new storage.BlobContainer(
      `${name}-data`,
      {
        containerName: "data",
        accountName: this.account.name,
        resourceGroupName: group,
        publicAccess: "None",
      },
      { ...parent, protect: args.protect, dependsOn: [blobService] },
    );
    const source = args.storage;
    const rule = { sourceContainer: "data", destinationContainer: "data" };
    // Cross-tenant replication is off on both accounts, so both are named by resource id.
    const destinationPolicy = new storage.ObjectReplicationPolicy(
      `${name}-replication-destination`,
      {
        objectReplicationPolicyId: "default",
        accountName: this.account.name,
        resourceGroupName: group,
        sourceAccount: source.account.id,
        destinationAccount: this.account.id,
        rules: [rule],
      },
      { ...parent, dependsOn: [container, source.container] },
    );
    new storage.ObjectReplicationPolicy(
      `${name}-replication-source`,
      {
        objectReplicationPolicyId: destinationPolicy.policyId,
        accountName: source.account.name,
        resourceGroupName: group,
        sourceAccount: source.account.id,
        destinationAccount: this.account.id,
        rules: destinationPolicy.rules.apply((rules) =>
          (rules ?? []).map((r) => ({ ...rule, ruleId: r.ruleId })),
        ),
        metrics: { enabled: true },
      },
      parent,
    );
    this.registerOutputs({});
  }
}
