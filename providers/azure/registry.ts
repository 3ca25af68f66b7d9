import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as pulumi from "@pulumi/pulumi";
import type { ComponentArgs } from "../../src/platform";
import { deleteLock, grantRole } from "./access";
import type { AzureContext } from "./context";
import { environmentCode, globalName } from "./names";
import type { AzureNetwork } from "./network";
import { privateEndpoint } from "./privateEndpoint";
import { hasZones } from "./regions";

export interface AzureRegistryArgs extends ComponentArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly network: AzureNetwork;
  /** The API identity (object id), granted AcrPull. */
  readonly pullerPrincipalId: pulumi.Input<string>;
  /** Region of a geo-replica (production); undefined for none. */
  readonly replicaRegion?: string;
}

/** Repository path of the API image inside the registry. */
export const API_REPOSITORY = "entmoot/api";

/**
 * The API's Azure Container Registry:
 * - Premium in production, for the private endpoint (App Service pulls inside the VNet),
 *   zone redundancy (fixed at creation) and geo-replication to drRegion; Standard in staging,
 *   which has neither, so staging pulls over the registry's public endpoint with the identity;
 * - admin user and anonymous pull off: only Entra identities push (CI) and pull (AcrPull);
 * - public network access stays on: CI pushes from GitHub-hosted runners, whose addresses no
 *   rule can list. Checkov CKV_AZURE_139 / PSRule Azure.ACR.Firewall flag this; Entra-only
 *   authentication is the control instead;
 * - the geo-replica exists before the private endpoint, so the endpoint's DNS carries the
 *   replica's data endpoint from the start;
 * - protect plus a CanNotDelete lock in production (the images are the deploy history).
 */
export class AzureRegistry extends pulumi.ComponentResource {
  readonly registry: containerregistry.Registry;
  readonly loginServer: pulumi.Output<string>;
  /** The API's repository: what CI pushes to. */
  readonly repositoryUrl: pulumi.Output<string>;
  /** The AcrPull grant and the private endpoint's DNS: what a puller waits for. */
  readonly readers: pulumi.Resource[];

  constructor(name: string, args: AzureRegistryArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { context, region, protect } = args;
    const production = args.environment === "production";
    const registryName = globalName(
      "containerRegistry",
      `entmoot${environmentCode(args.environment)}acr`,
    );
    super("entmoot:compute:AzureRegistry", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };

    this.registry = new containerregistry.Registry(
      name,
      {
        registryName: pulumi.output(args.suffix).apply(registryName),
        resourceGroupName: args.resourceGroupName,
        location: region,
        sku: { name: production ? "Premium" : "Standard" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        publicNetworkAccess: "Enabled",
        zoneRedundancy: production && hasZones(region) ? "Enabled" : "Disabled",
        tags,
      },
      { ...parent, protect },
    );
    deleteLock(name, this.registry.id, protect, parent);

    const replica =
      production && args.replicaRegion !== undefined
        ? new containerregistry.Replication(
            `${name}-replica`,
            {
              // Replication names are 5-50 letters and digits: the region's name is one.
              replicationName: args.replicaRegion,
              registryName: this.registry.name,
              resourceGroupName: args.resourceGroupName,
              location: args.replicaRegion,
              regionEndpointEnabled: true,
              zoneRedundancy: hasZones(args.replicaRegion) ? "Enabled" : "Disabled",
              tags,
            },
            parent,
          )
        : undefined;

    this.readers = [
      grantRole(
        `${name}-pull`,
        {
          scope: this.registry.id,
          principalId: args.pullerPrincipalId,
          role: "acrPull",
          subscriptionId: context.subscriptionId,
        },
        parent,
      ),
    ];
    if (production) {
      this.readers.push(
        privateEndpoint(
          `${name}-registry`,
          {
            resourceGroupName: args.resourceGroupName,
            location: region,
            network: args.network,
            targetId: this.registry.id,
            groupId: "registry",
            zone: args.network.privateLinkZones.registry,
            zoneLink: args.network.linkOf(args.network.privateLinkZones.registry),
            tags,
            dependsOn: replica === undefined ? [] : [replica],
          },
          parent,
        ),
      );
    }

    this.loginServer = this.registry.loginServer;
    this.repositoryUrl = pulumi.interpolate`${this.loginServer}/${API_REPOSITORY}`;
    this.registerOutputs({ loginServer: this.loginServer, repositoryUrl: this.repositoryUrl });
  }
}
