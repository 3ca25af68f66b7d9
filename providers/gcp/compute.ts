import * as artifactregistry from "@pulumi/gcp/artifactregistry";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import { apiEnvironment } from "../../src/appEnvironment";
import type { ComputeArgs, ComputeOutputs } from "../../src/platform";
import {
  containerEnv,
  imageOrPlaceholder,
  migrateCommandLine,
  registryCleanupPolicies,
  trafficTargets as targets,
  type SecretEnv,
} from "./apiContainer";
import { toLabels, type GcpContext } from "./context";
import { cloudRunLimits, gcpId } from "./edgeSizing";

export interface GcpComputeArgs extends ComputeArgs {
  readonly context: GcpContext;
  /** VPC network (id or self link) the API reaches Cloud SQL and Memorystore through. */
  readonly network: pulumi.Input<string>;
  /** Subnetwork the API's instances take their private addresses from (Direct VPC egress). */
  readonly subnetwork: pulumi.Input<string>;
  /**
   * The API's secrets, each with the version to read: pinned for the ones the platform writes,
   * "latest" for the ones the operator fills. The service account may read exactly these.
   */
  readonly secrets: readonly SecretEnv[];
  /** Variables only GCP sets (CLOUD_ONLY_ENV in ./appEnv.ts): the CA bundles. Defaults to none. */
  readonly extraEnv?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * What a revision or job execution needs before it starts besides the grants made here: the
   * secret versions it reads and the database user it signs in as. Defaults to none.
   */
  readonly startAfter?: readonly pulumi.Resource[];
  /** Name of the data bucket; the API gets object read/write on it and on nothing else. */
  readonly bucketName: pulumi.Input<string>;
  /** KMS key (full name) for the image repository. Defaults to Google-managed encryption. */
  readonly registryKmsKeyName?: pulumi.Input<string>;
  /**
   * Revision that keeps all traffic while the latest one is tried under the `candidate` tag.
   * Defaults to none: the latest revision serves everything.
   */
  readonly stableRevision?: string;
}

/** Tag under which the newest revision is reachable before promotion. */
export const CANDIDATE_TAG = "candidate";
/** Requests one instance serves at once; Cloud Run's default for 1 vCPU and above. */
const CONCURRENCY = 80;
/** Project-level roles the runtime needs to write its own logs, metrics and traces. */
const TELEMETRY_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/cloudtrace.agent",
];
/**
 * Seconds a new instance has to pass its startup probe. Direct VPC egress can take over a minute
 * to attach at instance start, and the app only answers once it reaches its database, so the
 * window is at least 180 s; Cloud Run refuses a window (failureThreshold x period) above 240 s.
 */
export const STARTUP_WINDOW = { min: 180, max: 240 } as const;
const PROBE_PERIOD = 5;
/** A migration that runs longer than this is stuck (a lock wait, say) and is stopped. */
const MIGRATION_TIMEOUT = "1800s";
/**
 * All of the API's egress goes through the VPC, so that calls to the internet leave through
 * Cloud NAT from the network's NAT addresses (external APIs that allowlist callers see stable
 * sources) and show in the subnet's flow logs. With PRIVATE_RANGES_ONLY public traffic would
 * leave from Cloud Run's own shared addresses and the NAT would carry nothing. Google APIs
 * (Secret Manager, Cloud Storage, telemetry) stay on Google's network through the subnet's
 * private Google access.
 */
export const VPC_EGRESS = "ALL_TRAFFIC";
/**
 * Signed URLs on Cloud Run: the runtime has no key file, so the client library signs through
 * the IAM Credentials API (signBlob) as the service account itself, which needs this role on
 * itself. Such signatures hold at most 12 hours (configRules.ts refuses a longer TTL).
 */
export const SIGNER_ROLE = "roles/iam.serviceAccountTokenCreator";

/** Failures the startup probe allows, for a grace period of `graceSeconds`. */
export function startupFailureThreshold(graceSeconds: number): number {
  const window = Math.max(graceSeconds, STARTUP_WINDOW.min);
  if (window > STARTUP_WINDOW.max) {
    throw new Error(
      `Cloud Run allows at most ${STARTUP_WINDOW.max} s for the startup probe (asked for ${window})`,
    );
  }
  return Math.ceil(window / PROBE_PERIOD);
}

