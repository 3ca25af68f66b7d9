// The floor of one benchmarked plan, in a fresh process: the resources the plan registered, created
// again straight from their SDK classes with the inputs they were registered with, under the same
// mocks, with no components, config or applies. What the plan takes beyond this is the program's
// own work. Prints one JSON line; scripts/bench.ts starts it with the file benchOne.ts recorded.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { runWithMocks, type MockRunOptions, type RecordedResource } from "../src/plan/harness";

/** What benchOne.ts records of a plan for its floor. */
export interface FloorInput {
  readonly options: MockRunOptions;
  readonly resources: readonly RecordedResource[];
}

type ResourceClass = new (
  name: string,
  args: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/**
 * The SDK class of a type token, by Pulumi's token grammar: `<package>:<module>/<file>:<Name>` is
 * `<Name>` of `@pulumi/<package>/<module>` (`index` is the package's root), a module named by a
 * folder and an API version (`<module>/v<version>`) keeps both, and `pulumi:providers:<package>`
 * is that package's `Provider`. Loaded on first use, as the program loads its cloud's SDK.
 */
export function sdkClass(type: string): ResourceClass {
  if (type === DYNAMIC_TYPE) return DynamicReplay;
  const [pkg, module, name] = type.split(":");
  let path: string;
  let exported: string;
  let token: string;
  if (pkg === "pulumi" && module === "providers" && name !== undefined) {
    [path, exported, token] = [`@pulumi/${name}`, "Provider", name];
  } else if (pkg !== undefined && module !== undefined && name !== undefined) {
    // The part after "/" names the resource's file, except an API version's folder.
    const [folder, rest] = module.split("/");
    const dir = rest !== undefined && /^v\d/.test(rest) ? `${folder}/${rest}` : folder!;
    [path, exported, token] = [
      dir === "index" ? `@pulumi/${pkg}` : `@pulumi/${pkg}/${dir}`,
      name,
      type,
    ];
  } else {
    throw new Error(`not a resource type token: ${type}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is known only at run time
  const cls = (require(path) as Record<string, unknown>)[exported] as
    (ResourceClass & { __pulumiType?: string }) | undefined;
  if (cls?.__pulumiType !== token) throw new Error(`${path} has no ${exported} for ${type}`);
  return cls;
}

/** Resources of a dynamic provider (code the program carries in its state). */
const DYNAMIC_TYPE = "pulumi-nodejs:dynamic:Resource";
const NO_OP: pulumi.dynamic.ResourceProvider = { create: async () => ({ id: "replayed" }) };

/**
 * A dynamic resource again: the same registration, with a provider that does nothing in place of
 * the recorded one (serialising a provider's code is part of registering it either way).
 */
class DynamicReplay extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    const props = Object.fromEntries(Object.entries(args).filter(([k]) => k !== "__provider"));
    super(NO_OP, name, props, opts);
  }
}

/**
 * A provider's inputs arrive as the engine receives them, every non-string value JSON-encoded;
 * its SDK class encodes them itself, so they go back in decoded.
 */
function providerArgs(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => {
      if (typeof v !== "string") return [k, v];
      try {
        const parsed: unknown = JSON.parse(v);
        return [k, typeof parsed === "string" ? v : parsed];
      } catch {
        return [k, v];
      }
    }),
  );
}

/** Creates each custom resource of `resources` in their order, at the stack's top level. */
export function replay(resources: readonly RecordedResource[]): number {
  const providers = new Map<string, pulumi.ProviderResource>();
  const names = new Set<string>();
  let count = 0;
  for (const r of resources) {
    if (!r.custom) continue;
    const cls = sdkClass(r.type);
    const isProvider = r.type.startsWith("pulumi:providers:");
    const args: Record<string, unknown> = isProvider ? providerArgs(r.inputs) : { ...r.inputs };
    for (const key of r.secretInputs) args[key] = pulumi.secret(args[key]);
    // Without their components, two children of the same type and name would share a URN.
    let name = r.name;
    for (let i = 2; names.has(`${r.type}::${name}`); i++) name = `${r.name}-${i}`;
    names.add(`${r.type}::${name}`);
    // A provider reference is `<urn>::<id>`, and no id holds "::".
    const providerUrn = r.provider?.slice(0, r.provider.lastIndexOf("::"));
    const provider = providerUrn === undefined ? undefined : providers.get(providerUrn);
    if (r.provider !== undefined && provider === undefined) {
      throw new Error(`${r.type} ${r.name}: its provider ${r.provider} was not created before it`);
    }
    const created = new cls(name, args, {
      protect: r.protect,
      ignoreChanges: [...r.ignoreChanges],
      retainOnDelete: r.retainOnDelete,
      ...(provider === undefined ? {} : { provider }),
    });
    if (isProvider) providers.set(r.urn, created as pulumi.ProviderResource);
    count++;
  }
  return count;
}

async function sample(): Promise<void> {
  const [file] = process.argv.slice(2);
  if (file === undefined) throw new Error("usage: benchFloor <recorded.json>");
  const input = JSON.parse(readFileSync(file, "utf8")) as FloorInput;
  const start = performance.now();
  let count = 0;
  await runWithMocks(() => {
    count = replay(input.resources);
  }, input.options);
  const evaluationMs = performance.now() - start;
  console.log(
    JSON.stringify({
      resources: count,
      evaluationMs: Math.round(evaluationMs),
      totalMs: Math.round(performance.now()),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

if (require.main === module) {
  sample().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
