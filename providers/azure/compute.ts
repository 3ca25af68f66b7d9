import * as monitor from "@pulumi/azure-native/monitor";
import * as web from "@pulumi/azure-native/web";
import * as pulumi from "@pulumi/pulumi";
import { apiEnvironment } from "../../src/appEnvironment";
import type { ComputeArgs, ComputeOutputs } from "../../src/platform";
import { appSettings, type VaultSecretEnv } from "./apiSettings";
import type { AzureContext } from "./context";
import { checkedName } from "./names";
import { deployedImage, PLACEHOLDER_IMAGE, placeholderCommand } from "./placeholder";
import { appServiceSku, ZONE_REDUNDANT_MIN_INSTANCES } from "./skus";

export interface AzureComputeArgs extends ComputeArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  /** The delegated subnet the app integrates with (all outbound through the VNet). */
  readonly subnetId: pulumi.Input<string>;
  /** The API's user-assigned identity: ACR pulls, Key Vault references, the SDK's credential. */
  readonly identity: { readonly id: pulumi.Input<string>; readonly clientId: pulumi.Input<string> };
  readonly secrets: readonly VaultSecretEnv[];
  /** Login server of the registry the images come from. */
  readonly registryServer: pulumi.Input<string>;
  readonly registryUrl: pulumi.Input<string>;
  /** Variables only Azure sets (CLOUD_ONLY_ENV in ./appEnv.ts). */
  readonly extraEnv: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * What must exist before the app starts: its AcrPull and Key Vault grants, and the private DNS
   * of the vault, cache, storage and registry (Key Vault references resolve at start).
   */
  readonly startAfter: readonly pulumi.Resource[];
  /** Set by the migration component: its command line. */
  readonly migrateCommand: pulumi.Input<string>;
}

/** The slot the pipeline deploys to and swaps in (blue-green). */
export const STAGING_SLOT = "staging";

/**
 * The API on App Service (Linux, custom container):
 * - a Premium v3 plan sized from the tier (skus.ts), zone redundant in production with at least
 *   ZONE_REDUNDANT_MIN_INSTANCES; autoscale owns the instance count afterwards;
 * - HTTPS only, TLS 1.2 (site and SCM), FTP and basic publishing credentials off, always on, HTTP/2,
 *   health check on the health path (App Service replaces instances that fail it);
 * - public network access off: only Front Door's private endpoint reaches it
 *   (PrivateLinkApproval approves it);
 * - VNet integration on the delegated subnet with all outbound traffic and image pulls routed
 *   through the VNet (private endpoints of the vault, cache, storage and registry, NAT egress);
 * - the user-assigned identity for ACR pulls and Key Vault references; secrets are Key Vault
 *   references, never values;
 * - a `staging` slot with the same configuration, image and startup command for blue-green
 *   swaps, which warm up on the health path and go ahead only on a 200;
 * - autoscale between min and max on CPU and on requests per instance.
 * Until the pipeline deploys an image the app runs PLACEHOLDER_IMAGE with its startup command.
 */
export class AzureCompute extends pulumi.ComponentResource implements ComputeOutputs {
  readonly serviceName: pulumi.Output<string>;
  readonly registryUrl: pulumi.Output<string>;
  readonly migrateCommand: pulumi.Output<string>;
  readonly image: pulumi.Output<string>;
  readonly plan: web.AppServicePlan;
  readonly app: web.WebApp;
  readonly slot: web.WebAppSlot;
  readonly autoscale: monitor.AutoscaleSetting;

  constructor(name: string, args: AzureComputeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region } = args;
    const production = args.environment === "production";
    if (spec.minInstances < 1 || spec.maxInstances < spec.minInstances) {
      throw new Error(
        `AzureCompute ${name}: need 1 <= minInstances <= maxInstances (got ${spec.minInstances}-${spec.maxInstances})`,
      );
    }
    if (production && spec.minInstances < ZONE_REDUNDANT_MIN_INSTANCES) {
      throw new Error(
        `AzureCompute ${name}: a zone-redundant plan runs at least ${ZONE_REDUNDANT_MIN_INSTANCES} instances (got ${spec.minInstances})`,
      );
    }
    const sku = appServiceSku(spec.vcpu, spec.memoryGiB);
    checkedName("webApp", `${name}-${"a".repeat(6)}`);
    super("entmoot:compute:AzureCompute", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };

