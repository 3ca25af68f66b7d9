/**
 * Reads a dotted path (`settings.ipConfiguration.sslMode`) out of a resource's recorded inputs.
 * Provider inputs nest single blocks as one-element lists, so a list steps into its first
 * element. Shared by the plan renderer, the cost estimate and the policy pack.
 */
export function readPath(inputs: unknown, path: string): unknown {
  let v: unknown = inputs;
  for (const part of path.split(".")) {
    if (Array.isArray(v)) v = v[0];
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
