import type * as pulumi from "@pulumi/pulumi";
import { azureCalls, azureGeneric, azureState } from "../../../providers/azure/mocks";
import { awsCalls, awsState } from "./aws";
import { awsDataCalls, awsDataState } from "./awsData";
import { awsEdgeCalls, awsEdgeState } from "./awsEdge";
import { gcpCalls, gcpState } from "./gcp";
import { gcpDataCalls, gcpDataState } from "./gcpData";
import { gcpEdgeCalls, gcpEdgeState } from "./gcpEdge";

/** What the fake cloud knows about the run: the region and project it pretends to be in. */
export interface MockContext {
  readonly region: string;
  readonly project: string;
  /** The stack's `entmoot:dnsZone`, which the fake DNS serves as a public zone. */
  readonly dnsZone?: string;
  /** Outputs of the stack's last update (none for a new stack), read through a StackReference. */
  readonly previousOutputs: Record<string, unknown>;
}

/** Attributes a cloud computes for a resource of one type, given its name and inputs. */
export type StateFn = (
  name: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
) => Record<string, unknown>;
/** The answer to one invoke (data source) token. */
export type CallFn = (inputs: Record<string, unknown>, ctx: MockContext) => Record<string, unknown>;

const STATE: Record<string, StateFn> = {
  // The engine reads a referenced stack's outputs; here, the run's own previous outputs.
  "pulumi:pulumi:StackReference": (_name, inputs, ctx) => ({
    name: inputs.name,
    outputs: ctx.previousOutputs,
    secretOutputNames: [],
  }),
  ...awsState,
  ...awsDataState,
  ...awsEdgeState,
  ...gcpState,
  ...gcpDataState,
  ...gcpEdgeState,
  ...azureState,
};
const CALLS: Record<string, CallFn> = {
  ...awsCalls,
  ...awsDataCalls,
  ...awsEdgeCalls,
  ...gcpCalls,
  ...gcpDataCalls,
  ...gcpEdgeCalls,
  ...azureCalls,
};

/**
 * A resource as a cloud would return it: its inputs plus the attributes the cloud computes (ids,
 * ARNs, endpoints). Types without an entry get an id, ARN-like and self-link-like fields so that
 * references between resources resolve.
 */
export function mockResource(
  args: pulumi.runtime.MockResourceArgs,
  ctx: MockContext,
): pulumi.runtime.MockResourceResult {
  const inputs = (args.inputs ?? {}) as Record<string, unknown>;
  const id = `${args.name}-id`;
  const [pkg, module = "index"] = args.type.split(":");
  const service = module.split("/")[0];
  const generic: Record<string, unknown> =
    pkg === "aws"
      ? { arn: `arn:aws:${service}:${ctx.region}:123456789012:${args.name}`, name: args.name }
      : pkg === "gcp"
        ? {
            name: args.name,
            selfLink: `https://www.googleapis.com/${service}/v1/projects/${ctx.project}/${args.name}`,
          }
        : pkg === "azure-native"
          ? azureGeneric(args.type, args.name, inputs)
          : {};
  const specific = STATE[args.type]?.(args.name, inputs, ctx) ?? {};
  return { id, state: { ...generic, ...inputs, id, ...specific } };
}

export function mockCall(
  args: pulumi.runtime.MockCallArgs,
  ctx: MockContext,
): Record<string, unknown> {
  const fn = CALLS[args.token];
  if (!fn) throw new Error(`no mock for invoke ${args.token}: add one to src/plan/mocks`);
  return fn((args.inputs ?? {}) as Record<string, unknown>, ctx);
}
