import Ajv2020 from "ajv/dist/2020";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_KEYS, parseConfig } from "../src/config";
import { loadStackConfig, projectKeys } from "../src/plan/stackConfig";

const root = resolve(__dirname, "..");
const project = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;

describe("Pulumi.yaml", () => {
  it("validates against Pulumi's published project schema (kept in test/data)", () => {
    const schema = JSON.parse(
      readFileSync(join(root, "test", "data", "pulumi-project.schema.json"), "utf8"),
    ) as object;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    expect(validate(project), JSON.stringify(validate.errors)).toBe(true);
  });

  it("names the project and entry point the program expects", () => {
    expect(project).toMatchObject({
      name: "entmoot",
      main: "src/index.ts",
      runtime: { name: "nodejs" },
    });
  });

  it("declares exactly the keys parseConfig accepts, with the same types and defaults", () => {
    const declared = projectKeys(root);
    expect(Object.keys(declared).sort()).toEqual(
      Object.keys(CONFIG_KEYS)
        .map((k) => `entmoot:${k}`)
        .sort(),
    );
    for (const [key, decl] of Object.entries(CONFIG_KEYS)) {
      const yaml = declared[`entmoot:${key}`]!;
      expect(yaml.type, key).toBe(decl.type);
      expect(yaml.default, key).toEqual("default" in decl ? decl.default : undefined);
      // Secrecy is enforced by parseConfig: a declared secret with a default breaks current CLIs.
      expect(yaml.secret, key).toBeUndefined();
    }
  });

  it("describes every key", () => {
    const config = project.config as Record<string, { description?: string }>;
    for (const [key, decl] of Object.entries(config))
      expect(decl.description, key).toMatch(/\w{3}/);
  });
});

describe("stack files", () => {
  it.each(["production", "staging"])("Pulumi.%s.yaml is a valid config", (stack) => {
    const { values, secretKeys } = loadStackConfig(root, stack);
    const config = parseConfig(values, { secretKeys });
    expect(config.environment).toBe(stack);
    expect(config.cloud).toBe("aws");
  });

  it("production and staging differ only where the profiles say", () => {
    const prod = parseConfig(loadStackConfig(root, "production").values);
    const staging = parseConfig(loadStackConfig(root, "staging").values);
    expect([prod.tier, staging.tier]).toEqual(["medium", "small"]);
    expect([prod.region, prod.drRegion]).toEqual(["us-east-1", "us-west-2"]);
    expect(prod.alertEmails.length).toBeGreaterThan(0);
  });
});

describe("loadStackConfig", () => {
  it("turns secure values into secret placeholders", () => {
    const dir = mkdtempSync(join(tmpdir(), "entmoot-"));
    copyFileSync(join(root, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    writeFileSync(
      join(dir, "Pulumi.x.yaml"),
      "config:\n  entmoot:sentryDsn:\n    secure: AAABAJ0xyz\n  entmoot:cloud: gcp\n",
    );
    const { values, secretKeys } = loadStackConfig(dir, "x");
    expect(secretKeys).toEqual(["entmoot:sentryDsn"]);
    expect(values["entmoot:sentryDsn"]).not.toContain("AAABAJ0xyz");
    expect(values["entmoot:tier"]).toBe("medium");
  });

  it("applies --set over the stack file, with or without the namespace, lists as commas", () => {
    const { values } = loadStackConfig(root, "production", [
      "cloud=gcp",
      "entmoot:alertEmails=a@x.io, b@x.io",
    ]);
    expect(values["entmoot:cloud"]).toBe("gcp");
    expect(JSON.parse(values["entmoot:alertEmails"]!)).toEqual(["a@x.io", "b@x.io"]);
  });

  it("refuses a stack without a file, and a --set without '='", () => {
    expect(() => loadStackConfig(root, "qa")).toThrow(/no stack file .*Pulumi\.qa\.yaml/);
    expect(() => loadStackConfig(root, "production", ["tier"])).toThrow(/key=value/);
  });
});