/**
 * The API on Cloud Run v2, behind the load balancer only, and its migration job:
 * - ingress from Google load balancers only, no run.app URL (`defaultUriDisabled`), and no
 *   `allUsers` invoker grant: the invoker IAM check is off instead, which is safe because the
 *   load balancer (Cloud Armor, rate limit, logs) is the only way in;
 * - Direct VPC egress for all traffic (VPC_EGRESS), so Cloud SQL and Memorystore are reached on
 *   their private addresses without a connector and the internet through Cloud NAT;
 * - its own service account with the telemetry roles, object access on the data bucket and
 *   accessor on exactly the API's secrets, and token creator on itself so that it can sign the
 *   storage URLs it hands out. No `cloudsql.client`: the API connects over private IP with a
 *   password, and that role only serves the Cloud SQL connectors and IAM login;
 * - secrets as Secret Manager references, never as values; the platform's pinned to the version
 *   the stack wrote, so a rotation rolls a new revision;
 * - a startup probe on the health path with room for Direct VPC egress to attach, and no liveness
 *   probe: Cloud Run takes HTTP or gRPC liveness probes only (TCP is for startup probes), the
 *   health path checks the database and cache, and a probe on it would restart every instance
 *   when either blips; Cloud Run replaces a container that exits by itself;
 * - `<name>-migrate`, a Cloud Run job with the same image, env, secrets, network and identity,
 *   which the pipeline runs (`migrateCommand`) before the service moves to a new image;
 * - an Artifact Registry repository that scans images and prunes old ones, never the one the
 *   API runs (registryCleanupPolicies). Until the pipeline deploys an image, both run
 *   PLACEHOLDER_IMAGE.
 */
export class GcpCompute extends pulumi.ComponentResource implements ComputeOutputs {
  readonly serviceName: pulumi.Output<string>;
  readonly registryUrl: pulumi.Output<string>;
  readonly migrateCommand: pulumi.Output<string>;
  readonly image: pulumi.Output<string>;
  readonly service: cloudrunv2.Service;
  readonly migrationJob: cloudrunv2.Job;
  readonly repository: artifactregistry.Repository;
  readonly serviceAccount: serviceaccount.Account;

