/**
 * What every promise and every cloud binding shares: the resource model a check sees and the
 * helpers that read plain resource inputs. Names no cloud and loads no provider SDK.
 *
 * Inputs are the engine's resource inputs: nested blocks are objects, and a single-element list is
 * read through its first element.
 */

import { readPath } from "../src/inputs";

export type Environment = "production" | "staging";

/** One resource as a rule sees it: what the engine registers, in no SDK's types. */
export interface PolicyResource {
  readonly type: string;
  /** Logical name; every Entmoot resource is named `entmoot-<environment>-...`. */
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  /**
   * Top-level input names whose values are secret. Undefined when the caller cannot tell
   * (CrossGuard unwraps secrets before a policy sees them); the secrecy checks are then skipped.
   */
  readonly secretInputs?: readonly string[];
  /** URN of the parent resource, when known. */
  readonly parent?: string;
  /** Input name -> logical names of the resources that input is computed from, when known. */
  readonly dependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Finding {
  /** The offending resource; undefined for the stack as a whole. */
  readonly resource?: PolicyResource;
  readonly message: string;
}

export interface Rule {
  readonly name: string;
  readonly description: string;
  /** Per-resource check: returns violation messages for `r`. */
  readonly resource?: (r: PolicyResource, env: Environment) => string[];
  /** Whole-stack check, for promises that relate several resources. */
  readonly stack?: (resources: readonly PolicyResource[], env: Environment) => Finding[];
}

export interface Violation {
  readonly policy: string;
  readonly resource?: string;
  readonly message: string;
}

/** Reads a dotted path; a list steps into its first element (single-block nesting). */
export const at = readPath;

export const asList = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
export const isSet = (v: unknown): boolean => typeof v === "string" && v.length > 0;
export const show = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));
/** Both ways the engine may carry a boolean. */
export const isTrue = (v: unknown): boolean => v === true || v === "true";

/** Requires `inputs[path]` to equal `want`; returns the message when it does not. */
export function expectValue(r: PolicyResource, path: string, want: unknown): string[] {
  const got = at(r.inputs, path);
  return got === want ? [] : [`${path} must be ${JSON.stringify(want)} (is ${show(got)})`];
}

/**
 * The component a resource was registered under, read from its parent URN
 * (`urn:pulumi:<stack>::<project>::<parent types joined by $>::<name>`); undefined without one.
 */
export function parentOf(r: PolicyResource): { type: string; name: string } | undefined {
  if (r.parent === undefined) return undefined;
  const parts = r.parent.split("::");
  const name = parts[parts.length - 1];
  const type = parts[parts.length - 2]?.split("$").pop();
  return name === undefined || type === undefined ? undefined : { type, name };
}

/**
 * Whether `holder` (a lock, an access block, an association) is attached to `target`: its `input`
 * is computed from the target where the caller has dependency data (CrossGuard stack policies),
 * else it carries the name our components give it, `<target name><suffix>`.
 */
export function attachedTo(
  holder: PolicyResource,
  input: string,
  target: PolicyResource,
  suffix: string,
): boolean {
  return (
    holder.name === `${target.name}${suffix}` ||
    (holder.dependencies?.[input] ?? []).includes(target.name)
  );
}

/** Environment from a logical name (`entmoot-<environment>-...`); undefined when it has none. */
export function environmentFromName(name: string): Environment | undefined {
  const m = /^entmoot-(production|staging)(-|$)/.exec(name);
  return m ? (m[1] as Environment) : undefined;
}
