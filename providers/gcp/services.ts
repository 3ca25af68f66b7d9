import * as projects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";

/**
 * APIs that must be on before the first `pulumi up` (docs/deployment.md, Prerequisites), because
 * the stack cannot enable them itself:
 * - `serviceusage.googleapis.com` is the API that enables the others;
 * - `cloudresourcemanager.googleapis.com`: after enabling an API the provider reads the project
 *   back through Resource Manager (Projects.Get), billed to the stack's project as quota project
 *   (`userProjectOverride`); while it is off there, that read fails, and with it the first API
 *   enabled (hashicorp/terraform-provider-google#11435).
 */
export const PREREQUISITE_SERVICES = [
  "serviceusage.googleapis.com",
  "cloudresourcemanager.googleapis.com",
] as const;

/**
 * The Google APIs the platform's resources are created through. Resource Manager stays listed,
 * although it is a prerequisite: enabling an API that is on changes nothing, and a stack that
 * already enabled it keeps it in its state instead of dropping it.
 */
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
  // Service accounts and their keys-free identities (the API's runtime account).
  "iam.googleapis.com",
  // Project-level IAM grants and audit configs are set through the Resource Manager API.
  "cloudresourcemanager.googleapis.com",
  // signBlob, through which the API signs storage URLs on Cloud Run (no key file there).
  "iamcredentials.googleapis.com",
  // Buckets; on by default in most projects, but not in every org's project template.
  "storage.googleapis.com",
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