  constructor(name: string, args: GcpComputeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Refused before anything is registered, so a bad call leaves no half-built component.
    const { spec, region, context } = args;
    if (spec.minInstances < 1 || spec.maxInstances < spec.minInstances) {
      throw new Error(
        `GcpCompute ${name}: need 1 <= minInstances <= maxInstances (got ${spec.minInstances}-${spec.maxInstances})`,
      );
    }
    const [command, ...commandArgs] = spec.migrationCommand;
    if (command === undefined) throw new Error(`GcpCompute ${name}: migrationCommand is empty`);
    const startupFailures = startupFailureThreshold(spec.healthCheckGraceSeconds);
    const limits = cloudRunLimits(spec.vcpu, spec.memoryGiB);
    super("entmoot:compute:GcpCompute", name, {}, { provider: args.context.provider, ...opts });
    const parent = { parent: this };
    const labels = toLabels(args.tags);
    const project = context.project;
    this.image = imageOrPlaceholder(args.image);

    this.repository = new artifactregistry.Repository(
      `${name}-images`,
      {
        location: region,
        repositoryId: gcpId(`${name}-images`, 63),
        format: "DOCKER",
        description: "Entmoot API images",
        kmsKeyName: args.registryKmsKeyName,
        // The pipeline pushes by digest; tags stay movable for people who tag releases.
        dockerConfig: { immutableTags: false },
        // INHERITED scans every pushed image once the project has the Container Scanning API
        // on; DISABLED is the only other value.
        vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
        cleanupPolicyDryRun: false,
        cleanupPolicies: this.image.apply(registryCleanupPolicies),
        labels,
      },
      { parent: this, protect: args.protect },
    );
    this.registryUrl = pulumi.interpolate`${region}-docker.pkg.dev/${project}/${this.repository.repositoryId}`;

    this.serviceAccount = new serviceaccount.Account(
      `${name}-sa`,
      {
        accountId: gcpId(`${name}-run`, 30, 6),
        displayName: `Entmoot API (${args.environment})`,
        description: "Runtime identity of the Entmoot API on Cloud Run; least privilege.",
      },
      parent,
    );
    const member = this.serviceAccount.member;

    const grants: pulumi.Resource[] = TELEMETRY_ROLES.map(
      (role) =>
        new projects.IAMMember(`${name}-${role.split(".")[1]}`, { project, role, member }, parent),
    );
    // objectUser reads, writes and deletes objects but, unlike objectAdmin, cannot change access.
    grants.push(
      new storage.BucketIAMMember(
        `${name}-data-bucket`,
        { bucket: args.bucketName, role: "roles/storage.objectUser", member },
        parent,
      ),
    );
    for (const secret of args.secrets) {
      grants.push(
        new secretmanager.SecretIamMember(
          `${name}-secret-${secret.name.toLowerCase().replace(/_/g, "-")}`,
          { secretId: secret.secretId, role: "roles/secretmanager.secretAccessor", member },
          parent,
        ),
      );
    }
    grants.push(
      new serviceaccount.IAMMember(
        `${name}-signer`,
        { serviceAccountId: this.serviceAccount.name, role: SIGNER_ROLE, member },
        parent,
      ),
    );
    // An instance reads its secrets and signs in to the database as it starts: the grants, the
    // secret versions and the database user must all exist before the first revision or job.
    const startAfter = [...grants, ...(args.startAfter ?? [])];

    const env = containerEnv(
      apiEnvironment("gcp", args.environment, args.app, args.connections, {
        image: this.image,
        extraEnv: args.extraEnv,
      }),
      args.secrets,
    );
    const vpcAccess = {
      networkInterfaces: [{ network: args.network, subnetwork: args.subnetwork }],
      egress: VPC_EGRESS,
    };
    const port = spec.containerPort;
    const production = args.environment === "production";

    this.service = new cloudrunv2.Service(
      name,
      {
        location: region,
        description: "Entmoot API",
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        // No run.app URL at all: requests cannot go around Cloud Armor, the rate limit and the
        // load balancer's logs, even from inside Google's network.
        defaultUriDisabled: true,
        invokerIamDisabled: true,
        deletionProtection: args.protect,
        labels,
        template: {
          serviceAccount: this.serviceAccount.email,
          labels,
          executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
          maxInstanceRequestConcurrency: CONCURRENCY,
          timeout: "60s",
          scaling: { minInstanceCount: spec.minInstances, maxInstanceCount: spec.maxInstances },
          vpcAccess,
          containers: [
            {
              name: "api",
              image: this.image,
              ports: { containerPort: port },
              resources: {
                limits,
                // Production keeps CPU between requests so trace export, Sentry and connection
                // pools keep working off the request path; staging saves the idle CPU.
                cpuIdle: !production,
                startupCpuBoost: true,
              },
              envs: env,
              // No liveness probe (see the class comment): the startup probe alone gates traffic.
              startupProbe: {
                httpGet: { path: spec.healthCheckPath, port },
                periodSeconds: PROBE_PERIOD,
                timeoutSeconds: 3,
                failureThreshold: startupFailures,
              },
            },
          ],
        },
        traffics: trafficTargets(args.stableRevision),
      },
      { parent: this, dependsOn: startAfter },
    );
    this.serviceName = this.service.name;

    this.migrationJob = new cloudrunv2.Job(
      `${name}-migrate`,
      {
        location: region,
        deletionProtection: args.protect,
        labels,
        template: {
          labels,
          taskCount: 1,
          parallelism: 1,
          template: {
            serviceAccount: this.serviceAccount.email,
            executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
            // A failed migration is reported, not retried: a second run on a half-applied
            // schema would hide the first error.
            maxRetries: 0,
            timeout: MIGRATION_TIMEOUT,
            vpcAccess,
            containers: [
              {
                name: "migrate",
                image: this.image,
                commands: [command],
                args: commandArgs,
                resources: { limits },
                envs: env,
              },
            ],
          },
        },
      },
      { parent: this, dependsOn: startAfter },
    );
    this.migrateCommand = migrateCommandLine(this.migrationJob.name, region, project);

    this.registerOutputs({
      serviceName: this.serviceName,
      registryUrl: this.registryUrl,
      migrateCommand: this.migrateCommand,
      image: this.image,
    });
  }
}

/** Traffic of the API service; see apiContainer.ts. */
export function trafficTargets(
  stableRevision: string | undefined,
): cloudrunv2.ServiceArgs["traffics"] {
  return targets(stableRevision, CANDIDATE_TAG);
}
