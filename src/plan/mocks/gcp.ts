import type { CallFn, StateFn } from "./index";

/** Invokes the GCP components make. */
export const gcpCalls: Record<string, CallFn> = {
  "gcp:organizations/getProject:getProject": (_inputs, ctx) => ({
    projectId: ctx.project,
    number: "123456789012",
    name: ctx.project,
    id: `projects/${ctx.project}`,
  }),
};

/** Attributes GCP computes, by resource type. */
export const gcpState: Record<string, StateFn> = {};
