import type { CallFn, StateFn } from "./index";

/** Invokes made by the components this file mocks for. */
export const gcpDataCalls: Record<string, CallFn> = {};

/** Attributes the cloud computes for these components' resources, by resource type. */
export const gcpDataState: Record<string, StateFn> = {};
