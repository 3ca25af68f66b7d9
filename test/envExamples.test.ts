import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { CLOUD_ENTRIES, CLOUDS } from "../providers";
import {
  API_SECRET_ENV,
  DERIVED_ENV,
  OPERATOR_SECRET_ENV,
  apiEnvironment,
} from "../src/appEnvironment";
import { APP_SETTING_NAMES } from "../src/appSettings";
import type { Environment } from "../src/cloud";
import { parseConfig } from "../src/config";
import { loadStackConfig } from "../src/plan/stackConfig";
import type { ApiConnections } from "../src/platform";
import { resolveSpec } from "../stacks/spec";
import { ROOT } from "./support/stack";

/** Variables a single cloud adds, by cloud (the registry's): the templates name each and its cloud. */
const CLOUD_ONLY: Record<string, readonly string[]> = Object.fromEntries(
  CLOUDS.map((c) => [c, CLOUD_ENTRIES[c].cloudOnlyEnv]),
);

interface EnvFile {
  readonly values: Map<string, string>;
  /** The comment lines right above each variable. */
  readonly comments: Map<string, string>;
}

function readEnvFile(environment: Environment): EnvFile {
  const lines = readFileSync(join(ROOT, `.env.${environment}.example`), "utf8").split("\n");
  const values = new Map<string, string>();
  const comments = new Map<string, string>();
  let block: string[] = [];
  for (const line of lines) {
    if (line.startsWith("#")) block.push(line);
    else if (line.trim() === "") block = [];
    else {
      const eq = line.indexOf("=");
      values.set(line.slice(0, eq), line.slice(eq + 1));
      comments.set(line.slice(0, eq), block.join("\n"));
      block = [];
    }
  }
  return { values, comments };
}

const resolved = (o: pulumi.Output<string>) => new Promise<string>((r) => o.apply(r));

/** Connections as a cloud would pass them; their values are examples in the templates. */
const CONNECTIONS: ApiConnections = {
  databaseHost: "h",
  databasePort: 5432,
  databaseName: "entmoot",
  databaseUser: "entmoot",
  databaseReadHosts: [],
  cacheHost: "c",
  cachePort: 6379,
  bucketName: "b",
  databaseSslMode: "require",
  frontendOrigin: "https://app.example.com",
};

/** The committed stack's spec, and the API environment apiEnvironment derives from it. */
async function stackEnvironment(environment: Environment) {
  const raw = loadStackConfig(ROOT, environment, []);
  const spec = resolveSpec(parseConfig(raw.values, { secretKeys: raw.secretKeys }));
  const env = apiEnvironment(spec.cloud, environment, spec.app, CONNECTIONS);
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) values.set(k, await resolved(v));
  return { spec, values };
}

describe("the API environment", () => {
  it("is exactly the derived names plus the appSettings names, so neither list drifts", async () => {
    const { values } = await stackEnvironment("production");
    expect([...values.keys()].sort()).toEqual([...DERIVED_ENV, ...APP_SETTING_NAMES].sort());
  });

  it("refuses a cloud-only variable that shadows a shared one", () => {
    const spec = resolveSpec(
      parseConfig(loadStackConfig(ROOT, "production", []).values, { secretKeys: [] }),
    );
    expect(() =>
      apiEnvironment("aws", "production", spec.app, CONNECTIONS, {
        extraEnv: { DATABASE_HOST: "x" },
      }),
    ).toThrow(/DATABASE_HOST is a shared variable/);
  });
});

describe.each(["production", "staging"] as const)(".env.%s.example", (environment) => {
  const file = readEnvFile(environment);

  it("names exactly the variables any cloud gives the API container", async () => {
    const { values } = await stackEnvironment(environment);
    const cloudOnly = Object.values(CLOUD_ONLY).flat();
    expect([...file.values.keys()].sort()).toEqual(
      [
        ...new Set([...values.keys(), ...cloudOnly, ...API_SECRET_ENV, ...OPERATOR_SECRET_ENV]),
      ].sort(),
    );
  });

  it("says which cloud sets each cloud-only variable", () => {
    for (const [cloud, names] of Object.entries(CLOUD_ONLY)) {
      for (const name of names) {
        expect(file.comments.get(name)?.toLowerCase(), name).toContain(`${cloud} only`);
      }
    }
  });

  it("leaves every secret empty", () => {
    for (const name of [...API_SECRET_ENV, ...OPERATOR_SECRET_ENV]) {
      expect(file.values.get(name), name).toBe("");
    }
  });

  it("shows the values the committed stack derives (profile, sizes, pools, settings)", async () => {
    const { values } = await stackEnvironment(environment);
    // Values that come from cloud resources are examples; everything else must match.
    const fromResources = new Set([
      "APP_VERSION",
      "CORS_ALLOWED_ORIGINS",
      "DATABASE_HOST",
      "DATABASE_READ_HOSTS",
      "REDIS_HOST",
      "REDIS_PORT",
      "STORAGE_BUCKET",
      "DATABASE_SSL_MODE",
    ]);
    for (const [name, value] of values) {
      if (!fromResources.has(name)) expect(file.values.get(name), name).toBe(value);
    }
  });

  it("differs from the other environment as the profiles say", async () => {
    const { spec } = await stackEnvironment(environment);
    expect(file.values.get("LOG_LEVEL")).toBe(spec.app.logLevel);
    expect(file.values.get("RATE_LIMIT_ENABLED")).toBe(String(spec.app.rateLimitEnabled));
    expect(file.values.get("EXTERNAL_API_CALLS_ENABLED")).toBe(String(spec.app.externalApiCalls));
  });
});

describe("docs/operations.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "operations.md"), "utf8");

  it("lists every entmoot:appSettings name in its table, with its default", () => {
    for (const name of APP_SETTING_NAMES) {
      expect(doc, name).toMatch(new RegExp(`\\| \`${name}\` +\\|`));
    }
  });

  it("names every secret the operator fills", () => {
    for (const name of OPERATOR_SECRET_ENV) expect(doc, name).toContain(`\`${name}\``);
  });
});
