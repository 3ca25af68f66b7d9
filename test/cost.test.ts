import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, test } from "vitest";
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS } from "../providers";
import { CLOUDS } from "../src/cloud";
import { usd } from "../src/cost/basis";
import { cents, componentOf, costOf, estimate, type CostReport } from "../src/cost/estimate";
import { priceOf, UnknownSkuError, type PriceTable } from "../src/cost/prices";
import { renderCost } from "../src/cost/render";
import type { RecordedResource } from "../src/plan/harness";
import { parseArgs } from "../src/plan/cli";
import { loadStackConfig } from "../src/plan/stackConfig";
import { ROOT, runStack } from "./support/stack";

const run = promisify(execFile);
/** `npm run cost` without npm: the same node, loader and entry point. */
const COST = [
  "--require",
  join(ROOT, "scripts", "register.cjs"),
  join(ROOT, "src", "cost", "cli.ts"),
];
const TIERS = ["small", "medium", "large"] as const;

const STACK = "urn:pulumi:s::entmoot::pulumi:pulumi:Stack::entmoot-s";
function resource(type: string, name: string, inputs: Record<string, unknown>, parent = STACK) {
  return {
    type,
    name,
    urn: `urn:pulumi:s::entmoot::${type}::${name}`,
    parent,
    custom: !type.startsWith("entmoot:"),
    inputs,
    secretInputs: [],
    protect: false,
    ignoreChanges: [],
    retainOnDelete: false,
  } satisfies RecordedResource;
}
const stackResource = { ...resource("pulumi:pulumi:Stack", "entmoot-s", {}), urn: STACK };

