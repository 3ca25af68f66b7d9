import { CLOUD_ENTRIES } from "../../providers/index";
import { CLOUDS } from "../cloud";
import { readPath } from "../inputs";
import type { MockRun, RecordedResource } from "./harness";

/** Units a plan view can state. `ratio` is a fraction (0.8), shown as a percentage. */
export type Unit =
  "us" | "ms" | "s" | "min" | "h" | "days" | "bytes" | "MiB" | "GiB" | "GB" | "%" | "ratio";

/** Each unit as a multiple of its family's base (seconds, bytes, percent). */
const SCALE: Readonly<Record<Unit, [family: string, factor: number]>> = {
  us: ["time", 1e-6],
  ms: ["time", 1e-3],
  s: ["time", 1],
  min: ["time", 60],
  h: ["time", 3600],
  days: ["time", 86400],
  bytes: ["size", 1],
  MiB: ["size", 2 ** 20],
  GiB: ["size", 2 ** 30],
  GB: ["size", 1e9],
  "%": ["share", 1],
  ratio: ["share", 100],
};

/** `value` (in `from`) shown in `to`: 0.5 s as "500 ms", 21474836480 bytes as "20 GiB". */
export function inUnit(value: unknown, from: Unit, to: Unit = from): string {
  const n = typeof value === "number" ? value : Number(value);
  if (typeof value === "boolean" || Number.isNaN(n)) return formatValue(value);
  const [family, f] = SCALE[from];
  const [target, t] = SCALE[to === "ratio" ? "%" : to];
  const shown = family === target ? (n * f) / t : n;
  const unit = family === target ? (to === "ratio" ? "%" : to) : from;
  // toPrecision drops the float noise of the conversion (0.1 * 1000 = 100.00000000000001).
  const text = String(Number(shown.toPrecision(10)));
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

/** A value on one line: strings as they are unless multi-line (a PEM bundle), the rest as JSON. */
export function formatValue(v: unknown): string {
  return typeof v === "string" && !v.includes("\n") ? v : JSON.stringify(v);
}

/** One setting a reviewer checks on a resource type. */
export interface Setting {
  /** Key in the plan's `settings`. Defaults to `path`. */
  readonly label?: string;
  /** Dotted input path (`settings.backupConfiguration.location`); lists step into their first element. */
  readonly path?: string;
  /** Computes the value from the inputs instead of `path`: a summary of rules, a parsed JSON field. */
  readonly read?: (inputs: Record<string, unknown>) => unknown;
  /** Unit the provider takes the value in, possibly depending on other inputs (an alarm's metric). */
  readonly unit?: Unit | ((inputs: Record<string, unknown>) => Unit | undefined);
  /** Unit to show it in (seconds of latency as ms, bytes as GiB). Defaults to `unit`. */
  readonly show?: Unit | ((inputs: Record<string, unknown>) => Unit | undefined);
}

/**
 * What one cloud's plan shows: the input paths shown on any of its resources that have them, the
 * settings each resource type adds, and where a resource names its own region or location.
 * Lives in the cloud's folder (providers/<cloud>/planView.ts), free of the cloud's SDK.
 */
export interface PlanView {
  /** Package parts of the type tokens it shows (`<package>` in `<package>:<module>:<Type>`). */
  readonly packages: readonly string[];
  readonly common: readonly string[];
  readonly types: Readonly<Record<string, readonly (string | Setting)[]>>;
  readonly regionInputs: readonly string[];
  /**
   * Types created inside another resource and without a region input of their own (a subnet in
   * its network): they are where the resource of `type` is whose `match` inputs have the same
   * values (the names both carry).
   */
  readonly within?: Readonly<
    Record<string, { readonly type: string; readonly match: readonly string[] }>
  >;
}

const PLACEHOLDER = " (placeholder)";

/**
 * Every registered cloud's view, by the package part of a type token (`<package>:<module>:<Type>`).
 * A resource is shown by the view of its own package, whatever cloud the stack is on.
 */
async function loadViews(): Promise<ReadonlyMap<string, PlanView>> {
  const views = await Promise.all(CLOUDS.map((c) => CLOUD_ENTRIES[c].loadPlanView()));
  const byPackage = new Map<string, PlanView>();
  for (const [i, view] of views.entries()) {
    for (const pkg of view.packages) {
      if (byPackage.has(pkg)) throw new Error(`${CLOUDS[i]}'s plan view claims ${pkg} again`);
      byPackage.set(pkg, view);
    }
  }
  return byPackage;
}

export interface PlanNode {
  readonly type: string;
  readonly name: string;
  readonly protect: boolean;
  /** Raw values as the provider takes them (lists for rule summaries). */
  readonly settings: Record<string, unknown>;
  readonly children: PlanNode[];
  /** Custom resources: the region it is created in (its own, else its provider's). */
  readonly region?: string;
  /** `settings` as the text shows them, with units (`threshold: "500 ms"`). */
  readonly display?: Record<string, string | string[]>;
  /** Keys of `settings` whose values the mocks made up; a real deployment differs. */
  readonly placeholders?: string[];
}

export interface Plan {
  readonly stack: string;
  readonly cloud: string;
  /** The stack's region: resources without a region of their own are created there. */
  readonly region?: string;
  readonly summary: {
    readonly resources: number;
    readonly components: number;
    readonly protected: number;
  };
  readonly components: PlanNode[];
  readonly outputs: Record<string, unknown>;
  /** Output names whose values the mocks made up. */
  readonly placeholders?: string[];
}

/** Says whether a value contains something the mocks invented (an id, ARN, endpoint, account). */
function inventedBy(invented: readonly string[]): (v: unknown) => boolean {
  const tokens = [...invented].sort((a, b) => b.length - a.length);
  const check = (v: unknown): boolean =>
    typeof v === "string"
      ? tokens.some((t) => v.includes(t))
      : Array.isArray(v)
        ? v.some(check)
        : false;
  return check;
}

function settingsOf(
  r: RecordedResource,
  view: PlanView | undefined,
  invented: (v: unknown) => boolean,
): Pick<PlanNode, "settings" | "display" | "placeholders"> {
  const settings: Record<string, unknown> = {};
  const display: Record<string, string | string[]> = {};
  const placeholders: string[] = [];
  const wanted: (string | Setting)[] = [
    ...(view?.common ?? []).filter((p) => !(typeof readPath(r.inputs, p) === "object")),
    ...(view?.types[r.type] ?? []),
  ];
  for (const w of wanted) {
    const s: Setting = typeof w === "string" ? { path: w } : w;
    const key = s.label ?? s.path ?? "?";
    const raw = s.read ? s.read(r.inputs) : readPath(r.inputs, s.path ?? key);
    if (raw === undefined || raw === null || raw === "") continue;
    if (Array.isArray(raw) && raw.length === 0) continue;
    if (typeof raw === "object" && !Array.isArray(raw)) continue;
    const top = (s.path ?? "").split(".")[0]!;
    if (s.path !== undefined && r.secretInputs.includes(top)) {
      settings[key] = "[secret]";
      display[key] = "[secret]";
      continue;
    }
    settings[key] = raw;
    const unit = typeof s.unit === "function" ? s.unit(r.inputs) : s.unit;
    const show = (typeof s.show === "function" ? s.show(r.inputs) : s.show) ?? unit;
    const mark = (x: unknown) => (invented(x) ? PLACEHOLDER : "");
    display[key] = Array.isArray(raw)
      ? raw.map((x) => formatValue(x) + mark(x))
      : (unit === undefined ? formatValue(raw) : inUnit(raw, unit, show)) + mark(raw);
    if (invented(raw)) placeholders.push(key);
  }
  return { settings, display, placeholders };
}

/**
 * Region of a custom resource: its own input, else that of the resource it is created in, else
 * its provider's `region`, else the stack's.
 */
function regionOf(
  r: RecordedResource,
  resources: readonly RecordedResource[],
  byUrn: ReadonlyMap<string, RecordedResource>,
  view: PlanView | undefined,
  fallback: string | undefined,
): string | undefined {
  for (const input of view?.regionInputs ?? []) {
    const own = r.inputs[input];
    if (typeof own === "string" && own !== "") return own;
  }
  const within = view?.within?.[r.type];
  const host =
    within &&
    resources.find(
      (h) =>
        h.type === within.type &&
        within.match.every((input) => h.inputs[input] === r.inputs[input]),
    );
  if (host) return regionOf(host, resources, byUrn, view, fallback);
  // A provider reference is `<urn>::<id>`.
  const provider = r.provider && byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::")));
  const region = provider ? provider.inputs.region : undefined;
  return typeof region === "string" && region !== "" ? region : fallback;
}

/** Groups recorded resources into a tree of components under the stack. */
export async function buildPlan(
  stack: string,
  cloud: string,
  run: Pick<MockRun<unknown>, "resources"> & { readonly invented?: readonly string[] },
  outputs: Record<string, unknown>,
  options: { readonly region?: string } = {},
): Promise<Plan> {
  const { resources } = run;
  const views = await loadViews();
  const invented = inventedBy(run.invented ?? []);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const nodes = new Map<string, PlanNode>();
  for (const r of resources) {
    const view = views.get(r.type.split(":")[0]!);
    const custom = r.custom && !r.type.startsWith("pulumi:");
    nodes.set(r.urn, {
      type: r.type,
      name: r.name,
      protect: r.protect,
      ...settingsOf(r, view, invented),
      children: [],
      ...(custom ? { region: regionOf(r, resources, byUrn, view, options.region) } : {}),
    });
  }
  const roots: PlanNode[] = [];
  const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  for (const r of resources) {
    if (r.urn === stackUrn) continue;
    const node = nodes.get(r.urn)!;
    const parent =
      r.parent === undefined || r.parent === stackUrn ? undefined : nodes.get(r.parent);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  return {
    stack,
    cloud,
    ...(options.region === undefined ? {} : { region: options.region }),
    summary: {
      resources: custom.length,
      components: resources.filter((r) => !r.custom && r.urn !== stackUrn).length,
      protected: custom.filter((r) => r.protect).length,
    },
    components: roots,
    outputs,
    placeholders: Object.keys(outputs).filter((k) => invented(outputs[k])),
  };
}

/** The plan as an indented tree with a summary line, for a terminal or a pull-request comment. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  const walk = (node: PlanNode, depth: number): void => {
    const pad = "  ".repeat(depth);
    const inline: string[] = [];
    const listed: string[] = [];
    for (const [k, v] of Object.entries(node.display ?? {})) {
      if (Array.isArray(v)) for (const item of v) listed.push(`${pad}      ${k}: ${item}`);
      else inline.push(`${k}=${v}`);
    }
    const flag = node.protect ? " [protected]" : "";
    // GCS spells locations in capitals (US-CENTRAL1).
    const elsewhere = node.region?.toLowerCase() !== (plan.region ?? node.region)?.toLowerCase();
    const where = node.region !== undefined && elsewhere ? ` @${node.region}` : "";
    const settings = inline.length > 0 ? `  ${inline.join(" ")}` : "";
    lines.push(`${pad}+ ${node.type}  ${node.name}${flag}${where}${settings}`);
    lines.push(...listed);
    for (const child of node.children) walk(child, depth + 1);
  };
  const where = plan.region === undefined ? "" : ` in ${plan.region}`;
  lines.push(`Plan for stack ${plan.stack} on ${plan.cloud}${where} (offline, under mocks)`);
  lines.push(
    `Resources are created in ${plan.region ?? "the stack's region"} unless marked @<region>; ` +
      `values marked${PLACEHOLDER} are made up by the mocks and differ in a real deployment.`,
  );
  for (const node of plan.components) walk(node, 1);
  lines.push("", "Outputs:");
  for (const [k, v] of Object.entries(plan.outputs)) {
    const flag = plan.placeholders?.includes(k) ? PLACEHOLDER : "";
    lines.push(`  ${k}: ${formatValue(v)}${flag}`);
  }
  const s = plan.summary;
  lines.push(
    "",
    `${s.resources} resources to create in ${s.components} components (${s.protected} protected)`,
  );
  return lines.join("\n");
}
