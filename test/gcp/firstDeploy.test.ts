import { CLOUD_ENTRIES } from "../../providers";
import { beforeAll, describe, expect, it } from "vitest";
import { REQUIRED_SERVICES } from "../../providers/gcp/services";
import type { RecordedResource } from "../../src/plan/harness";
import { key, named, ofType, runGcpStack, type GcpStackRun } from "./stackRun";

/*
 * What the real provider and APIs enforce on the first `pulumi up` of an empty project, and on
 * names, checked on the whole GCP stack as `npm run plan` builds it. The mocks accept anything;
 * these tests hold the program to what Google does not.
 */

/** The API each resource type is created through (module of the type token -> API). */
const API_OF_MODULE: Record<string, string> = {
  artifactregistry: "artifactregistry.googleapis.com",
  cloudrunv2: "run.googleapis.com",
  compute: "compute.googleapis.com",
  dns: "dns.googleapis.com",
  logging: "logging.googleapis.com",
  monitoring: "monitoring.googleapis.com",
  projects: "cloudresourcemanager.googleapis.com",
  redis: "redis.googleapis.com",
  secretmanager: "secretmanager.googleapis.com",
  serviceaccount: "iam.googleapis.com",
  servicenetworking: "servicenetworking.googleapis.com",
  sql: "sqladmin.googleapis.com",
  storage: "storage.googleapis.com",
};

const SERVICE = "gcp:projects/service:Service";
const PROVIDER = "pulumi:providers:gcp";
const RUN = "gcp:cloudrunv2/service:Service";
const JOB = "gcp:cloudrunv2/job:Job";

/** Pulumi's autonaming appends "-" and 7 random characters to the logical name. */
const autonamed = (r: RecordedResource) => r.name.length + 8;

