import type { CallFn, StateFn } from "./index";

/** Invokes made by the components this file mocks for. */
export const gcpEdgeCalls: Record<string, CallFn> = {};

/** Attributes the cloud computes for these components' resources, by resource type. */
export const gcpEdgeState: Record<string, StateFn> = {};
