import type { CallFn, StateFn } from "../../../src/plan/mocks";
import { projectOf } from "./project";

/** Invokes made by the components this file mocks for: none (they take names, not lookups). */
export const gcpEdgeCalls: Record<string, CallFn> = {};

const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);

/** Attributes the cloud computes for these components' resources, by resource type. */
export const gcpEdgeState: Record<string, StateFn> = {
  "gcp:cloudrunv2/service:Service": (name, inputs, ctx) => {
    const service = str(inputs.name, name);
    return {
      name: service,
      uri: `https://${service}-abc-uc.a.run.app`,
      latestReadyRevision: `projects/${projectOf(ctx)}/locations/${ctx.region}/services/${service}/revisions/${service}-00001-abc`,
    };
  },
  "gcp:artifactregistry/repository:Repository": (name, inputs, ctx) => {
    const id = str(inputs.repositoryId, name);
    const location = str(inputs.location, ctx.region);
    return {
      repositoryId: id,
      name: `projects/${projectOf(ctx)}/locations/${location}/repositories/${id}`,
    };
  },
  "gcp:serviceaccount/account:Account": (name, inputs, ctx) => {
    const email = `${str(inputs.accountId, name)}@${projectOf(ctx)}.iam.gserviceaccount.com`;
    return {
      email,
      member: `serviceAccount:${email}`,
      uniqueId: "100000000000000000001",
      name: `projects/${projectOf(ctx)}/serviceAccounts/${email}`,
    };
  },
  // Shared with the network's private service access range (purpose VPC_PEERING): that one is
  // internal and keeps the range it asked for; the load balancer's is a public anycast address.
  "gcp:compute/globalAddress:GlobalAddress": (_name, inputs) =>
    inputs.purpose === "VPC_PEERING"
      ? { address: str(inputs.address, "10.100.0.0") }
      : { address: str(inputs.address, "34.120.0.10") },
  "gcp:compute/managedSslCertificate:ManagedSslCertificate": (name, _inputs, ctx) => ({
    certificateId: 1234567890,
    selfLink: `https://www.googleapis.com/compute/v1/projects/${projectOf(ctx)}/global/sslCertificates/${name}`,
  }),
  "gcp:compute/backendService:BackendService": (name, inputs, ctx) => {
    const bs = str(inputs.name, name);
    return {
      name: bs,
      selfLink: `https://www.googleapis.com/compute/v1/projects/${projectOf(ctx)}/global/backendServices/${bs}`,
    };
  },
  "gcp:compute/backendBucket:BackendBucket": (name, inputs, ctx) => {
    const bb = str(inputs.name, name);
    return {
      name: bb,
      selfLink: `https://www.googleapis.com/compute/v1/projects/${projectOf(ctx)}/global/backendBuckets/${bb}`,
    };
  },
  "gcp:compute/securityPolicy:SecurityPolicy": (name, inputs, ctx) => {
    const sp = str(inputs.name, name);
    return {
      name: sp,
      selfLink: `https://www.googleapis.com/compute/v1/projects/${projectOf(ctx)}/global/securityPolicies/${sp}`,
    };
  },
  "gcp:monitoring/notificationChannel:NotificationChannel": (name, _inputs, ctx) => ({
    name: `projects/${projectOf(ctx)}/notificationChannels/${name}`,
    verificationStatus: "VERIFIED",
  }),
  "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": (name, _inputs, ctx) => ({
    uptimeCheckId: `${name}-check`,
    name: `projects/${projectOf(ctx)}/uptimeCheckConfigs/${name}-check`,
  }),
  "gcp:monitoring/customService:CustomService": (name, inputs, ctx) => {
    const id = str(inputs.serviceId, name);
    return { serviceId: id, name: `projects/${projectOf(ctx)}/services/${id}` };
  },
  "gcp:monitoring/slo:Slo": (name, inputs, ctx) => {
    const id = str(inputs.sloId, name);
    return {
      sloId: id,
      name: `projects/${projectOf(ctx)}/services/${str(inputs.service, "service")}/serviceLevelObjectives/${id}`,
    };
  },
  "gcp:monitoring/alertPolicy:AlertPolicy": (name, _inputs, ctx) => ({
    name: `projects/${projectOf(ctx)}/alertPolicies/${name}`,
  }),
};
