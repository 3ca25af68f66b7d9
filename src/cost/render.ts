import { cents, type CostReport } from "./estimate";
import { HOURS_PER_MONTH, type PriceTable } from "./prices";

function money(n: number): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * The report as an aligned table: components, most expensive first, each with its subtotal and
 * its resources; then the total, the price-table date and what the estimate is not.
 */
export function renderCost(report: CostReport, table: PriceTable, region?: string): string {
  const groups = new Map<string, CostReport["lines"]>();
  for (const l of report.lines) groups.set(l.component, [...(groups.get(l.component) ?? []), l]);
  const subtotal = (c: string) => cents((groups.get(c) ?? []).reduce((s, l) => s + l.monthly, 0));
  const components = [...groups.keys()].sort((a, b) => subtotal(b) - subtotal(a));

  const nameWidth = Math.max(
    "Total".length,
    ...components.map((c) => c.length),
    ...report.lines.map((l) => l.resource.length + 2),
  );
  const amountWidth = money(report.monthlyTotal).length;
  const row = (name: string, amount: string, basis = "") =>
    `${name.padEnd(nameWidth)}  ${amount.padStart(amountWidth)}${basis ? `  ${basis}` : ""}`;

  const priced = table.region;
  const out = [
    `Monthly cost estimate for stack ${report.stack} on ${report.cloud} (USD, prices as of ` +
      `${table.asOf}, ${priced} on-demand list, ${HOURS_PER_MONTH} h/month)`,
    "",
  ];
  for (const c of components) {
    out.push(row(c, money(subtotal(c))));
    const lines = [...(groups.get(c) ?? [])].sort((x, y) => y.monthly - x.monthly);
    for (const l of lines) out.push(row(`  ${l.resource}`, money(l.monthly), l.basis));
    out.push("");
  }
  out.push(row("Total", money(report.monthlyTotal), "USD per month"));
  out.push(
    "",
    "An estimate to compare stacks and tiers, not a bill: free tiers, discounts, taxes and most",
    `traffic charges are left out; usage marked (assumed) is a stated guess (${table.file}).`,
  );
  if (region !== undefined && region !== priced) {
    out.push(`Prices are for ${priced}; ${region} differs.`);
  }
  return out.join("\n");
}
