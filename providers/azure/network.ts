import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, subnet } from "../../src/cidr";
import type { NetworkArgs, NetworkOutputs } from "../../src/platform";
import type { AzureContext } from "./context";

export interface AzureNetworkArgs extends NetworkArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly ports: { readonly database: number; readonly cache: number };
  /**
   * The database range of the DR VNet (peered with this one), whose replica streams from the
   * primary on the database port. Defaults to none (no DR site).
   */
  readonly peerDatabaseRange?: string;
}

/**
 * Service endpoint of the database subnets: Flexible Server archives WAL and backups to Azure
 * Storage (443), in its own region and, with a cross-region replica, in the other one. The
 * subnets have no default outbound access and no NAT, so a service endpoint is the path; the
 * cross-region kind, because the local one (Microsoft.Storage) covers the VNet's region and its
 * pair only, and drRegion need not be the pair. The two kinds cannot share a subnet.
 */
export const DATABASE_SERVICE_ENDPOINTS = [{ service: "Microsoft.Storage.Global" }];

/** Container Apps' ports behind its internal load balancer, probed by AzureLoadBalancer. */
const CONTAINER_APPS_PROBE_PORTS = "30000-32767";

/** The VNet's /16 in /20 slots; slot 4 stays free for an Application Gateway if one is added. */
const SLOTS = { app: 0, database: 1, endpoints: 2, jobs: 3 } as const;
export type SubnetRole = keyof typeof SLOTS;

export function networkSlot(cidr: string, role: SubnetRole): string {
  return subnet(cidr, 4, SLOTS[role]);
}

/** Service each subnet is delegated to (a delegated subnet serves that service only). */
const DELEGATIONS: Partial<Record<SubnetRole, string>> = {
  app: "Microsoft.Web/serverFarms",
  database: "Microsoft.DBforPostgreSQL/flexibleServers",
  jobs: "Microsoft.App/environments",
};

/**
 * Private DNS zones whose names Azure fixes: a private endpoint only resolves inside the VNet
 * when its zone group writes into the zone of exactly this name. Managed Redis uses
 * privatelink.redis.azure.net (privatelink.redis.cache.windows.net is the retiring Azure Cache
 * for Redis, and resolves nothing here).
 */
export const PRIVATE_LINK_ZONES = {
  vault: "privatelink.vaultcore.azure.net",
  blob: "privatelink.blob.core.windows.net",
  redis: "privatelink.redis.azure.net",
  registry: "privatelink.azurecr.io",
} as const;
export type PrivateLinkZone = keyof typeof PRIVATE_LINK_ZONES;

/**
 * PostgreSQL's VNet-integration zone: it must end in .postgres.database.azure.com, and must not be
 * privatelink.postgres.database.azure.com, which belongs to private endpoints.
 */
export function postgresZoneName(name: string): string {
  return `${name}.private.postgres.database.azure.com`;
}

/** One NSG rule, any port unless `ports` are given. */
export function securityRule(
  priority: number,
  name: string,
  direction: "Inbound" | "Outbound",
  source: string,
  destination: string,
  protocol: "Tcp" | "*",
  ports?: readonly string[],
) {
  return {
    name,
    priority,
    direction,
    access: "Allow",
    protocol,
    sourceAddressPrefix: source,
    sourcePortRange: "*",
    destinationAddressPrefix: destination,
    ...(ports === undefined
      ? { destinationPortRange: "*" }
      : { destinationPortRanges: [...ports] }),
  };
}

/**
 * The stack's virtual network:
 * - one /20 per role: `app` (App Service VNet integration), `database` (PostgreSQL Flexible
 *   Server), `jobs` (Container Apps jobs), each delegated to its service, and `endpoints` for the
 *   private endpoints of Key Vault, storage and Managed Redis;
 * - an NSG on every subnet: the database and endpoint subnets accept only their ports from the
 *   app and job subnets (the database also from itself: the HA standby and replicas replicate
 *   inside it, and from the DR database range across the peering), and every subnet refuses the
 *   internet explicitly. The database subnet may send to Azure Storage (WAL archiving) through
 *   its service endpoint; the jobs subnet admits Azure's load balancer probes and its own
 *   addresses, which a Container Apps environment needs between its nodes;
 * - no default outbound access; the app and job subnets reach the internet (error reporting,
 *   external APIs, the placeholder image) through one NAT gateway with a static address;
 * - the private DNS zones the data stores need, linked to the VNet, so that a service created
 *   with one of them resolves from its first minute.
 * Subnets are created one after another: Azure refuses a second write to a VNet's subnets while
 * one is in progress (AnotherOperationInProgress).
 */
