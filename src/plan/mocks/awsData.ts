import type { CallFn, StateFn } from "./index";

/** Invokes made by the components this file mocks for. */
export const awsDataCalls: Record<string, CallFn> = {};

/** Attributes the cloud computes for these components' resources, by resource type. */
export const awsDataState: Record<string, StateFn> = {};
