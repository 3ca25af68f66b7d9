import { beforeAll, describe, expect, it } from "vitest";
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS } from "../providers";
import { MockRunError, runWithMocks, type MockRun } from "../src/plan/harness";
import { loadStackConfig } from "../src/plan/stackConfig";
import { OUTPUT_NAMES, type PlatformOutputs } from "../src/platform";
import { main } from "../src/program";
import type { CloudReader } from "./support/contract";
import { DESIGN_PLAIN_ENV } from "./support/spec";
import { ofType, ROOT, runStack } from "./support/stack";

/*
 * The platform's promises, asserted the same way on every implemented cloud of the registry:
 * each cloud supplies how to read a promise off its resources (test/<cloud>/contract.ts), the
 * expectations are shared, and a new cloud is picked up without editing this file.
 */

const SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD"];

describe.each(IMPLEMENTED_CLOUDS)("%s platform", (cloud) => {
  let read: CloudReader;
  const sets = (stack: string) => CLOUD_ENTRIES[cloud].stackSets(stack);
  let prod: MockRun<PlatformOutputs>;
  let staging: MockRun<PlatformOutputs>;
  beforeAll(async () => {
    // Each cloud's reader lives in its own folder: test/<cloud>/contract.ts.
    read = ((await import(`./${cloud}/contract`)) as { reader: CloudReader }).reader;
    prod = await runStack("production", sets("production"));
    staging = await runStack("staging", sets("staging"));
  });

  it("exports every stack output, none of them empty or secret-bearing", () => {
    for (const run of [prod, staging]) {
      expect(Object.keys(run.result).sort()).toEqual([...OUTPUT_NAMES].sort());
      for (const name of OUTPUT_NAMES) expect(run.result[name], name).not.toEqual("");
      expect(run.result.cloud).toBe(cloud);
      expect(String(run.result.databaseSecretRef)).not.toMatch(/mock-x/);
      expect(JSON.stringify(run.result)).not.toMatch(/mock-x{8}/);
    }
    expect(prod.result.apiUrl).toBe("https://api.entmoot.example.com");
  });

  it("is highly available in production and smaller in staging", () => {
    expect(read.databaseHighAvailability(prod.resources)).toBe(true);
    expect(read.cacheFailover(prod.resources)).toBe(true);
    expect(read.apiInstances(prod.resources)).toEqual({ min: 3, max: 5 });
    expect(read.databaseReplicas(prod.resources)).toBe(1);

    expect(read.databaseHighAvailability(staging.resources)).toBe(false);
    expect(read.cacheFailover(staging.resources)).toBe(false);
    expect(read.apiInstances(staging.resources)).toEqual({ min: 1, max: 2 });
    expect(read.databaseReplicas(staging.resources)).toBe(0);
    expect(staging.resources.length).toBeLessThan(prod.resources.length);
  });

  it("scales the large tier to 5-20 API instances with two read replicas", async () => {
    const large = await runStack("production", [...sets("production"), "entmoot:tier=large"]);
    expect(read.apiInstances(large.resources)).toEqual({ min: 5, max: 20 });
    expect(read.databaseReplicas(large.resources)).toBe(2);
  });

  it("keeps 30 days of backups in production and 7 in staging", () => {
    expect(read.databaseBackupDays(prod.resources)).toBe(30);
    expect(read.databaseBackupDays(staging.resources)).toBe(7);
  });

  it("encrypts data in transit and keeps the data stores private", () => {
    for (const run of [prod, staging]) {
      expect(read.databaseRequiresTls(run.resources)).toBe(true);
      expect(read.databasePublic(run.resources)).toBe(false);
      expect(read.cacheTlsAndAuth(run.resources)).toBe(true);
    }
  });

  it("protects every stateful resource in production, and none in staging", () => {
    for (const type of read.stateful) {
      const prodOfType = ofType(prod.resources, type);
      expect(prodOfType.length, type).toBeGreaterThan(0);
      expect(
        prodOfType.filter((r) => !r.protect).map((r) => r.name),
        type,
      ).toEqual([]);
      expect(
        ofType(staging.resources, type)
          .filter((r) => r.protect)
          .map((r) => r.name),
        type,
      ).toEqual([]);
    }
    expect(read.databaseDeletionProtection(prod.resources)).toBe(true);
    expect(read.databaseDeletionProtection(staging.resources)).toBe(false);
  });

  it("gives the API secrets only by reference from the secret store", () => {
    for (const run of [prod, staging]) {
      expect(read.apiSecretEnv(run.resources)).toEqual(expect.arrayContaining(SECRET_ENV));
      const plain = read.apiPlainEnv(run.resources);
      expect(plain).toEqual(expect.arrayContaining(DESIGN_PLAIN_ENV));
      for (const name of [...SECRET_ENV, "SENTRY_DSN"]) expect(plain).not.toContain(name);
    }
  });

  it("never puts a generated password in a plain input", () => {
    for (const run of [prod, staging]) {
      const passwords = ofType(run.resources, "random:index/randomPassword:RandomPassword");
      expect(passwords.length).toBeGreaterThan(0);
      // The mock's generated password; any occurrence outside a secret input is a leak.
      const leaked = run.resources.flatMap((r) =>
        Object.entries(r.inputs)
          .filter(([k, v]) => !r.secretInputs.includes(k) && /mock-x{8}/.test(JSON.stringify(v)))
          .map(([k]) => `${r.type} ${r.name}.${k}`),
      );
      expect(leaked).toEqual([]);
    }
  });

  it("alerts on every service target", () => {
    const t = read.alertThresholds(prod.resources);
    expect(t.latencyMs).toContain(500);
    expect(t.errorPercent.map((x) => Math.round(x * 1000) / 1000)).toContain(0.1);
    expect(t.dbLatencyMs).toContain(100);
    expect(t.cacheHitPercent).toContain(80);
    expect(read.availabilityProbe(prod.resources)).toBe(true);
  });

  it("keeps logs a year in production and a month in staging", () => {
    const prodDays = read.logRetentionDays(prod.resources);
    expect(prodDays.length).toBeGreaterThan(0);
    expect(new Set(prodDays)).toEqual(new Set([365]));
    expect(new Set(read.logRetentionDays(staging.resources))).toEqual(new Set([30]));
  });

  it("notifies the alert recipients from every alarm", () => {
    for (const run of [prod, staging]) expect(read.silentAlarms(run.resources)).toEqual([]);
  });

  it("rate-limits in production and not in staging", () => {
    expect(read.wafRateLimit(prod.resources)).toBe(true);
    expect(read.wafRateLimit(staging.resources)).toBe(false);
  });

  it("starts a new stack on a public placeholder image, not on an image nobody pushed yet", () => {
    // A new stack has no previous outputs: the API must come up healthy before any push.
    expect(prod.result.apiImage).not.toBe("");
    expect(String(prod.result.apiImage).startsWith(String(prod.result.imageRepository))).toBe(
      false,
    );
  });

  it("keeps the image of the last update when entmoot:image is empty (no rollback)", async () => {
    const deployed = `${String(prod.result.imageRepository)}@sha256:${"ab".repeat(32)}`;
    const again = await runCommitted("production", sets("production"), { apiImage: deployed });
    expect(again.result.apiImage).toBe(deployed);
  });

  it("changes nothing on the next update without entmoot:image, placeholder included", async () => {
    // The last update's outputs read back (the placeholder's reference, on a new stack) must
    // give the very same resources: reading the placeholder as a real image would drop what
    // makes it answer the health check.
    const next = await runCommitted("staging", sets("staging"), { ...staging.result });
    expect(next.result.apiImage).toBe(staging.result.apiImage);
    // A dynamic provider's serialised code (`__provider`) depends on how the program was
    // transpiled, not on the stack: left out.
    const inputs = (run: MockRun<PlatformOutputs>) =>
      run.resources.map(
        (r) => `${r.type} ${r.name} ${JSON.stringify({ ...r.inputs, __provider: undefined })}`,
      );
    expect(inputs(next)).toEqual(inputs(staging));
  });

  it("runs entmoot:image when set, without reading the last update", async () => {
    const image = `${String(prod.result.imageRepository)}@sha256:${"cd".repeat(32)}`;
    const pinned = await runCommitted(
      "production",
      [...sets("production"), `entmoot:image=${image}`],
      {
        apiImage: "registry.example.com/old@sha256:" + "ef".repeat(32),
      },
    );
    expect(pinned.result.apiImage).toBe(image);
  });

  it("runs migrations as a one-off job with the API's image, environment and secrets", async () => {
    const image = `${String(prod.result.imageRepository)}@sha256:${"12".repeat(32)}`;
    const run = await runCommitted(
      "production",
      [...sets("production"), `entmoot:image=${image}`],
      {},
    );
    const job = read.migrationJob(run.resources);
    expect(job.image).toBe(image);
    expect(job.command).toEqual(["alembic", "upgrade", "head"]);
    expect(job.plainEnv.sort()).toEqual(read.apiPlainEnv(run.resources).sort());
    expect(job.secretEnv.sort()).toEqual(read.apiSecretEnv(run.resources).sort());
    expect(String(run.result.migrateCommand)).toContain(job.name);
  });

  it("creates every cloud resource through an explicit provider", () => {
    const implicit = prod.resources.filter(
      (r) => r.custom && r.type.startsWith(`${cloud}:`) && r.provider === undefined,
    );
    expect(implicit.map((r) => r.type)).toEqual([]);
  });
});

/** A committed stack run with the outputs its last update left (what a self-reference reads). */
function runCommitted(
  stack: string,
  sets: readonly string[],
  previousOutputs: Record<string, unknown>,
): Promise<MockRun<PlatformOutputs>> {
  const config = loadStackConfig(ROOT, stack, sets);
  return runWithMocks(main, {
    stack,
    config: config.values,
    secretKeys: config.secretKeys,
    previousOutputs,
  });
}

describe("a broken config", () => {
  it("registers nothing but the stack and names every problem", async () => {
    const failure = await runStack("production", ["entmoot:cloud=gcp", "entmoot:tier=huge"]).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(MockRunError);
    const { cause, resources } = failure as MockRunError;
    expect((cause as Error).message).toMatch(
      /entmoot:tier: must be one of: small, medium, large[\s\S]*entmoot:gcpProject: required/,
    );
    expect(resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });
});