export class AzureNetwork extends pulumi.ComponentResource implements NetworkOutputs {
  readonly vnet: network.VirtualNetwork;
  readonly subnets: Record<SubnetRole, network.Subnet>;
  readonly natGateway: network.NatGateway;
  readonly postgresZone: privatedns.PrivateZone;
  readonly privateLinkZones: Record<PrivateLinkZone, privatedns.PrivateZone>;
  /** Every zone's VNet link; a service using a zone must wait for its link. */
  readonly zoneLinks: privatedns.VirtualNetworkLink[];
  readonly networkId: pulumi.Output<string>;
  private lastEndpoint?: network.PrivateEndpoint;

  constructor(name: string, args: AzureNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, region } = args;
    if (parseCidr(spec.cidr).prefix > 16) {
      throw new Error(`AzureNetwork ${name}: cidr must be a /16 or larger (got ${spec.cidr})`);
    }
    super("entmoot:network:AzureNetwork", name, {}, opts);
    const parent = { parent: this, provider: args.context.provider };
    const resourceGroupName = args.resourceGroupName;
    const tags = { ...args.tags };
    const range = (role: SubnetRole) => networkSlot(spec.cidr, role);
    const clients = [range("app"), range("jobs")];

    this.vnet = new network.VirtualNetwork(
      name,
      {
        virtualNetworkName: name,
        resourceGroupName,
        location: region,
        addressSpace: { addressPrefixes: [spec.cidr] },
        tags,
      },
      parent,
    );

    const publicIp = new network.PublicIPAddress(
      `${name}-nat-ip`,
      {
        publicIpAddressName: `${name}-nat-ip`,
        resourceGroupName,
        location: region,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        tags,
      },
      parent,
    );
    // A regional (non-zonal) NAT gateway: Standard NAT gateways are zonal or regional, never
    // zone-redundant, and a zonal one would tie egress to a single zone.
    this.natGateway = new network.NatGateway(
      `${name}-nat`,
      {
        natGatewayName: `${name}-nat`,
        resourceGroupName,
        location: region,
        sku: { name: "Standard" },
        idleTimeoutInMinutes: 10,
        publicIpAddresses: [{ id: publicIp.id }],
        tags,
      },
      parent,
    );

    const deny = (priority: number, rule: string, source: string) => ({
      name: rule,
      priority,
      direction: "Inbound",
      access: "Deny",
      protocol: "*",
      sourceAddressPrefix: source,
      sourcePortRange: "*",
      destinationAddressPrefix: "*",
      destinationPortRange: "*",
    });
    const allow = (priority: number, rule: string, sources: string[], ports: number[]) => ({
      name: rule,
      priority,
      direction: "Inbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: sources,
      sourcePortRange: "*",
      destinationAddressPrefix: "*",
      destinationPortRanges: ports.map(String),
    });
    const rules: Record<
      SubnetRole,
      ReturnType<typeof deny | typeof allow | typeof securityRule>[]
    > = {
      app: [
        deny(4000, "deny-vnet-inbound", "VirtualNetwork"),
        deny(4096, "deny-internet", "Internet"),
      ],
      jobs: [
        securityRule(
          100,
          "allow-load-balancer-probes",
          "Inbound",
          "AzureLoadBalancer",
          "*",
          "Tcp",
          [CONTAINER_APPS_PROBE_PORTS],
        ),
        securityRule(110, "allow-jobs-inbound", "Inbound", range("jobs"), range("jobs"), "*"),
        securityRule(100, "allow-jobs-outbound", "Outbound", range("jobs"), range("jobs"), "*"),
        deny(4000, "deny-vnet-inbound", "VirtualNetwork"),
        deny(4096, "deny-internet", "Internet"),
      ],
      database: [
        allow(100, "allow-postgres", [...clients, range("database")], [args.ports.database]),
        ...(args.peerDatabaseRange === undefined
          ? []
          : [
              allow(110, "allow-postgres-dr", [args.peerDatabaseRange], [args.ports.database]),
              securityRule(
                110,
                "allow-postgres-to-dr",
                "Outbound",
                range("database"),
                args.peerDatabaseRange,
                "Tcp",
                [String(args.ports.database)],
              ),
            ]),
        securityRule(100, "allow-storage", "Outbound", range("database"), "Storage", "Tcp", [
          "443",
        ]),
        deny(4000, "deny-vnet-inbound", "VirtualNetwork"),
        deny(4096, "deny-internet", "Internet"),
      ],
      endpoints: [
        allow(100, "allow-private-endpoints", clients, [443, args.ports.cache]),
        deny(4000, "deny-vnet-inbound", "VirtualNetwork"),
        deny(4096, "deny-internet", "Internet"),
      ],
    };

