// `npm run record -- <out.json>`: the resources every committed stack registers on every
// implemented cloud, in a stable order, for comparing the program before and after a change that
// must not change them (moving code between files, splitting a component):
//   npm run record -- /tmp/before.json      # before the change
//   npm run record -- --compare /tmp/before.json   # after: prints each difference, exit 1 if any
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { runWithMocks, type RecordedResource } from "../src/plan/harness";
import { errorMessage } from "../src/plan/cli";
import { main } from "../src/program";
import { committedPlans, runOptions } from "./committedPlans";

/**
 * What a resource is to the engine, as recorded (its URN aside: type, name and parent make it);
 * a difference in any of these is a change on `pulumi up`.
 */
export type PlanRecord = Omit<RecordedResource, "urn">;

/** Each plan (`<cloud>/<stack>`) with its resources, or the error the program stopped with. */
export interface Recording {
  readonly plans: Record<string, { resources: PlanRecord[] } | { error: string }>;
}

export interface Difference {
  readonly plan: string;
  readonly kind:
    | "added"
    | "removed"
    | "changed"
    | "plan added"
    | "plan removed"
    | "plan fails"
    | "plan no longer fails";
  /** `type::name`, with the parent's URN after `@` when the pair is not unique. */
  readonly resource?: string;
  /** Changed fields, as paths (`inputs.settings.tier`, `protect`, `inputs.rules[2]`). */
  readonly paths?: readonly string[];
  readonly error?: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The fields that matter of each resource, sorted by type, name and parent. */
export function recordOf(resources: readonly RecordedResource[]): PlanRecord[] {
  // Everything the harness records but the URN (type, name and parent make it), so that an
  // option the harness starts recording is compared without a change here. What a resource
  // waits for is kept as `type::name`, which a renamed parent would not change.
  const keyOf = new Map(resources.map((r) => [r.urn, `${r.type}::${r.name}`]));
  return resources
    .map((r): PlanRecord => {
      const rest = Object.fromEntries(
        Object.entries(r).filter(([k, v]) => k !== "urn" && v !== undefined),
      ) as PlanRecord;
      return {
        ...rest,
        secretInputs: [...r.secretInputs].sort(),
        ignoreChanges: [...r.ignoreChanges].sort(),
        ...(r.waitsFor === undefined
          ? {}
          : { waitsFor: r.waitsFor.map((u) => keyOf.get(u) ?? u).sort() }),
        ...(r.replaceOnChanges === undefined
          ? {}
          : { replaceOnChanges: [...r.replaceOnChanges].sort() }),
      };
    })
    .sort((a, b) => byText(`${a.type}::${a.name}@${a.parent}`, `${b.type}::${b.name}@${b.parent}`));
}

/** Keys resources by `type::name`, adding the parent only where two share type and name. */
function keyed(resources: readonly PlanRecord[]): Map<string, PlanRecord> {
  const count = new Map<string, number>();
  for (const r of resources)
    count.set(`${r.type}::${r.name}`, (count.get(`${r.type}::${r.name}`) ?? 0) + 1);
  return new Map(
    resources.map((r) => {
      const key = `${r.type}::${r.name}`;
      return [count.get(key)! > 1 ? `${key}@${r.parent}` : key, r];
    }),
  );
}

/** Paths at which `a` and `b` differ; objects and arrays are entered, other values compared. */
export function changedPaths(a: unknown, b: unknown, path = ""): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  const container = (v: unknown) => typeof v === "object" && v !== null;
  if (!container(a) || !container(b) || Array.isArray(a) !== Array.isArray(b)) {
    return [path || "(value)"];
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(byText);
  return keys.flatMap((k) =>
    changedPaths(x[k], y[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k),
  );
}

/** Every difference between two recordings, plan by plan, resource by resource. */
export function comparePlans(before: Recording, after: Recording): Difference[] {
  const out: Difference[] = [];
  const names = [...new Set([...Object.keys(before.plans), ...Object.keys(after.plans)])].sort();
  for (const plan of names) {
    const was = before.plans[plan];
    const now = after.plans[plan];
    if (was === undefined) out.push({ plan, kind: "plan added" });
    else if (now === undefined) out.push({ plan, kind: "plan removed" });
    else if ("error" in now || "error" in was) {
      if ("error" in now) {
        if (!isDeepStrictEqual(was, now)) out.push({ plan, kind: "plan fails", error: now.error });
      } else out.push({ plan, kind: "plan no longer fails" });
    } else {
      const old = keyed(was.resources);
      const current = keyed(now.resources);
      for (const [resource, r] of current) {
        const o = old.get(resource);
        if (o === undefined) out.push({ plan, kind: "added", resource });
        else {
          const paths = changedPaths(o, r);
          if (paths.length > 0) out.push({ plan, kind: "changed", resource, paths });
        }
      }
      for (const resource of old.keys()) {
        if (!current.has(resource)) out.push({ plan, kind: "removed", resource });
      }
    }
  }
  return out;
}

/** One line per difference. */
export function renderDifferences(differences: readonly Difference[]): string {
  return differences
    .map((d) => {
      const what = [d.plan, d.kind, d.resource].filter((s) => s !== undefined).join(" ");
      if (d.paths !== undefined) return `${what}: ${d.paths.join(", ")}`;
      return d.error === undefined ? what : `${what}: ${d.error}`;
    })
    .join("\n");
}

/** Runs every committed stack on every implemented cloud under mocks and records it. */
export async function recordPlans(): Promise<Recording> {
  const plans: Recording["plans"] = {};
  for (const { cloud, stack, sets } of committedPlans()) {
    try {
      plans[`${cloud}/${stack}`] = {
        resources: recordOf((await runWithMocks(main, runOptions(stack, sets))).resources),
      };
    } catch (err) {
      plans[`${cloud}/${stack}`] = { error: errorMessage(err) };
    }
  }
  return { plans };
}

async function cli(argv: readonly string[]): Promise<number> {
  const usage = "usage: npm run record -- <out.json> | --compare <before.json>";
  const [first, second] = argv;
  if (first === "--compare" && second !== undefined && argv.length === 2) {
    const before = JSON.parse(readFileSync(second, "utf8")) as Recording;
    const differences = comparePlans(before, await recordPlans());
    if (differences.length === 0) {
      console.error(`No differences from ${second}.`);
      return 0;
    }
    console.log(renderDifferences(differences));
    console.error(`${differences.length} differences from ${second}.`);
    return 1;
  }
  if (first === undefined || first.startsWith("-") || argv.length !== 1) {
    console.error(usage);
    return 2;
  }
  const recording = await recordPlans();
  writeFileSync(first, `${JSON.stringify(recording, null, 1)}\n`);
  const summary = Object.entries(recording.plans).map(([plan, p]) =>
    "error" in p ? `${plan}: fails: ${p.error}` : `${plan}: ${p.resources.length} resources`,
  );
  console.error(`Recorded to ${first}:\n${summary.join("\n")}`);
  return 0;
}

if (require.main === module) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(errorMessage(err));
      process.exit(1);
    },
  );
}
