import * as network from "@pulumi/azure-native/network";
import type * as privatedns from "@pulumi/azure-native/privatedns";
import type * as pulumi from "@pulumi/pulumi";
import type { AzureNetwork } from "./network";

export interface PrivateEndpointArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** The network whose endpoints subnet holds the endpoint, one endpoint at a time. */
  readonly network: AzureNetwork;
  /** The resource reached through the endpoint. */
  readonly targetId: pulumi.Input<string>;
  /** Its sub-resource: `vault`, `blob`, `redisEnterprise`, ... */
  readonly groupId: string;
  readonly zone: privatedns.PrivateZone;
  /** The zone's VNet link: the name must resolve privately before anything connects. */
  readonly zoneLink: privatedns.VirtualNetworkLink;
  readonly tags: Record<string, string>;
  /** What else the endpoint waits for. Defaults to nothing. */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * A private endpoint in the endpoints subnet plus the zone group that writes its A record into
 * the private DNS zone, so `<name>.vault.azure.net` (and the like) resolves to the private
 * address inside the VNet. Returns the zone group: it exists only once the name resolves.
 * Endpoints of the subnet are created one after another (AzureNetwork.queueEndpoint): Azure
 * refuses a second endpoint write to a subnet while one runs (AnotherOperationInProgress).
 */
export function privateEndpoint(
  name: string,
  args: PrivateEndpointArgs,
  opts: pulumi.CustomResourceOptions,
): network.PrivateDnsZoneGroup {
  const endpoint = args.network.queueEndpoint(
    (previous) =>
      new network.PrivateEndpoint(
        `${name}-pe`,
        {
          privateEndpointName: `${name}-pe`,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          subnet: { id: args.network.subnets.endpoints.id },
          privateLinkServiceConnections: [
            { name: `${name}-pe`, privateLinkServiceId: args.targetId, groupIds: [args.groupId] },
          ],
          tags: args.tags,
        },
        { ...opts, dependsOn: [...(args.dependsOn ?? []), ...previous] },
      ),
  );
  return new network.PrivateDnsZoneGroup(
    `${name}-pe-dns`,
    {
      privateDnsZoneGroupName: "default",
      privateEndpointName: endpoint.name,
      resourceGroupName: args.resourceGroupName,
      privateDnsZoneConfigs: [{ name: args.groupId, privateDnsZoneId: args.zone.id }],
    },
    { ...opts, dependsOn: [args.zoneLink] },
  );
}