    this.plan = new web.AppServicePlan(
      `${name}-plan`,
      {
        name: `${name}-plan`,
        resourceGroupName: args.resourceGroupName,
        location: region,
        kind: "linux",
        reserved: true,
        sku: { name: sku, tier: "PremiumV3", capacity: spec.minInstances },
        zoneRedundant: production,
        tags,
      },
      // Autoscale changes the capacity; re-applying minInstances would undo a scale-out.
      { ...parent, ignoreChanges: ["sku.capacity"] },
    );

    const deployed = deployedImage(args.image);
    this.image = deployed.apply((i) => i ?? PLACEHOLDER_IMAGE);
    const port = spec.containerPort;
    const settings = appSettings(
      apiEnvironment("azure", args.environment, args.app, args.connections, {
        image: this.image,
        extraEnv: args.extraEnv,
      }),
      args.secrets,
      {
        WEBSITES_PORT: String(port),
        // The container's own filesystem only; no shared /home mount that would need storage keys.
        WEBSITES_ENABLE_APP_SERVICE_STORAGE: "false",
        WEBSITES_CONTAINER_START_TIME_LIMIT: String(Math.max(230, spec.healthCheckGraceSeconds)),
        // A swap warms the slot's instances on the health path and swaps only on a 200, so a
        // swap proves the new image healthy, not only started.
        WEBSITE_SWAP_WARMUP_PING_PATH: spec.healthCheckPath,
        WEBSITE_SWAP_WARMUP_PING_STATUSES: "200",
      },
    );
    const identityId = pulumi.output(args.identity.id);
    const siteConfig = pulumi
      .all([deployed, settings, args.identity.clientId, identityId])
      .apply(([image, appSettingsList, clientId, id]) => ({
        linuxFxVersion: `DOCKER|${image ?? PLACEHOLDER_IMAGE}`,
        appCommandLine: image === undefined ? placeholderCommand(port, spec.healthCheckPath) : "",
        // Only images from the stack's registry are pulled with the identity; the public
        // placeholder needs no credentials.
        acrUseManagedIdentityCreds: image !== undefined,
        acrUserManagedIdentityID: image !== undefined ? clientId : undefined,
        keyVaultReferenceIdentity: id,
        appSettings: appSettingsList,
        alwaysOn: true,
        http20Enabled: true,
        ftpsState: "Disabled",
        minTlsVersion: "1.2",
        scmMinTlsVersion: "1.2",
        healthCheckPath: spec.healthCheckPath,
        vnetRouteAllEnabled: true,
        remoteDebuggingEnabled: false,
        httpLoggingEnabled: true,
        detailedErrorLoggingEnabled: true,
        requestTracingEnabled: true,
        ipSecurityRestrictionsDefaultAction: "Deny",
        scmIpSecurityRestrictionsDefaultAction: "Deny",
      }));
    const site = {
      resourceGroupName: args.resourceGroupName,
      location: region,
      kind: "app,linux,container",
      serverFarmId: this.plan.id,
      httpsOnly: true,
      clientAffinityEnabled: false,
      clientCertEnabled: false,
      publicNetworkAccess: "Disabled",
      virtualNetworkSubnetId: args.subnetId,
      outboundVnetRouting: { allTraffic: true, imagePullTraffic: true },
      identity: { type: "UserAssigned" as const, userAssignedIdentities: [identityId] },
      keyVaultReferenceIdentity: identityId,
      siteConfig,
      tags,
    };

    this.app = new web.WebApp(
      name,
      {
        ...site,
        name: pulumi.output(args.suffix).apply((s) => checkedName("webApp", `${name}-${s}`)),
      },
      { ...parent, dependsOn: [...args.startAfter] },
    );
    // Basic-auth publishing (FTP and the SCM site) off: deployments go through ARM with Entra.
    for (const [kind, Policy] of [
      ["ftp", web.WebAppFtpAllowed],
      ["scm", web.WebAppScmAllowed],
    ] as const) {
      new Policy(
        `${name}-${kind}-basic-auth`,
        { name: this.app.name, resourceGroupName: args.resourceGroupName, allow: false },
        parent,
      );
    }

