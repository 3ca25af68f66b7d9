import type { RecordedResource } from "../plan/harness";
import { SHARED_ASSUMPTIONS, type Price, type PriceTable } from "./prices";
import { readPath } from "../inputs";

/** One priced resource before rounding: its monthly cost and the formula that gives it. */
export interface Priced {
  readonly monthly: number;
  readonly basis: string;
}

/** One part of a formula, e.g. `200 GB gp3 @ $0.115/GB-month`. */
export interface Term {
  readonly text: string;
  readonly monthly: number;
}

/** Prices one resource from its recorded inputs; undefined when the resource costs nothing. */
export type Rule = (r: RecordedResource, all: readonly RecordedResource[]) => Priced | undefined;

/**
 * One cloud's cost estimate, from its folder (`providers/<cloud>/cost.ts`) through the registry:
 * the table its prices come from and a rule per resource type that costs money, by type token.
 * Types without a rule cost nothing by themselves or only with usage the estimate leaves out.
 */
export interface CloudCost {
  readonly table: PriceTable;
  readonly rules: Readonly<Record<string, Rule>>;
}

/** `$0.50`, `$0.0413`, `$0.000018`: at least cents, never a rounded-away digit. */
export function usd(n: number): string {
  const [whole, frac = ""] = n.toFixed(7).split(".");
  const digits = frac.replace(/0+$/, "").padEnd(2, "0");
  return `$${Number(whole).toLocaleString("en-US")}.${digits}`;
}

/** `7.5`, `2,628,000`. */
export function qty(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** `1 node`, `3 nodes`. */
export function plural(n: number, word: string): string {
  return `${qty(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** `quantity` units of `price`; the text names the quantity, the price is appended. */
export function term(text: string, quantity: number, price: Price): Term {
  return { text: `${text} @ ${usd(price.usd)}/${price.unit}`, monthly: quantity * price.usd };
}

export function priced(...terms: Term[]): Priced {
  return {
    monthly: terms.reduce((sum, t) => sum + t.monthly, 0),
    basis: terms.map((t) => t.text).join(" + "),
  };
}

export function free(basis: string): Priced {
  return { monthly: 0, basis };
}

/** Reads a dotted path out of recorded inputs; arrays step into their first element. */
export const at = readPath;

/** A number input (Pulumi may record numbers as strings); `fallback` when absent. */
export function num(r: RecordedResource, path: string, fallback?: number): number {
  const v = at(r.inputs, path);
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n === "number" && Number.isFinite(n)) return n;
  if (v === undefined && fallback !== undefined) return fallback;
  throw new Error(`cannot price ${r.type} ${r.name}: ${path} is ${JSON.stringify(v)}`);
}

/** A string input; `fallback` when absent. */
export function str(r: RecordedResource, path: string, fallback?: string): string {
  const v = at(r.inputs, path);
  if (typeof v === "string") return v;
  if (v === undefined && fallback !== undefined) return fallback;
  throw new Error(`cannot price ${r.type} ${r.name}: ${path} is ${JSON.stringify(v)}`);
}

export function list(r: RecordedResource, path: string): unknown[] {
  const v = at(r.inputs, path);
  return Array.isArray(v) ? v : [];
}

export function ofType(all: readonly RecordedResource[], type: string): RecordedResource[] {
  return all.filter((r) => r.type === type);
}

/**
 * A web application firewall policy as every cloud prices it: a monthly fee, one per rule, and
 * the requests it inspects (the shared traffic assumption).
 */
export function firewallPolicy(
  label: string,
  rules: number,
  prices: { readonly policy: Price; readonly rule: Price; readonly requests: Price },
): Priced {
  const millions = SHARED_ASSUMPTIONS.firewallRequests / 1e6;
  return priced(
    term(label, 1, prices.policy),
    term(plural(rules, "rule"), rules, prices.rule),
    term(`${qty(millions)}M requests (assumed)`, millions, prices.requests),
  );
}