describe.each(["production", "staging"])("GCP %s on its first up", (stack) => {
  // Each stack has its own project (the registry's stackSets).
  const project = CLOUD_ENTRIES.gcp
    .stackSets(stack)
    .find((s) => s.startsWith("entmoot:gcpProject="))!
    .split("=")[1]!;
  let run: GcpStackRun;
  beforeAll(async () => {
    run = await runGcpStack(stack);
  });
  const gcpResources = () =>
    run.resources.filter((r) => r.custom && r.type.startsWith("gcp:") && r.type !== SERVICE);

  it("enables the API of every resource it creates (iam.googleapis.com before the service account)", () => {
    const enabled = new Set(ofType(run.resources, SERVICE).map((s) => s.inputs.service));
    expect([...enabled].sort()).toEqual([...REQUIRED_SERVICES].sort());
    const needed = new Set(
      gcpResources().map((r) => {
        const module = r.type.split(":")[1]?.split("/")[0] ?? "";
        const api = API_OF_MODULE[module];
        if (api === undefined) throw new Error(`no API known for ${r.type}: add it here`);
        return api;
      }),
    );
    for (const api of needed) expect(enabled, api).toContain(api);
    // serviceusage enables the others and cannot enable itself: a documented prerequisite.
    expect(enabled).not.toContain("serviceusage.googleapis.com");
  });

  it("creates nothing through the platform's provider before every API is on", () => {
    const provider = run.resources.find(
      (r) => r.type === PROVIDER && r.name.endsWith("-gcp") && !r.name.includes("bootstrap"),
    );
    expect(provider).toBeDefined();
    const waits = run.dependencies.get(key(PROVIDER, provider!.name)) ?? [];
    const services = ofType(run.resources, SERVICE).map((s) => key(SERVICE, s.name));
    expect(waits).toEqual(expect.arrayContaining(services));
    for (const r of gcpResources()) expect(r.provider, r.name).toContain(provider!.name);
  });

  it("bills API quota to the stack's project, also with a user's gcloud credentials", () => {
    for (const p of ofType(run.resources, PROVIDER)) {
      expect(p.inputs, p.name).toMatchObject({
        project,
        billingProject: project,
        userProjectOverride: "true",
      });
    }
  });

  it("starts no revision or migration before its secret versions, grants and database user exist", () => {
    for (const type of [RUN, JOB]) {
      const [resource] = ofType(run.resources, type);
      const waits = run.dependencies.get(key(type, resource!.name)) ?? [];
      const names = waits.map((w) => w.split("::").pop());
      for (const needed of [
        `entmoot-${stack}-secrets-database-password`,
        `entmoot-${stack}-cache-auth`,
        `entmoot-${stack}-secrets-smtp-password`,
        `entmoot-${stack}-database-entmoot`,
        `entmoot-${stack}-api-secret-database-password`,
        `entmoot-${stack}-api-secret-redis-password`,
      ]) {
        expect(names, `${type} waits for ${needed}`).toContain(needed);
      }
      expect(waits.some((w) => w.startsWith("gcp:sql/user:User::"))).toBe(true);
    }
  });

  it("verifies the database and cache servers against their private CAs", () => {
    const envs = (ofType(run.resources, RUN)[0]!.inputs as any).template.containers[0].envs as {
      name: string;
      value?: string;
    }[];
    const env = Object.fromEntries(envs.map((e) => [e.name, e.value]));
    expect(env.DATABASE_SSL_MODE).toBe("verify-ca");
    expect(env.DATABASE_CA_CERT).toContain("-----BEGIN CERTIFICATE-----");
    expect(env.REDIS_CA_CERT).toContain("-----BEGIN CERTIFICATE-----");
    expect(env.REDIS_TLS).toBe("true");
  });

  it("fits Memorystore's 40-character instance id, autonamed", () => {
    const [cache] = ofType(run.resources, "gcp:redis/instance:Instance");
    expect(cache!.inputs.name).toBeUndefined();
    expect(autonamed(cache!)).toBeLessThanOrEqual(40);
  });

  it("fits Cloud Run's 49-character service and job names, autonamed", () => {
    for (const r of [...ofType(run.resources, RUN), ...ofType(run.resources, JOB)]) {
      expect(autonamed(r), r.name).toBeLessThanOrEqual(49);
    }
    expect(ofType(run.resources, JOB).map((j) => j.name)).toEqual([`entmoot-${stack}-api-migrate`]);
  });

  it("never fixes a Cloud SQL instance name: a deleted instance's name stays taken for about a week", () => {
    for (const r of ofType(run.resources, "gcp:sql/databaseInstance:DatabaseInstance")) {
      // Autonamed: a recreate gets a new random suffix instead of a name still reserved.
      expect(r.inputs.name, r.name).toBeUndefined();
      expect(autonamed(r)).toBeLessThanOrEqual(98 - `${project}:`.length);
    }
  });

  it("gives the log bucket a fresh id: a deleted log bucket's id stays taken for 7 days", () => {
    const [bucket] = ofType(run.resources, "gcp:logging/projectBucketConfig:ProjectBucketConfig");
    expect(bucket!.inputs.bucketId).toMatch(new RegExp(`^entmoot-${stack}-logs-[0-9a-f]{6}$`));
    expect(String(bucket!.inputs.bucketId).length).toBeLessThanOrEqual(100);
    // A bucket made before the suffix keeps its id instead of being replaced with its logs.
    expect(bucket!.ignoreChanges).toContain("bucketId");
  });

  it("keeps the platform's logs out of _Default, stored once, in its own bucket", () => {
    const sink = named(
      run.resources,
      "gcp:logging/projectSink:ProjectSink",
      `entmoot-${stack}-logs`,
    );
    const [exclusion] = ofType(run.resources, "gcp:logging/projectExclusion:ProjectExclusion");
    expect(exclusion!.inputs.filter).toBe(sink.inputs.filter);
    expect(exclusion!.inputs.disabled).toBeUndefined();
  });

  it("fits the GCP limits on service account ids (6-30) and bucket names (63)", () => {
    for (const sa of ofType(run.resources, "gcp:serviceaccount/account:Account")) {
      expect(String(sa.inputs.accountId)).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    }
    for (const b of ofType(run.resources, "gcp:storage/bucket:Bucket")) {
      const name = b.inputs.name as string | undefined;
      expect(name === undefined ? autonamed(b) : name.length, b.name).toBeLessThanOrEqual(63);
    }
  });

  it("exports the operational handles", () => {
    const out = run.result;
    expect(String(out.imageRepository).startsWith(`us-central1-docker.pkg.dev/${project}/`)).toBe(
      true,
    );
    expect(out.apiService).toBe(`entmoot-${stack}-api`);
    expect(out.migrateCommand).toBe(
      `gcloud run jobs execute entmoot-${stack}-api-migrate --region us-central1 --project ${project} --wait`,
    );
    expect(out.frontendBucket).toBe(`entmoot-${stack}-frontend`);
    expect(out.apiImage).toBe("us-docker.pkg.dev/cloudrun/container/hello");
  });
});
