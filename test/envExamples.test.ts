import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { API_SECRET_ENV, apiEnvironment } from "../src/appEnvironment";
import type { Environment } from "../src/cloud";
import { ENVIRONMENT_PROFILES } from "../stacks/environments";
import { ROOT } from "./support/stack";

function readEnvFile(environment: Environment): Map<string, string> {
  const text = readFileSync(join(ROOT, `.env.${environment}.example`), "utf8");
  const entries = text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => {
      const eq = line.indexOf("=");
      return [line.slice(0, eq), line.slice(eq + 1)] as [string, string];
    });
  return new Map(entries);
}

describe.each(["production", "staging"] as const)(".env.%s.example", (environment) => {
  const file = readEnvFile(environment);
  const profile = ENVIRONMENT_PROFILES[environment];
  const plainNames = Object.keys(
    apiEnvironment(
      "aws",
      environment,
      { ...profile, logLevel: profile.logLevel },
      {
        databaseHost: "h",
        databasePort: 5432,
        databaseName: "entmoot",
        databaseUser: "entmoot",
        databaseReadHosts: [],
        cacheHost: "c",
        cachePort: 6379,
        bucketName: "b",
      },
    ),
  );

  it("names exactly the variables the platform gives the API container", () => {
    expect([...file.keys()].sort()).toEqual([...plainNames, ...API_SECRET_ENV].sort());
  });

  it("leaves every secret empty", () => {
    for (const name of API_SECRET_ENV) expect(file.get(name), name).toBe("");
  });

  it("shows the profile's values", () => {
    expect(file.get("ENVIRONMENT")).toBe(environment);
    expect(file.get("LOG_LEVEL")).toBe(profile.logLevel);
    expect(Number(file.get("TRACE_SAMPLE_RATE"))).toBe(profile.traceSampleRate);
    expect(file.get("RATE_LIMIT_ENABLED")).toBe(String(profile.rateLimitEnabled));
    expect(file.get("EXTERNAL_API_CALLS_ENABLED")).toBe(String(profile.externalApiCalls));
  });
});
