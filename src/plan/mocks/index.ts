import type * as pulumi from "@pulumi/pulumi";
import { CLOUD_ENTRIES } from "../../../providers/index";
import { CLOUDS } from "../../cloud";
import { randomState } from "./random";

/** What the fake cloud knows about the run: where it pretends to be, and the run's config. */
export interface MockContext {
  readonly region: string;
  /** Full config keys (`entmoot:region`) to string values, as the run was given them. */
  readonly config: Readonly<Record<string, string>>;
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

/** Attributes a cloud gives every resource of its packages, whatever the type. */
export type GenericFn = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
) => Record<string, unknown>;

/**
 * One cloud's fake: what it computes for its resources and answers to its invokes. Lives in the
 * cloud's folder (providers/<cloud>/mocks), free of the cloud's SDK, and is reached through the
 * registry's `loadMocks`.
 */
export interface CloudMocks {
  /** Package parts of the cloud's type tokens (`<package>` in `<package>:<module>:<Type>`). */
  readonly packages: readonly string[];
  /**
   * Attributes every resource of those packages gets (an ARN, a self link, its name), so that
   * references between resources resolve for types without an entry in `state`.
   */
  readonly generic: GenericFn;
  /** Attributes the cloud computes, by resource type token. */
  readonly state: Readonly<Record<string, StateFn>>;
  /** Answers to invokes, by invoke token. */
  readonly calls: Readonly<Record<string, CallFn>>;
}

/** Mocks of packages that belong to no cloud. */
const NEUTRAL_STATE: Record<string, StateFn> = {
  // The engine reads a referenced stack's outputs; here, the run's own previous outputs.
  "pulumi:pulumi:StackReference": (_name, inputs, ctx) => ({
    name: inputs.name,
    outputs: ctx.previousOutputs,
    secretOutputNames: [],
  }),
  ...randomState,
};

/** The fake cloud of a run: every resource and invoke the program may make, on any cloud. */
export interface Mocks {
  resource(
    args: pulumi.runtime.MockResourceArgs,
    ctx: MockContext,
  ): pulumi.runtime.MockResourceResult;
  call(args: pulumi.runtime.MockCallArgs, ctx: MockContext): Record<string, unknown>;
}

/** Merges tables by token; a token two mocks both answer would make one of them silently lost. */
function merge<T>(
  what: string,
  tables: readonly (readonly [string, Readonly<Record<string, T>>])[],
) {
  const merged: Record<string, T> = {};
  const owner = new Map<string, string>();
  for (const [by, table] of tables) {
    for (const [token, fn] of Object.entries(table)) {
      const first = owner.get(token);
      if (first !== undefined)
        throw new Error(`${what} ${token} is mocked by both ${first} and ${by}`);
      owner.set(token, by);
      merged[token] = fn;
    }
  }
  return merged;
}

/**
 * Every registered cloud's mocks, implemented or not, as one fake. They load no SDK and are
 * small, and a run does not always name its cloud: tests build one cloud's components or platform
 * directly, without `entmoot:cloud`, and get that cloud's mocks all the same.
 */
export async function loadMocks(): Promise<Mocks> {
  return combineMocks(
    await Promise.all(CLOUDS.map(async (c) => [c, await CLOUD_ENTRIES[c].loadMocks()] as const)),
  );
}

/**
 * One fake from each cloud's mocks and the neutral ones. A resource type, invoke or package has
 * one owner: two answers for one token would leave one of them silently unused.
 */
export function combineMocks(clouds: readonly (readonly [string, CloudMocks])[]): Mocks {
  const state = merge("resource type", [
    ["the neutral mocks", NEUTRAL_STATE],
    ...clouds.map(([c, m]) => [c, m.state] as const),
  ]);
  const calls = merge(
    "invoke",
    clouds.map(([c, m]) => [c, m.calls] as const),
  );
  const generic = merge(
    "package",
    clouds.map(([c, m]) => [c, Object.fromEntries(m.packages.map((p) => [p, m.generic]))] as const),
  );
  return {
    // A resource as a cloud would return it: its inputs plus what the cloud computes.
    resource(args, ctx) {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      const id = `${args.name}-id`;
      const pkg = args.type.split(":")[0] ?? "";
      const common = generic[pkg]?.(args.type, args.name, inputs, ctx) ?? {};
      const specific = state[args.type]?.(args.name, inputs, ctx) ?? {};
      return { id, state: { ...common, ...inputs, id, ...specific } };
    },
    call(args, ctx) {
      const fn = calls[args.token];
      if (!fn) {
        throw new Error(
          `no mock for invoke ${args.token}: add one to its cloud's mocks (providers/<cloud>/mocks)`,
        );
      }
      return fn((args.inputs ?? {}) as Record<string, unknown>, ctx);
    },
  };
}

/** Where a run that names no region pretends to be: its cloud's example region. */
export function mockRegion(config: Readonly<Record<string, string>>): string {
  const cloud = CLOUDS.find((c) => c === config["entmoot:cloud"]) ?? CLOUDS[0]!;
  return config["entmoot:region"] ?? CLOUD_ENTRIES[cloud].regions[0]!;
}
