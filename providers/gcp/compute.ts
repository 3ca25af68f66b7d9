import * as artifactregistry from "@pulumi/gcp/artifactregistry";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import { apiEnvironment, type ApiSecretName } from "../../src/appEnvironment";
import type { ComputeArgs, ComputeOutputs } from "../../src/platform";
import { toLabels, type GcpContext } from "./context";
import { cloudRunLimits, gcpId } from "./edgeSizing";

export interface GcpComputeArgs extends ComputeArgs {
  readonly context: GcpContext;
  /** VPC network (id or self link) the API reaches Cloud SQL and Memorystore through. */
  readonly network: pulumi.Input<string>;
  /** Subnetwork the API's instances take their private addresses from (Direct VPC egress). */
  readonly subnetwork: pulumi.Input<string>;
  /** Secret Manager secret ids (`projects/<p>/secrets/<s>`) injected as the API's secret env. */
  readonly secretIds: {
    readonly DATABASE_PASSWORD: pulumi.Input<string>;
    readonly REDIS_PASSWORD: pulumi.Input<string>;
    readonly SENTRY_DSN?: pulumi.Input<string>;
  };
  /**
   * Secret versions to pin, by env name (e.g. a SecretVersion's `version`). A pinned version
   * makes a rotation done through Pulumi roll out as a new revision. Defaults to `latest`.
   */
  readonly secretVersions?: Partial<Record<ApiSecretName, pulumi.Input<string>>>;
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

/** Tag under which the newest revision is reachable on its own URL before promotion. */
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
 * The API on Cloud Run v2, behind the load balancer only:
 * - ingress from Google load balancers only, and no `allUsers` invoker grant: the invoker IAM
 *   check is switched off instead, which is safe because nothing outside the load balancer (and
 *   the project's own VPC) can reach the service at all;
 * - Direct VPC egress to private ranges, so Cloud SQL and Memorystore are reached on their
 *   private addresses without a connector;
 * - its own service account with the telemetry roles, object access on the data bucket and
 *   accessor on exactly the API's secrets. No `cloudsql.client`: the API connects over private IP
 *   with a password, and that role only serves the Cloud SQL connectors and IAM login;
 * - secrets as Secret Manager references, never as values;
 * - an Artifact Registry repository that scans images and prunes old ones.
 */
export class GcpCompute extends pulumi.ComponentResource implements ComputeOutputs {
  readonly serviceName: pulumi.Output<string>;
  readonly registryUrl: pulumi.Output<string>;
  readonly serviceUri: pulumi.Output<string>;
  readonly service: cloudrunv2.Service;
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
    super("entmoot:compute:GcpCompute", name, {}, { provider: args.context.provider, ...opts });
    const parent = { parent: this };
    const labels = toLabels(args.tags);
    const project = context.project;

    this.repository = new artifactregistry.Repository(
      `${name}-images`,
      {
        location: region,
        repositoryId: gcpId(`${name}-images`, 63),
        format: "DOCKER",
        description: "Entmoot API images",
        kmsKeyName: args.registryKmsKeyName,
        // The default image is the moving `latest` tag, so tags must stay movable; CI deploys
        // by digest through entmoot:image.
        dockerConfig: { immutableTags: false },
        // INHERITED scans every pushed image once the project has the Container Scanning API
        // on; DISABLED is the only other value.
        vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
        cleanupPolicyDryRun: false,
        cleanupPolicies: [
          // KEEP wins over DELETE: the newest images survive however old they are (rollback).
          { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 20 } },
          {
            id: "delete-untagged",
            action: "DELETE",
            condition: { tagState: "UNTAGGED", olderThan: "604800s" },
          },
          {
            id: "delete-old",
            action: "DELETE",
            condition: { tagState: "ANY", olderThan: "7776000s" },
          },
        ],
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
    const secrets = Object.entries(args.secretIds).filter(
      (e): e is [ApiSecretName, pulumi.Input<string>] => e[1] !== undefined,
    );
    for (const [env, secretId] of secrets) {
      grants.push(
        new secretmanager.SecretIamMember(
          `${name}-secret-${env.toLowerCase().replace(/_/g, "-")}`,
          { secretId, role: "roles/secretmanager.secretAccessor", member },
          parent,
        ),
      );
    }

    const env: inputs.cloudrunv2.ServiceTemplateContainerEnv[] = [
      ...Object.entries(apiEnvironment("gcp", args.environment, args.app, args.connections)).map(
        ([envName, value]) => ({ name: envName, value }),
      ),
      ...secrets.map(([envName, secret]) => ({
        name: envName,
        valueSource: {
          secretKeyRef: { secret, version: args.secretVersions?.[envName] ?? "latest" },
        },
      })),
    ];

    const port = spec.containerPort;
    const probePeriod = 5;
    const image = args.image ?? pulumi.interpolate`${this.registryUrl}/api:latest`;
    const production = args.environment === "production";

    this.service = new cloudrunv2.Service(
      name,
      {
        location: region,
        description: "Entmoot API",
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
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
          vpcAccess: {
            networkInterfaces: [{ network: args.network, subnetwork: args.subnetwork }],
            egress: "PRIVATE_RANGES_ONLY",
          },
          containers: [
            {
              name: "api",
              image,
              ports: { containerPort: port },
              resources: {
                limits: cloudRunLimits(spec.vcpu, spec.memoryGiB),
                // Production keeps CPU between requests so trace export, Sentry and connection
                // pools keep working off the request path; staging saves the idle CPU.
                cpuIdle: !production,
                startupCpuBoost: true,
              },
              envs: env,
              startupProbe: {
                httpGet: { path: spec.healthCheckPath, port },
                periodSeconds: probePeriod,
                timeoutSeconds: 3,
                failureThreshold: Math.max(
                  1,
                  Math.ceil(spec.healthCheckGraceSeconds / probePeriod),
                ),
              },
              livenessProbe: {
                httpGet: { path: spec.healthCheckPath, port },
                periodSeconds: 15,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
            },
          ],
        },
        traffics: trafficTargets(args.stableRevision),
      },
      // The revision reads its secrets at start-up: the grants must exist first.
      { parent: this, dependsOn: grants },
    );
    this.serviceName = this.service.name;
    this.serviceUri = this.service.uri;

    this.registerOutputs({
      serviceName: this.serviceName,
      registryUrl: this.registryUrl,
      serviceUri: this.serviceUri,
    });
  }
}

/**
 * Blue-green on revisions. Without a stable revision the latest takes all traffic and is also
 * reachable under the `candidate` tag. To try a release first, set `stableRevision` to the
 * revision serving now and deploy: the new revision gets 0% and the `candidate` tag (its own
 * URL, reachable from inside the project like the service itself); promotion is clearing
 * `stableRevision` again, rollback is leaving it and redeploying the old image.
 */
export function trafficTargets(
  stableRevision: string | undefined,
): cloudrunv2.ServiceArgs["traffics"] {
  if (stableRevision === undefined) {
    return [
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 0, tag: CANDIDATE_TAG },
    ];
  }
  return [
    {
      type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
      revision: stableRevision,
      percent: 100,
      tag: "stable",
    },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 0, tag: CANDIDATE_TAG },
  ];
}
