import * as projects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";

/** The Google APIs the platform's resources are created through. */
export const REQUIRED_SERVICES = [
  "compute.googleapis.com",
  "servicenetworking.googleapis.com",
  "sqladmin.googleapis.com",
  "redis.googleapis.com",
  "secretmanager.googleapis.com",
  "run.googleapis.com",
  "artifactregistry.googleapis.com",
  "containerscanning.googleapis.com",
  "monitoring.googleapis.com",
  "logging.googleapis.com",
  "cloudtrace.googleapis.com",
  "dns.googleapis.com",
] as const;

export interface GcpServicesArgs {
  readonly project: string;
}

/**
 * Enables the project's APIs before anything uses them; a fresh project otherwise fails the
 * first `pulumi up` halfway. APIs stay enabled when the stack is destroyed: other workloads in the
 * project may rely on them, and disabling one can delete that API's resources.
 */
export class GcpServices extends pulumi.ComponentResource {
  readonly services: projects.Service[];

  constructor(name: string, args: GcpServicesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:project:GcpServices", name, {}, opts);
    this.services = REQUIRED_SERVICES.map(
      (service) =>
        new projects.Service(
          `${name}-${service.split(".")[0]}`,
          {
            project: args.project,
            service,
            disableOnDestroy: false,
            disableDependentServices: false,
          },
          { parent: this },
        ),
    );
    this.registerOutputs({ services: REQUIRED_SERVICES });
  }
}