    // The slot runs what the app runs, image and startup command together: a swap then never
    // puts the placeholder's command in front of a real image, nor a real image without it in
    // front of the placeholder. An `up` after a swap brings the slot to the stack's image too,
    // so a swap stays undoable by another swap only until the next `up` (docs/operations.md).
    this.slot = new web.WebAppSlot(
      `${name}-${STAGING_SLOT}`,
      { ...site, name: this.app.name, slot: STAGING_SLOT },
      { ...parent, dependsOn: [...args.startAfter] },
    );
    // The slot has basic-auth publishing policies of its own, on by default.
    for (const [kind, Policy] of [
      ["ftp", web.WebAppFtpAllowedSlot],
      ["scm", web.WebAppScmAllowedSlot],
    ] as const) {
      new Policy(
        `${name}-${STAGING_SLOT}-${kind}-basic-auth`,
        {
          name: this.app.name,
          // The slot's own name: its ARM name reads back as `<app>/<slot>`.
          slot: STAGING_SLOT,
          resourceGroupName: args.resourceGroupName,
          allow: false,
        },
        { ...parent, dependsOn: [this.slot] },
      );
    }

    this.autoscale = new monitor.AutoscaleSetting(
      `${name}-autoscale`,
      {
        autoscaleSettingName: `${name}-autoscale`,
        resourceGroupName: args.resourceGroupName,
        location: region,
        targetResourceUri: this.plan.id,
        enabled: true,
        profiles: [
          {
            name: "default",
            capacity: {
              minimum: String(spec.minInstances),
              maximum: String(spec.maxInstances),
              default: String(spec.minInstances),
            },
            rules: scaleRules(this.plan.id, this.app.id, spec),
          },
        ],
        tags,
      },
      parent,
    );

    this.serviceName = this.app.name;
    this.registryUrl = pulumi.output(args.registryUrl);
    this.migrateCommand = pulumi.output(args.migrateCommand);
    this.registerOutputs({
      serviceName: this.serviceName,
      registryUrl: this.registryUrl,
      migrateCommand: this.migrateCommand,
      image: this.image,
    });
  }
}

/**
 * Scale out by one when CPU or requests per instance pass their targets (any rule scales out);
 * scale in by one only when both are well below (Azure scales in when every scale-in rule holds).
 * Requests are counted on the app and divided by the instance count.
 */
export function scaleRules(
  planId: pulumi.Input<string>,
  appId: pulumi.Input<string>,
  spec: { readonly targetCpuPercent: number; readonly targetRequestsPerInstance: number },
) {
  const rule = (
    metricName: string,
    resource: pulumi.Input<string>,
    direction: "Increase" | "Decrease",
    threshold: number,
    perInstance: boolean,
  ) => ({
    metricTrigger: {
      metricName,
      metricResourceUri: resource,
      timeGrain: "PT1M",
      statistic: perInstance ? ("Sum" as const) : ("Average" as const),
      timeWindow: "PT5M",
      timeAggregation: perInstance ? ("Total" as const) : ("Average" as const),
      operator: direction === "Increase" ? ("GreaterThan" as const) : ("LessThan" as const),
      threshold,
      dividePerInstance: perInstance,
    },
    scaleAction: {
      direction,
      type: "ChangeCount" as const,
      value: "1",
      cooldown: direction === "Increase" ? "PT5M" : "PT10M",
    },
  });
  // Requests over the 5-minute window per instance, from the per-minute target.
  const requests = spec.targetRequestsPerInstance * 5;
  return [
    rule("CpuPercentage", planId, "Increase", spec.targetCpuPercent, false),
    rule("Requests", appId, "Increase", requests, true),
    rule("CpuPercentage", planId, "Decrease", Math.round(spec.targetCpuPercent / 2), false),
    rule("Requests", appId, "Decrease", Math.round(requests / 2), true),
  ];
}
