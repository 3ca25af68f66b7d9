import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ComponentArgs } from "../../src/platform";
import type { AzureContext } from "./context";
import { checkedName, SUFFIX_LENGTH } from "./names";

export interface AzureBaseArgs extends ComponentArgs {
  readonly context: AzureContext;
}

/**
 * What every other Azure component stands on:
 * - the stack's resource group, named after the environment (`entmoot-production-base-rg`);
 * - `suffix`, six random lowercase characters kept in state, which make the globally unique names
 *   (Key Vault, storage, PostgreSQL, Managed Redis) unique across Azure;
 * - the API's user-assigned managed identity, created here so that the data stores can grant it
 *   their data-plane roles before the API that uses them exists.
 * The resource group itself carries no lock: a lock there would also block replacing stateless
 * children; the stateful resources carry their own.
 */
export class AzureBase extends pulumi.ComponentResource {
  readonly resourceGroup: resources.ResourceGroup;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly suffix: pulumi.Output<string>;
  readonly identity: managedidentity.UserAssignedIdentity;
  /** Object id of the API identity, for role assignments. */
  readonly principalId: pulumi.Output<string>;
  /** Client id of the API identity, for AZURE_CLIENT_ID and Key Vault references. */
  readonly clientId: pulumi.Output<string>;

  constructor(name: string, args: AzureBaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const groupName = checkedName("resourceGroup", `${name}-rg`);
    super("entmoot:base:AzureBase", name, {}, opts);
    const parent = { parent: this, provider: args.context.provider };
    const tags = { ...args.tags };

    this.resourceGroup = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: groupName, location: args.region, tags },
      { ...parent, protect: args.protect },
    );
    this.resourceGroupName = this.resourceGroup.name;

    this.suffix = new random.RandomString(
      `${name}-suffix`,
      { length: SUFFIX_LENGTH, upper: false, special: false, lower: true, numeric: true },
      { parent: this },
    ).result;

    this.identity = new managedidentity.UserAssignedIdentity(
      `${name}-api-identity`,
      {
        resourceName: `${name}-api`,
        resourceGroupName: this.resourceGroupName,
        location: args.region,
        tags,
      },
      parent,
    );
    this.principalId = this.identity.principalId;
    this.clientId = this.identity.clientId;

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      principalId: this.principalId,
      clientId: this.clientId,
    });
  }
}
