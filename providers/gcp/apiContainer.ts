import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";

/*
 * What the API service and its migration job share: the image to run, the environment with its
 * secret references, and the command line that runs the job. Plain functions, so the rules are
 * tested without building either resource.
 */

/**
 * Google's Cloud Run sample container: public in Artifact Registry (Cloud Run pulls it with no
 * grant and nothing pushed), and it answers 200 on any path on $PORT, which Cloud Run sets to the
 * container port, so the startup probe on the health path passes. A new stack therefore comes up
 * healthy on its first `up` and the pipeline then deploys the real image.
 */
export const PLACEHOLDER_IMAGE = "us-docker.pkg.dev/cloudrun/container/hello";

/** The image to run: the one given, else the placeholder. */
export function imageOrPlaceholder(image: pulumi.Input<string | undefined>): pulumi.Output<string> {
  return pulumi.output(image).apply((i) => (i === undefined || i === "" ? PLACEHOLDER_IMAGE : i));
}

/** Images the registry keeps whatever their age, beside the one the API runs (for rollback). */
export const KEEP_RECENT_IMAGES = 20;

/**
 * The image registry's cleanup policies: untagged images go after 7 days and anything after 90,
 * except the KEEP_RECENT_IMAGES newest and the image the API runs now. A KEEP wins over every
 * DELETE, and without the second one a stack that sat on one image while 20 newer ones arrived
 * (a rollback, a held release) would have its running image deleted after 90 days; the next
 * instance Cloud Run starts could then not pull it. The pipeline copies every image into the
 * registry tagged `sha256-<digest>` (.github/workflows/deploy-stack.yml), so the running image is
 * kept by that tag.
 */
export function registryCleanupPolicies(
  image: string,
): inputs.artifactregistry.RepositoryCleanupPolicy[] {
  const digest = /@sha256:([0-9a-f]{64})$/.exec(image)?.[1];
  return [
    { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: KEEP_RECENT_IMAGES } },
    ...(digest === undefined
      ? []
      : [
          {
            id: "keep-running",
            action: "KEEP",
            condition: { tagState: "TAGGED", tagPrefixes: [`sha256-${digest}`] },
          },
        ]),
    {
      id: "delete-untagged",
      action: "DELETE",
      condition: { tagState: "UNTAGGED", olderThan: "604800s" },
    },
    { id: "delete-old", action: "DELETE", condition: { tagState: "ANY", olderThan: "7776000s" } },
  ];
}

/** One secret of the API's environment and the Secret Manager version it reads. */
export interface SecretEnv {
  readonly name: string;
  /** `projects/<p>/secrets/<id>`. */
  readonly secretId: pulumi.Input<string>;
  /**
   * A version number for secrets the platform writes (a new version then rolls a new revision),
   * or "latest" for secrets the operator fills, read as they are when an instance starts.
   */
  readonly version: pulumi.Input<string>;
}

/** One variable as both a Cloud Run service and a job take it. */
export interface ContainerEnv {
  readonly name: string;
  readonly value?: pulumi.Input<string>;
  readonly valueSource?: {
    readonly secretKeyRef: {
      readonly secret: pulumi.Input<string>;
      readonly version: pulumi.Input<string>;
    };
  };
}

/** The container env: plain values, then secrets by reference (never by value). */
export function containerEnv(
  plain: Readonly<Record<string, pulumi.Input<string>>>,
  secrets: readonly SecretEnv[],
): ContainerEnv[] {
  const clash = secrets.find((s) => s.name in plain);
  if (clash !== undefined) {
    throw new Error(`${clash.name} is both a plain and a secret variable of the API`);
  }
  return [
    ...Object.entries(plain).map(([name, value]) => ({ name, value })),
    ...secrets.map((s) => ({
      name: s.name,
      valueSource: { secretKeyRef: { secret: s.secretId, version: s.version } },
    })),
  ];
}

/**
 * The one command line that runs the migration job and waits: `--wait` makes gcloud exit
 * non-zero when the execution fails, so a pipeline step fails with it.
 */
export function migrateCommandLine(
  jobName: pulumi.Input<string>,
  region: string,
  project: string,
): pulumi.Output<string> {
  return pulumi.interpolate`gcloud run jobs execute ${jobName} --region ${region} --project ${project} --wait`;
}

/**
 * Blue-green on revisions. Without a stable revision the latest takes all traffic and is also
 * reachable under the `candidate` tag. To try a release first, set `stableRevision` to the
 * revision serving now and deploy: the new revision gets 0% and the `candidate` tag; promotion
 * is clearing `stableRevision` again, rollback is leaving it and redeploying the old image.
 * The service takes traffic from the load balancer only and has no run.app URL, so the candidate
 * is tried by giving its target a share of the traffic before promotion.
 */
export function trafficTargets(
  stableRevision: string | undefined,
  candidateTag: string,
): inputs.cloudrunv2.ServiceTraffic[] {
  if (stableRevision === undefined) {
    return [
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 0, tag: candidateTag },
    ];
  }
  return [
    {
      type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
      revision: stableRevision,
      percent: 100,
      tag: "stable",
    },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 0, tag: candidateTag },
  ];
}
