import * as logging from "@pulumi/gcp/logging";
import * as pulumi from "@pulumi/pulumi";
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
  http_load_balancer: "forwarding_rule_name",
  cloudsql_database: "database_id",
  redis_instance: "instance_id",
  gce_subnetwork: "subnetwork_name",
};

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
 * whole project, so rather than change it, a sink copies the API, load balancer, database, cache
 * and flow logs into a log bucket of the platform's own.
 */
export class GcpLogs extends pulumi.ComponentResource {
  readonly bucket: logging.ProjectBucketConfig;
  readonly sink: logging.ProjectSink;

  constructor(name: string, args: GcpLogsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    if (
      !Number.isInteger(args.retentionDays) ||
      args.retentionDays < 1 ||
      args.retentionDays > 3650
    ) {
      throw new Error(`GcpLogs ${name}: retentionDays must be 1-3650 (got ${args.retentionDays})`);
    }
    super("entmoot:logging:GcpLogs", name, {}, { provider: args.context.provider, ...opts });
    const project = args.context.project;
    this.bucket = new logging.ProjectBucketConfig(
      name,
      {
        project,
        location: "global",
        bucketId: name,
        retentionDays: args.retentionDays,
        description: `Entmoot ${args.environment} platform logs`,
      },
      { parent: this, protect: args.protect },
    );
    this.sink = new logging.ProjectSink(
      name,
      {
        project,
        // A log bucket in the same project needs no writer grant.
        destination: pulumi.interpolate`logging.googleapis.com/projects/${project}/locations/global/buckets/${this.bucket.bucketId}`,
        filter: platformLogFilter(args.namePrefix),
        uniqueWriterIdentity: true,
        description: `Entmoot ${args.environment}: platform logs to ${name}`,
      },
      { parent: this },
    );
    this.registerOutputs({ bucket: this.bucket.id });
  }
}
