/**
 * What every cloud's price table shares: the month, the shape of a price, the error a missing
 * SKU raises, and the usage assumptions every cloud meets alike.
 *
 * Each cloud's own table lives in its folder (`providers/<cloud>/prices.ts`, read through the
 * registry's `cost`): on-demand list prices in USD for one region, 730 hours a month, with free
 * tiers, discounts, taxes and support ignored. The result is an estimate to compare stacks and
 * tiers with each other, not a bill: traffic-driven charges rest on stated assumptions, and a
 * price missing from a table raises an error instead of counting as zero.
 */

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
/** Days in an average month of 730 hours, for retention and per-day arithmetic. */
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

export interface Price {
  readonly usd: number;
  /** What one `usd` buys: "h", "GB-month", "month", ... */
  readonly unit: string;
  readonly source: string;
}

export const price = (usd: number, unit: string, source: string): Price => ({ usd, unit, source });

/** Whose table it is and what its prices are for; the report and its errors name it. */
export interface PriceTable {
  /** The cloud the table belongs to, as `entmoot:cloud` spells it. */
  readonly owner: string;
  /** Where the table lives, so that a reader of the report can check an assumption. */
  readonly file: string;
  /** The region the list prices are for; other regions differ (often by 5-30%). */
  readonly region: string;
  /** The day the prices were read; moved whenever an entry changes. */
  readonly asOf: string;
}

/** A resource asks for a SKU the table does not know; a new tier must be priced, not free. */
export class UnknownSkuError extends Error {
  override readonly name = "UnknownSkuError";
}

/** Looks a SKU up in one of a cloud's tables; an unknown SKU throws with its name and owner. */
export function priceOf<T>(
  table: PriceTable,
  entries: Readonly<Record<string, T>>,
  what: string,
  sku: string,
): T {
  const found = Object.hasOwn(entries, sku) ? entries[sku] : undefined;
  if (found === undefined) {
    throw new UnknownSkuError(
      `no price for ${what} "${sku}" in the ${table.owner} price table (as of ${table.asOf}); ` +
        `known: ${Object.keys(entries).join(", ")}`,
    );
  }
  return found;
}

/**
 * Usage the resources do not state, the same on every cloud so that clouds compare on the same
 * traffic; each cloud adds its own (log volume, capacity units) in its table. Every figure that
 * rests on one is marked `(assumed)` in its line.
 */
export const SHARED_ASSUMPTIONS = {
  /** Internet-bound data through each NAT gateway, per month. */
  natGb: 50,
  /** Frontend CDN baseline: data out and requests per month. */
  cdnGb: 50,
  cdnRequests: 1_000_000,
  /** Requests inspected per month by each web application firewall. */
  firewallRequests: 5_000_000,
  /** API data through the load balancer or edge per month. */
  lbGb: 100,
  /** Data stored in each bucket or storage account. */
  bucketGb: 50,
  /** Images kept in each container registry. */
  registryGb: 5,
} as const;
