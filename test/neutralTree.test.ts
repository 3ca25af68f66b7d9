import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CLOUD_ENTRIES, CLOUDS } from "../providers";
import { ROOT } from "./support/stack";

/** The trees that must hold no cloud's knowledge: each cloud's lives in providers/<cloud>/. */
const NEUTRAL = ["src", "stacks", "policy", "scripts"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|cjs|mjs)$/.test(f) ? [path] : [];
  });
}

describe("the neutral tree", () => {
  it("names no cloud's resource types, SDK or folder: a new cloud edits none of it", async () => {
    const packages = new Set<string>();
    for (const entry of Object.values(CLOUD_ENTRIES)) {
      for (const pkg of (await entry.loadPlanView()).packages) packages.add(pkg);
    }
    const forbidden = [
      ...[...packages].map((p) => new RegExp(`["'\`]${p}:[a-z]`)),
      ...[...packages].map((p) => new RegExp(`@pulumi/${p}\\b`)),
      ...CLOUDS.map((c) => new RegExp(`providers/${c}/`)),
    ];
    // The patterns catch what they are for.
    for (const sample of [
      '"aws:rds/instance:Instance"',
      'from "@pulumi/gcp/sql"',
      "providers/azure/x",
    ]) {
      expect(
        forbidden.some((re) => re.test(sample)),
        sample,
      ).toBe(true);
    }
    const found = NEUTRAL.flatMap((tree) =>
      files(join(ROOT, tree)).flatMap((file) => {
        const text = readFileSync(file, "utf8");
        return forbidden
          .filter((re) => re.test(text))
          .map((re) => `${relative(ROOT, file)}: ${re.source}`);
      }),
    );
    expect(found).toEqual([]);
  });

  it("validates a config without loading Pulumi or any cloud's SDK (the registry's entries are SDK-free)", () => {
    const script = [
      'const { parseConfig } = require("./src/config.ts");',
      'parseConfig({ "entmoot:cloud": "azure", "entmoot:environment": "staging",',
      '  "entmoot:region": "eastus", "entmoot:domain": "api.example.com" });',
      "const loaded = Object.keys(require.cache).filter((m) => /node_modules[\\\\/]@pulumi[\\\\/]/.test(m));",
      "console.log(JSON.stringify(loaded));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--require", "./scripts/register.cjs", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
