import * as app from "@pulumi/azure-native/app";
import * as pulumi from "@pulumi/pulumi";
import { apiEnvironment } from "../../src/appEnvironment";
import type { ComputeArgs } from "../../src/platform";
import { jobSecretName, migrateCommandLine, type VaultSecretEnv } from "./apiSettings";
import type { AzureContext } from "./context";
import { checkedName } from "./names";
import { deployedImage, PLACEHOLDER_IMAGE, PLACEHOLDER_MIGRATION } from "./placeholder";
import { grantsAmong, RoleGrantWait } from "./propagation";

export interface AzureMigrationArgs extends ComputeArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  /** The jobs subnet, delegated to Microsoft.App/environments. */
  readonly subnetId: pulumi.Input<string>;
  readonly identity: { readonly id: pulumi.Input<string>; readonly clientId: pulumi.Input<string> };
  readonly secrets: readonly VaultSecretEnv[];
  readonly registryServer: pulumi.Input<string>;
  readonly extraEnv: Readonly<Record<string, pulumi.Input<string>>>;
  /** Grants and private DNS the job needs before its first execution (as the app does). */
  readonly startAfter: readonly pulumi.Resource[];
  /** Name of the API component: the job is `<it>-migrate`. */
  readonly computeName: string;
}

/** A migration that runs longer than this is stuck (a lock wait, say) and is stopped. */
const MIGRATION_TIMEOUT_SECONDS = 1800;
/** The Container Apps environment's only workload profile. */
const PROFILE = "Consumption";

/**
 * The database migration: a Container Apps job in its own environment on the VNet's jobs subnet.
 * - a workload-profiles environment, internal (no public ingress: the job serves nothing), on the
 *   delegated jobs subnet (a workload-profiles environment needs /27 at least; the subnet is a
 *   /20), zone redundant in production (fixed at creation), logs to Azure Monitor (the
 *   diagnostic setting sends them to the workspace, with no workspace key handed over);
 * - `<api>-migrate`: manual trigger, one replica, no retry (a second run on a half-applied schema
 *   would hide the first error), the API's image, environment and secrets (Key Vault references
 *   through the same identity), the identity for ACR pulls;
 * - created only once the identity's grants have propagated (RoleGrantWait): Container Apps
 *   refuses a job whose Key Vault references the identity cannot read yet;
 * - migrateCommand starts it and waits: `az containerapp job start` only queues an execution.
 */
export class AzureMigration extends pulumi.ComponentResource {
  readonly environmentResource: app.ManagedEnvironment;
  readonly job: app.Job;
  readonly migrateCommand: pulumi.Output<string>;

  constructor(name: string, args: AzureMigrationArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region } = args;
    const [command, ...commandArgs] = spec.migrationCommand;
    if (command === undefined) throw new Error(`AzureMigration ${name}: migrationCommand is empty`);
    const jobName = checkedName("containerApp", `${args.computeName}-migrate`);
    const environmentName = checkedName("containerApp", `${args.computeName}-jobs`);
    super("entmoot:compute:AzureMigration", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };

    this.environmentResource = new app.ManagedEnvironment(
      `${name}-environment`,
      {
        environmentName,
        resourceGroupName: args.resourceGroupName,
        location: region,
        vnetConfiguration: { infrastructureSubnetId: args.subnetId, internal: true },
        workloadProfiles: [{ name: PROFILE, workloadProfileType: PROFILE }],
        zoneRedundant: args.environment === "production",
        appLogsConfiguration: { destination: "azure-monitor" },
        publicNetworkAccess: "Disabled",
        tags,
      },
      parent,
    );

    const deployed = deployedImage(args.image);
    const image = deployed.apply((i) => i ?? PLACEHOLDER_IMAGE);
    const plain = apiEnvironment("azure", args.environment, args.app, args.connections, {
      image,
      extraEnv: args.extraEnv,
    });
    const env = [
      ...Object.entries(plain).map(([envName, value]) => ({ name: envName, value })),
      ...args.secrets.map((s) => ({ name: s.name, secretRef: jobSecretName(s.name) })),
    ];
    const identity = args.identity.id;

    // Container Apps checks the Key Vault references when it creates the job: the grants must
    // have propagated by then, not only exist.
    const grants = grantsAmong(args.startAfter);
    const settled = new RoleGrantWait(
      `${name}-grants-settled`,
      { grantIds: grants.map((g) => g.id) },
      { parent: this, dependsOn: [...args.startAfter] },
    );

    this.job = new app.Job(
      `${name}-job`,
      {
        jobName,
        resourceGroupName: args.resourceGroupName,
        location: region,
        environmentId: this.environmentResource.id,
        workloadProfileName: PROFILE,
        identity: { type: "UserAssigned", userAssignedIdentities: [identity] },
        configuration: {
          triggerType: "Manual",
          replicaTimeout: MIGRATION_TIMEOUT_SECONDS,
          replicaRetryLimit: 0,
          manualTriggerConfig: { parallelism: 1, replicaCompletionCount: 1 },
          secrets: args.secrets.map((s) => ({
            name: jobSecretName(s.name),
            keyVaultUrl: s.uri,
            identity,
          })),
          registries: deployed.apply((i) =>
            i === undefined ? [] : [{ server: args.registryServer, identity }],
          ),
        },
        template: {
          containers: [
            {
              name: "migrate",
              image,
              command: deployed.apply((i) =>
                i === undefined ? [...PLACEHOLDER_MIGRATION] : [command],
              ),
              args: deployed.apply((i) => (i === undefined ? [] : commandArgs)),
              env,
              // Consumption sizes pair each vCPU with 2 GiB, as the tiers do.
              resources: { cpu: spec.vcpu, memory: `${spec.vcpu * 2}Gi` },
            },
          ],
        },
        tags,
      },
      { ...parent, dependsOn: [...args.startAfter, settled] },
    );

    this.migrateCommand = pulumi
      .all([this.job.name, args.resourceGroupName])
      .apply(([job, group]) => migrateCommandLine(job, group));
    this.registerOutputs({ migrateCommand: this.migrateCommand });
  }
}