describe("each cloud's price table, through the registry", () => {
  test.each(CLOUDS)(
    "%s: dated, for one of its own regions, in a file of its folder",
    async (cloud) => {
      const { table, rules } = await costOf(cloud);
      expect(table.owner).toBe(cloud);
      expect(table.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(CLOUD_ENTRIES[cloud].regions).toContain(table.region);
      expect(table.file.startsWith(`providers/${cloud}/`)).toBe(true);
      expect(existsSync(join(ROOT, table.file))).toBe(true);
      expect(readFileSync(join(ROOT, table.file), "utf8")).toContain(`asOf: "${table.asOf}"`);
      expect(Object.keys(rules).length).toBeGreaterThan(10);
      for (const type of Object.keys(rules)) expect(type.startsWith(`${cloud}`)).toBe(true);
    },
  );

  it("the neutral code names no cloud: src/cost reads every table through the registry", () => {
    const neutral = ["estimate", "render", "basis", "prices", "cli"].map((f) =>
      readFileSync(join(ROOT, "src", "cost", `${f}.ts`), "utf8"),
    );
    for (const text of neutral) {
      expect(text).not.toMatch(/\baws\b|gcp|azure|\brds\b|fargate|cloud sql/i);
    }
  });

  it("an unknown SKU names the table's owner and date, not a file, and lists what is known", () => {
    const table: PriceTable = { owner: "x", file: "providers/x/prices.ts", region: "r", asOf: "d" };
    const lookup = () => priceOf(table, { a: 1, b: 2 }, "widget size", "c");
    expect(lookup).toThrow(UnknownSkuError);
    expect(lookup).toThrow(
      'no price for widget size "c" in the x price table (as of d); known: a, b',
    );
    expect(() => priceOf(table, { a: 1 }, "widget size", "toString")).toThrow(UnknownSkuError);
  });

  test.each([
    [0.5, "$0.50"],
    [0.0413, "$0.0413"],
    [0.000018, "$0.000018"],
    [1234.5, "$1,234.50"],
  ])("formats %d as %s", (n, text) => {
    expect(usd(n)).toBe(text);
  });
});

describe("estimate", () => {
  it("refuses a cloud the registry does not know", async () => {
    await expect(estimate("oracle", "s", [])).rejects.toThrow('no price table for cloud "oracle"');
    await expect(estimate("constructor", "s", [])).rejects.toThrow("no price table");
  });

  it("names the top-level component a resource belongs to", () => {
    const db = resource("entmoot:database:AwsDatabase", "db", {});
    const child = resource("aws:kms/key:Key", "k", {}, db.urn);
    const byUrn = new Map([stackResource, db, child].map((r) => [r.urn, r]));
    expect(componentOf(child, byUrn)).toBe("database");
    expect(componentOf(resource("aws:kms/key:Key", "loose", {}), byUrn)).toBe("loose");
  });
});

describe("estimates of the committed stacks on every implemented cloud", () => {
  const reports: Record<string, CostReport> = {};
  beforeAll(async () => {
    // The committed stacks come from the suite's shared runs; the other tiers run here.
    for (const cloud of IMPLEMENTED_CLOUDS) {
      const sets = CLOUD_ENTRIES[cloud].stackSets;
      const stacks: [string, string, readonly string[]][] = [
        [`${cloud}-production`, "production", sets("production")],
        [`${cloud}-staging`, "staging", sets("staging")],
        [`${cloud}-small`, "production", [...sets("production"), "entmoot:tier=small"]],
        [`${cloud}-large`, "production", [...sets("production"), "entmoot:tier=large"]],
      ];
      for (const [key, stack, s] of stacks) {
        expect(loadStackConfig(ROOT, stack, s).values["entmoot:cloud"]).toBe(cloud);
        reports[key] = await estimate(cloud, stack, (await runStack(stack, s)).resources);
      }
      reports[`${cloud}-medium`] = reports[`${cloud}-production`]!;
    }
  });

  const both = IMPLEMENTED_CLOUDS.flatMap((c) => [`${c}-production`, `${c}-staging`]);
  test.each(both)("%s has exactly the fixed JSON shape, and its total is the sum", (key) => {
    const report = reports[key]!;
    expect(Object.keys(report)).toEqual(["cloud", "stack", "currency", "monthlyTotal", "lines"]);
    expect(report).toMatchObject({ cloud: key.split("-")[0], currency: "USD" });
    expect(report.lines.length).toBeGreaterThan(10);
    for (const l of report.lines) {
      expect(Object.keys(l)).toEqual(["component", "resource", "monthly", "basis"]);
      expect([typeof l.component, typeof l.resource, typeof l.basis]).toEqual(
        Array(3).fill("string"),
      );
      expect(l.monthly).toBe(cents(l.monthly));
      expect(l.monthly).toBeGreaterThanOrEqual(0);
    }
    const sum = report.lines.reduce((s, l) => s + l.monthly, 0);
    expect(report.monthlyTotal).toBe(cents(sum));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test.each(IMPLEMENTED_CLOUDS)("production costs more than staging on %s", (cloud) => {
    expect(reports[`${cloud}-production`]!.monthlyTotal).toBeGreaterThan(
      reports[`${cloud}-staging`]!.monthlyTotal,
    );
  });

  test.each(IMPLEMENTED_CLOUDS)("large > medium > small for production on %s", (cloud) => {
    const [small, medium, large] = TIERS.map((t) => reports[`${cloud}-${t}`]!.monthlyTotal);
    expect(large).toBeGreaterThan(medium!);
    expect(medium).toBeGreaterThan(small!);
  });

  test.each(IMPLEMENTED_CLOUDS)(
    "%s: renders a table grouped by component with the total, the table's date and file",
    async (cloud) => {
      const { table } = await costOf(cloud);
      const elsewhere = CLOUD_ENTRIES[cloud].regions.find((r) => r !== table.region)!;
      const text = renderCost(reports[`${cloud}-staging`]!, table, elsewhere);
      expect(text).toMatch(
        new RegExp(
          `^Monthly cost estimate for stack staging on ${cloud} \\(USD, prices as of ` +
            `${table.asOf}, ${table.region} on-demand list, 730 h/month\\)\n`,
        ),
      );
      expect(text).toMatch(/\ndatabase +\d+\.\d\d\n {2}entmoot-staging-\S+ +\d+\.\d\d {2}\S/);
      expect(text).toMatch(/\nTotal +[\d,]+\.\d\d {2}USD per month\n/);
      expect(text).toContain(`is a stated guess (${table.file}).`);
      expect(text).toContain(`Prices are for ${table.region}; ${elsewhere} differs.`);
      expect(renderCost(reports[`${cloud}-staging`]!, table, table.region)).not.toContain(
        "differs",
      );
    },
  );
});

describe("npm run cost", () => {
  it("reads the same arguments as npm run plan", () => {
    expect(parseArgs(["staging", "--set", "entmoot:tier=large", "--json"], "u")).toEqual({
      stack: "staging",
      sets: ["entmoot:tier=large"],
      json: true,
    });
    expect(() => parseArgs([], "usage: npm run cost")).toThrow("usage: npm run cost");
  });

  it("prints only the JSON report with --json", async () => {
    const { stdout } = await run(process.execPath, [...COST, "staging", "--json"], { cwd: ROOT });
    const parsed = JSON.parse(stdout) as CostReport;
    const cloud = loadStackConfig(ROOT, "staging").values["entmoot:cloud"]!;
    expect(parsed).toMatchObject({ cloud, stack: "staging", currency: "USD" });
    expect(parsed.monthlyTotal).toBe(cents(parsed.lines.reduce((s, l) => s + l.monthly, 0)));
    // The command prices the very run the tests above price.
    expect(parsed).toEqual(await estimate(cloud, "staging", (await runStack("staging")).resources));
  });

  it("prints the table with the stack's cloud's price date", async () => {
    const { stdout } = await run(process.execPath, [...COST, "staging"], { cwd: ROOT });
    const cloud = loadStackConfig(ROOT, "staging").values["entmoot:cloud"]!;
    expect(stdout).toContain(`prices as of ${(await costOf(cloud)).table.asOf}`);
    expect(stdout).toContain(`(${(await costOf(cloud)).table.file}).`);
  });
});
