import { CLOUD_ENTRIES } from "../../providers";
import type { Cloud } from "../cloud";
import type { RecordedResource } from "../plan/harness";
import type { CloudCost } from "./basis";

/** One priced resource, as `npm run cost -- <stack> --json` prints it. */
export interface CostLine {
  /** The top-level entmoot component the resource belongs to: "database", "network", ... */
  readonly component: string;
  /** The resource's Pulumi name. */
  readonly resource: string;
  /** USD per month, rounded to cents. */
  readonly monthly: number;
  /** The formula behind `monthly`, e.g. "db.r6i.xlarge x2 (Multi-AZ) x 730 h @ $0.50/h". */
  readonly basis: string;
}

/** The fixed JSON shape of `npm run cost -- <stack> --json` (docs: DESIGN.md, offline plan). */
export interface CostReport {
  readonly cloud: string;
  readonly stack: string;
  readonly currency: "USD";
  readonly monthlyTotal: number;
  readonly lines: CostLine[];
}

/**
 * A cloud's price table and cost rules, from its registry entry, implemented or not: a cloud being
 * built is priced before `entmoot:cloud` accepts it. Throws for a name the registry lacks.
 */
export async function costOf(cloud: string): Promise<CloudCost> {
  if (!Object.hasOwn(CLOUD_ENTRIES, cloud)) throw new Error(`no price table for cloud "${cloud}"`);
  return CLOUD_ENTRIES[cloud as Cloud].loadCost();
}

export function cents(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The component a resource belongs to: the middle part of its top-level ancestor's type token
 * (`entmoot:database:AwsDatabase` -> "database"), or that ancestor's name when it is no entmoot
 * component.
 */
export function componentOf(
  r: RecordedResource,
  byUrn: ReadonlyMap<string, RecordedResource>,
): string {
  let top = r;
  for (;;) {
    const parent = top.parent === undefined ? undefined : byUrn.get(top.parent);
    if (parent === undefined || parent.type === "pulumi:pulumi:Stack") break;
    top = parent;
  }
  const [pkg, module] = top.type.split(":");
  return pkg === "entmoot" && module !== undefined ? module : top.name;
}

/**
 * Prices what a mocked run recorded: one line per resource that costs money, grouped by
 * component in the order the components were created. Throws UnknownSkuError for a SKU the
 * price table lacks, and an Error for a cloud without prices.
 */
export async function estimate(
  cloud: string,
  stack: string,
  resources: readonly RecordedResource[],
): Promise<CostReport> {
  const { rules } = await costOf(cloud);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const lines: CostLine[] = [];
  for (const r of resources) {
    const rule = Object.hasOwn(rules, r.type) ? rules[r.type] : undefined;
    const priced = rule?.(r, resources);
    if (priced === undefined) continue;
    lines.push({
      component: componentOf(r, byUrn),
      resource: r.name,
      monthly: cents(priced.monthly),
      basis: priced.basis,
    });
  }
  const order = [...new Set(lines.map((l) => l.component))];
  lines.sort((a, b) => order.indexOf(a.component) - order.indexOf(b.component));
  const monthlyTotal = cents(lines.reduce((sum, l) => sum + l.monthly, 0));
  return { cloud, stack, currency: "USD", monthlyTotal, lines };
}
