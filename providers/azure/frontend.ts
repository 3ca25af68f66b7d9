import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type { FrontendArgs, FrontendOutputs } from "../../src/platform";
import type { AzureContext } from "./context";
import { environmentCode, globalName } from "./names";
import { hasZones } from "./regions";

export interface AzureFrontendArgs extends FrontendArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly domain: string;
}

/**
 * The static frontend: a storage account's static website, served through the edge's Front Door
 * profile on the API's own host (AzureEdge routes every path the API does not answer here, with
 * caching). One host means one certificate and no CORS, as on GCP.
 * - its own account, apart from the private data account: the static website endpoint must be
 *   reachable by Front Door, so this account keeps public network access, while the data account
 *   refuses it. Nothing here is secret; anonymous blob access and shared keys stay off (the
 *   website endpoint serves without either, and `az storage blob upload-batch --auth-mode login`
 *   uploads with Entra), so PSRule's Azure.Storage.Firewall finding is accepted for this account;
 * - `index.html` also answers unknown paths, so the SPA's routes work on reload;
 * - ZRS where the region has zones: the build is reproducible, so no geo copy.
 */
export class AzureFrontend extends pulumi.ComponentResource implements FrontendOutputs {
  readonly url: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  /** Host name of the static website endpoint (Front Door's origin); undefined when disabled. */
  readonly websiteHost?: pulumi.Output<string>;
  readonly account?: storage.StorageAccount;

  constructor(name: string, args: AzureFrontendArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { context, region } = args;
    const accountName = globalName(
      "storageAccount",
      `entmoot${environmentCode(args.environment)}web`,
    );
    super("entmoot:frontend:AzureFrontend", name, {}, opts);
    if (!args.spec.enabled) {
      this.url = pulumi.output("");
      this.bucketName = pulumi.output("");
      this.registerOutputs({ url: this.url, bucketName: this.bucketName });
      return;
    }
    const parent = { parent: this, provider: context.provider };

    this.account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: pulumi.output(args.suffix).apply(accountName),
        resourceGroupName: args.resourceGroupName,
        location: region,
        kind: "StorageV2",
        sku: { name: hasZones(region) ? "Standard_ZRS" : "Standard_LRS" },
        accessTier: "Hot",
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        publicNetworkAccess: "Enabled",
        tags: { ...args.tags },
      },
      // Protected in production like every bucket of the platform: a cloud switch or a stray
      // delete stops at it rather than taking the site down.
      { ...parent, protect: args.protect },
    );
    new storage.StorageAccountStaticWebsite(
      `${name}-website`,
      {
        accountName: this.account.name,
        resourceGroupName: args.resourceGroupName,
        indexDocument: "index.html",
        error404Document: "index.html",
      },
      parent,
    );
    this.websiteHost = this.account.primaryEndpoints.web.apply((u) => new URL(u).host);
    this.url = pulumi.output(`https://${args.domain}`);
    // The static website's container, where `az storage blob upload-batch -d '$web'` puts the build.
    this.bucketName = pulumi.interpolate`${this.account.primaryEndpoints.blob}$web`;
    this.registerOutputs({ url: this.url, bucketName: this.bucketName });
  }
}
