import * as logging from "@pulumi/gcp/logging";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ComponentArgs } from "../../src/platform";
import type { GcpContext } from "./context";

export interface GcpLogsArgs extends ComponentArgs {
  readonly context: GcpContext;
  /** Prefix every platform resource's name starts with (`entmoot-<environment>`). */
  readonly namePrefix: string;
  readonly retentionDays: number;
}

/** Where each log source names the resource it comes from, by monitored-resource type. */
const SOURCES: Readonly<Record<string, string>> = {
  cloud_run_revision: "service_name",
  // The migration job's executions.
  cloud_run_job: "job_name",
  http_load_balancer: "forwarding_rule_name",
  cloudsql_database: "database_id",
  redis_instance: "instance_id",
  gce_subnetwork: "subnetwork_name",
  // Data Access audit logs of the platform's buckets (GcpStorage turns them on).
  gcs_bucket: "bucket_name",
};

/** Log bucket ids allow letters, digits, `_`, `-` and `.`, at most 100 characters. */
const BUCKET_ID_MAX = 100;

/** The sink filter selecting this platform's logs (and no other workload's in the project). */
export function platformLogFilter(namePrefix: string): string {
  return Object.entries(SOURCES)
    .map(
      ([type, label]) => `(resource.type="${type}" AND resource.labels.${label}=~"${namePrefix}")`,
    )
    .join(" OR ");
}

/**
 * The platform's logs kept as long as the environment's profile says (a year in production), as
 * AWS keeps its log groups. Cloud Logging's `_Default` bucket keeps 30 days and is shared by the
 * whole project, so rather than change it, a sink copies the API, migration job, load balancer,
 * database, cache, bucket-access and flow logs into a log bucket of the platform's own, and an
 * exclusion on the `_Default` sink stops them being stored (and billed) a second time there.
 *
 * A deleted log bucket keeps its id for 7 days, so the id carries a random suffix: a staging
 * stack destroyed and brought up again the same week gets a new bucket instead of a failed
 * `up`. Stacks whose bucket predates the suffix keep their id (see `ignoreChanges` below).
 */
export class GcpLogs extends pulumi.ComponentResource {
  readonly bucket: logging.ProjectBucketConfig;
  readonly sink: logging.ProjectSink;
  readonly defaultExclusion: logging.ProjectExclusion;

  constructor(name: string, args: GcpLogsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (
      !Number.isInteger(args.retentionDays) ||
      args.retentionDays < 1 ||
      args.retentionDays > 3650
    ) {
      throw new Error(`GcpLogs ${name}: retentionDays must be 1-3650 (got ${args.retentionDays})`);
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) || name.length + 7 > BUCKET_ID_MAX) {
      throw new Error(
        `GcpLogs ${name}: the log bucket id "${name}-<6 hex>" must be [A-Za-z0-9_.-], at most ${BUCKET_ID_MAX} characters`,
      );
    }
    super("entmoot:logging:GcpLogs", name, {}, { provider: args.context.provider, ...opts });
    const project = args.context.project;
    const filter = platformLogFilter(args.namePrefix);

    const suffix = new random.RandomId(`${name}-bucket-id`, { byteLength: 3 }, { parent: this });
    this.bucket = new logging.ProjectBucketConfig(
      name,
      {
        project,
        location: "global",
        bucketId: pulumi.interpolate`${name}-${suffix.hex}`,
        retentionDays: args.retentionDays,
        description: `Entmoot ${args.environment} platform logs`,
      },
      {
        parent: this,
        protect: args.protect,
        // The id cannot change in place; a bucket created before the suffix keeps its own id
        // rather than being replaced with its logs.
        ignoreChanges: ["bucketId"],
      },
    );
    this.sink = new logging.ProjectSink(
      name,
      {
        project,
        // A log bucket in the same project needs no writer grant.
        destination: pulumi.interpolate`logging.googleapis.com/projects/${project}/locations/global/buckets/${this.bucket.bucketId}`,
        filter,
        uniqueWriterIdentity: true,
        description: `Entmoot ${args.environment}: platform logs to ${name}`,
      },
      { parent: this },
    );
    // Project exclusions apply to the `_Default` sink only; the platform's own sink still
    // receives everything. Created after the sink, so that no log ends up in neither.
    this.defaultExclusion = new logging.ProjectExclusion(
      `${name}-not-in-default`,
      {
        project,
        description: `Entmoot ${args.environment} logs are kept in ${name}, not in _Default`,
        filter,
      },
      { parent: this, dependsOn: [this.sink] },
    );
    this.registerOutputs({ bucket: this.bucket.id });
  }
}
