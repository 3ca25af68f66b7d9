import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_KEY_NAMES } from "../src/configKeys";
import { OUTPUT_NAMES } from "../src/platform";
import { ROOT } from "./support/stack";

/*
 * The docs name stack outputs and config keys in commands an operator copies. Each must exist in
 * the program, or the command fails (or, for a config key, the program refuses the stack).
 */

const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => join("docs", f)),
];
const text = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** Flags of `pulumi stack output` that take a value. */
const VALUE_FLAGS = new Set(["--stack", "-s", "--cwd", "-C"]);

/** Output names read by `pulumi stack output [flags] <name>` in a text. */
function outputsRead(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/pulumi\s+stack\s+output\b([^\n|;&)`#]*)/g)) {
    const words = m[1]!.trim().split(/\s+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w.startsWith("-")) {
        if (VALUE_FLAGS.has(w)) i++;
        continue;
      }
      if (/^[A-Za-z]\w*$/.test(w)) names.push(w);
      break;
    }
  }
  return names;
}

/** `entmoot:<key>` config keys in a text; type tokens such as `entmoot:compute:AwsCompute` are not keys. */
function configKeysNamed(source: string): string[] {
  return [...source.matchAll(/\bentmoot:([A-Za-z]\w*)(?![\w:])/g)].map((m) => m[1]!);
}

describe("docs name only outputs and config keys that exist", () => {
  it("the extractors find what a command uses, and skip what is not one", () => {
    expect(
      outputsRead(
        [
          'eval "$(pulumi stack output migrateCommand)"',
          "pulumi stack output --json | jq .",
          "pulumi stack output --stack acme/production --show-secrets apiUrl",
          "pulumi stack output            # apiUrl, loadBalancerAddress",
        ].join("\n"),
      ),
    ).toEqual(["migrateCommand", "apiUrl"]);
    expect(
      configKeysNamed(
        "pulumi config set entmoot:image x; --set entmoot:region=us-central1 " +
          "'entmoot:alertEmails[0]' entmoot:loadBalancer:AwsLoadBalancer entmoot:stack",
      ),
    ).toEqual(["image", "region", "alertEmails", "stack"]);
  });

  it.each(DOCS)("%s: every `pulumi stack output <name>` names a stack output", (file) => {
    const unknown = outputsRead(text(file)).filter(
      (n) => !(OUTPUT_NAMES as readonly string[]).includes(n),
    );
    expect(unknown, `not in OUTPUT_NAMES (src/platform.ts)`).toEqual([]);
  });

  it.each(DOCS)("%s: every `entmoot:<key>` names a config key", (file) => {
    const unknown = configKeysNamed(text(file)).filter(
      (k) => !(CONFIG_KEY_NAMES as readonly string[]).includes(k),
    );
    expect(unknown, `not in CONFIG_KEY_NAMES (src/configKeys.ts)`).toEqual([]);
  });

  it("the docs do use outputs and keys (the checks are not vacuous)", () => {
    const all = DOCS.map(text).join("\n");
    expect(outputsRead(all).length).toBeGreaterThan(2);
    expect(new Set(configKeysNamed(all)).size).toBeGreaterThan(8);
  });
});
