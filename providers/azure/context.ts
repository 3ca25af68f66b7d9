import * as authorization from "@pulumi/azure-native/authorization";
import * as azure from "@pulumi/azure-native/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../src/platform";

/** What every Azure component shares: the spec, one explicit provider and who deploys. */
export interface AzureContext {
  readonly spec: PlatformSpec;
  /**
   * Provider pinned to the primary region. Azure resources name their location per resource, so
   * the disaster-recovery region needs no provider of its own.
   */
  readonly provider: azure.Provider;
  readonly subscriptionId: pulumi.Output<string>;
  readonly tenantId: pulumi.Output<string>;
}

export function createAzureContext(spec: PlatformSpec): AzureContext {
  // With entmoot:accountId the provider acts in that subscription only, whatever the signed-in
  // CLI or environment defaults to.
  const provider = new azure.Provider(`${spec.name}-azure`, {
    location: spec.region,
    ...(spec.accountId === undefined ? {} : { subscriptionId: spec.accountId }),
  });
  const client = authorization.getClientConfigOutput({ provider });
  return {
    spec,
    provider,
    subscriptionId: client.subscriptionId,
    tenantId: client.tenantId,
  };
}
