import type { CallFn, StateFn } from "./index";

/** Invokes the GCP components make. */
export const gcpCalls: Record<string, CallFn> = {
  "gcp:organizations/getProject:getProject": (_inputs, ctx) => ({
    projectId: ctx.project,
    number: "123456789012",
    name: ctx.project,
    id: `projects/${ctx.project}`,
  }),
  "gcp:dns/getManagedZones:getManagedZones": (_inputs, ctx) => ({
    id: `projects/${ctx.project}/managedZones`,
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
