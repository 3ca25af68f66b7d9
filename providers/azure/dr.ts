import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import type * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, subnet } from "../../src/cidr";
import type { ComponentArgs } from "../../src/platform";
import type { AzureContext } from "./context";
import type { AzureDatabase } from "./database";
import { checkedName, environmentCode, globalName } from "./names";
import {
  DATABASE_SERVICE_ENDPOINTS,
  networkSlot,
  securityRule,
  type AzureNetwork,
} from "./network";
import { drStorage } from "./drStorage";
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
  /** Days old versions are kept, as on the source account (StorageSpec). */
  readonly noncurrentVersionExpiryDays: number;
}

/** The DR VNet's database range, which the primary's database NSG admits (AzureNetwork). */
export function drDatabaseRange(cidr: string): string {
  return subnet(drCidr(cidr), 4, 1);
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
 *   resolve in both). Microsoft requires connectivity between the two VNets for it: a peering
 *   each way (created after every subnet write on its VNet, which ARM refuses to run in
 *   parallel), 5432 between the two database ranges in both NSGs, and Azure Storage (443) from
 *   both servers through the subnets' service endpoints. The replica waits for both peerings;
 * - storage: object replication of the data container to an account in drRegion. The source
 *   already keeps versions and a change feed (AzureStorage); the destination keeps versions,
 *   expired after the source's noncurrentVersionExpiryDays, and its policy is created first, as
 *   Azure requires, then the source's with the same ids;
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
    const databaseRange = drDatabaseRange(args.cidr);
    const primaryRange = networkSlot(args.cidr, "database");
    const postgresPort = String(args.ports.database);
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
          securityRule(110, "allow-postgres-primary", "Inbound", primaryRange, "*", "Tcp", [
            postgresPort,
          ]),
          securityRule(100, "allow-storage", "Outbound", databaseRange, "Storage", "Tcp", ["443"]),
          securityRule(
            110,
            "allow-postgres-to-primary",
            "Outbound",
            databaseRange,
            primaryRange,
            "Tcp",
            [postgresPort],
          ),
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
        serviceEndpoints: DATABASE_SERVICE_ENDPOINTS,
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

    const peering = (
      key: string,
      local: pulumi.Input<string>,
      remote: pulumi.Input<string>,
      after: pulumi.Resource[],
    ) =>
      new network.VirtualNetworkPeering(
        `${name}-peering-${key}`,
        {
          virtualNetworkPeeringName: `${name}-${key}`,
          virtualNetworkName: local,
          resourceGroupName: group,
          remoteVirtualNetwork: { id: remote },
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: false,
          allowGatewayTransit: false,
          useRemoteGateways: false,
        },
        { ...parent, dependsOn: after },
      );
    const peerings = [
      peering("to-primary", this.vnet.name, args.network.vnet.id, [databaseSubnet]),
      peering(
        "from-primary",
        args.network.vnet.name,
        this.vnet.id,
        Object.values(args.network.subnets),
      ),
    ];

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
        dependsOn: [db.settled, ...db.replicas, link, ...peerings],
        ignoreChanges: ["availabilityZone", "storage.storageSizeGB"],
      },
    );

    this.account = drStorage(
      name,
      {
        accountName: pulumi.output(args.suffix).apply(accountName),
        resourceGroupName: group,
        drRegion,
        protect: args.protect,
        source: args.storage,
        noncurrentVersionExpiryDays: args.noncurrentVersionExpiryDays,
        tags,
      },
      parent,
    );
    this.registerOutputs({});
  }
}
