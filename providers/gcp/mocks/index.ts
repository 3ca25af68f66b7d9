import type { CallFn, CloudMocks, GenericFn, StateFn } from "../../../src/plan/mocks";
import { gcpDataCalls, gcpDataState } from "./data";
import { gcpEdgeCalls, gcpEdgeState } from "./edge";
import { projectOf } from "./project";

/** Every GCP resource has a name and a self link in the run's project. */
const generic: GenericFn = (type, name, _inputs, ctx) => {
  const service = (type.split(":")[1] ?? "index").split("/")[0];
  return {
    name,
    selfLink: `https://www.googleapis.com/${service}/v1/projects/${projectOf(ctx)}/${name}`,
  };
};

/** Invokes the GCP components make. */
export const gcpCalls: Record<string, CallFn> = {
  "gcp:organizations/getProject:getProject": (_inputs, ctx) => ({
    projectId: projectOf(ctx),
    number: "123456789012",
    name: projectOf(ctx),
    id: `projects/${projectOf(ctx)}`,
  }),
  "gcp:dns/getManagedZones:getManagedZones": (_inputs, ctx) => ({
    id: `projects/${projectOf(ctx)}/managedZones`,
    managedZones:
      ctx.dnsZone === undefined
        ? []
        : [
            {
              name: ctx.dnsZone.replace(/\./g, "-"),
              dnsName: `${ctx.dnsZone}.`,
              visibility: "public",
              managedZoneId: "1234567890",
              nameServers: ["ns-cloud-a1.googledomains.com."],
            },
          ],
  }),
};

/** Attributes GCP computes, by resource type. */
export const gcpState: Record<string, StateFn> = {};

/** GCP's fake for the offline plan and the tests (the registry's `loadMocks`). */
export const mocks: CloudMocks = {
  packages: ["gcp"],
  generic,
  state: { ...gcpState, ...gcpDataState, ...gcpEdgeState },
  calls: { ...gcpCalls, ...gcpDataCalls, ...gcpEdgeCalls },
};