    let previous: pulumi.Resource = this.vnet;
    const subnets: Partial<Record<SubnetRole, network.Subnet>> = {};
    for (const role of Object.keys(SLOTS) as SubnetRole[]) {
      const nsg = new network.NetworkSecurityGroup(
        `${name}-${role}-nsg`,
        {
          networkSecurityGroupName: `${name}-${role}-nsg`,
          resourceGroupName,
          location: region,
          securityRules: rules[role],
          tags,
        },
        parent,
      );
      const delegation = DELEGATIONS[role];
      const egress = role === "app" || role === "jobs";
      const created: network.Subnet = new network.Subnet(
        `${name}-${role}`,
        {
          subnetName: role,
          resourceGroupName,
          virtualNetworkName: this.vnet.name,
          addressPrefix: range(role),
          networkSecurityGroup: { id: nsg.id },
          natGateway: egress ? { id: this.natGateway.id } : undefined,
          defaultOutboundAccess: false,
          ...(role === "database" ? { serviceEndpoints: DATABASE_SERVICE_ENDPOINTS } : {}),
          delegations: delegation === undefined ? [] : [{ name: role, serviceName: delegation }],
          // NSG rules apply to private endpoints only with network policies on.
          privateEndpointNetworkPolicies: role === "endpoints" ? "Enabled" : "Disabled",
        },
        { ...parent, dependsOn: [previous] },
      );
      subnets[role] = created;
      previous = created;
    }
    this.subnets = subnets as Record<SubnetRole, network.Subnet>;

    this.zoneLinks = [];
    const zone = (key: string, zoneName: string) => {
      const created = new privatedns.PrivateZone(
        `${name}-zone-${key}`,
        // Private DNS is a global service: ARM refuses any location but "global".
        { privateZoneName: zoneName, resourceGroupName, location: "global", tags },
        parent,
      );
      this.zoneLinks.push(
        new privatedns.VirtualNetworkLink(
          `${name}-zone-${key}-link`,
          {
            virtualNetworkLinkName: `${name}-link`,
            privateZoneName: created.name,
            resourceGroupName,
            location: "global",
            virtualNetwork: { id: this.vnet.id },
            registrationEnabled: false,
            tags,
          },
          parent,
        ),
      );
      return created;
    };
    this.postgresZone = zone("postgres", postgresZoneName(name));
    this.privateLinkZones = {
      vault: zone("vault", PRIVATE_LINK_ZONES.vault),
      blob: zone("blob", PRIVATE_LINK_ZONES.blob),
      redis: zone("redis", PRIVATE_LINK_ZONES.redis),
      registry: zone("registry", PRIVATE_LINK_ZONES.registry),
    };

    this.networkId = this.vnet.id;
    this.registerOutputs({ networkId: this.networkId });
  }

  /**
   * Creates a private endpoint of the endpoints subnet after the one created before it (none for
   * the first), as the subnets are: Azure refuses parallel endpoint writes to one subnet.
   */
  queueEndpoint(create: (previous: pulumi.Resource[]) => network.PrivateEndpoint) {
    const endpoint = create(this.lastEndpoint === undefined ? [] : [this.lastEndpoint]);
    this.lastEndpoint = endpoint;
    return endpoint;
  }

  /** The VNet link of `zone`, which anything resolving through that zone must wait for. */
  linkOf(zone: privatedns.PrivateZone): privatedns.VirtualNetworkLink {
    const index = [this.postgresZone, ...Object.values(this.privateLinkZones)].indexOf(zone);
    const link = this.zoneLinks[index];
    if (link === undefined) throw new Error("zone is not one of this network's zones");
    return link;
  }
}
