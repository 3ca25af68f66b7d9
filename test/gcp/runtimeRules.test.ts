import { beforeAll, describe, expect, it } from "vitest";
import { REQUIRED_SERVICES } from "../../providers/gcp/services";
import type { RecordedResource } from "../../src/plan/harness";
import { key, named, ofType, runGcpStack, type GcpStackRun } from "./stackRun";

/*
 * What Cloud Run, Cloud Armor, Cloud SQL, Memorystore and Artifact Registry enforce on the API at
 * run time, checked on the whole GCP stack as `npm run plan` builds it: the mocks accept any of
 * these mistakes, Google does not.
 */

const RUN = "gcp:cloudrunv2/service:Service";
const JOB = "gcp:cloudrunv2/job:Job";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const DIGEST = "a".repeat(64);

type Any = any;
const envOf = (r: RecordedResource, containers: (i: Any) => Any[]) =>
  Object.fromEntries(
    (containers(r.inputs)[0].envs as { name: string; value?: string }[]).map((e) => [
      e.name,
      e.value,
    ]),
  );
const conditions = (run: GcpStackRun, stack: string, alert: string) =>
  (named(run.resources, ALERT, `entmoot-${stack}-monitoring-${alert}`).inputs as Any)
    .conditions as { displayName: string; conditionThreshold: Any }[];

describe.each(["production", "staging"])("GCP %s at run time", (stack) => {
  let run: GcpStackRun;
  beforeAll(async () => {
    run = await runGcpStack(stack);
  });

  it("lets the API sign storage URLs on Cloud Run: IAM Credentials signBlob is on and the runtime account is token creator on itself before the first revision or job", () => {
    expect(REQUIRED_SERVICES).toContain("iamcredentials.googleapis.com");
    const sa = ofType(run.resources, "gcp:serviceaccount/account:Account");
    expect(sa).toHaveLength(1);
    // The stack's project, as its providers are pinned to it.
    const project = String(ofType(run.resources, "pulumi:providers:gcp")[0]!.inputs.project);
    const email = `${sa[0]!.inputs.accountId}@${project}.iam.gserviceaccount.com`;
    const signer = ofType(run.resources, "gcp:serviceaccount/iAMMember:IAMMember");
    expect(signer.map((s) => s.inputs)).toEqual([
      {
        serviceAccountId: `projects/${project}/serviceAccounts/${email}`,
        role: "roles/iam.serviceAccountTokenCreator",
        member: `serviceAccount:${email}`,
      },
    ]);
    for (const type of [RUN, JOB]) {
      const [r] = ofType(run.resources, type);
      const waits = run.dependencies.get(key(type, r!.name)) ?? [];
      expect(waits, type).toContain(key(signer[0]!.type, signer[0]!.name));
    }
  });

  it("verifies every database host: DATABASE_CA_CERT holds the server CA of the primary and of each read replica, as each Cloud SQL instance signs with a CA of its own", () => {
    const instances = ofType(run.resources, SQL);
    expect(instances).toHaveLength(stack === "production" ? 2 : 1);
    for (const [type, containers] of [
      [RUN, (i: Any) => i.template.containers],
      [JOB, (i: Any) => i.template.template.containers],
    ] as const) {
      const env = envOf(ofType(run.resources, type)[0]!, containers);
      const bundle = String(env.DATABASE_CA_CERT);
      expect(bundle.match(/-----BEGIN CERTIFICATE-----/g), type).toHaveLength(instances.length);
      for (const i of instances) expect(bundle, i.name).toContain(`MOCK-cloudsql-${i.name}\n`);
      expect(env.DATABASE_SSL_MODE).toBe("verify-ca");
    }
  });

  it("lets a REST API's PUT, PATCH and DELETE through Cloud Armor: CRS rule 911100 (methodenforcement-v33-stable, sensitivity 1) allows only GET, HEAD, POST and OPTIONS", () => {
    const [armor] = ofType(run.resources, "gcp:compute/securityPolicy:SecurityPolicy");
    const expressions = ((armor!.inputs as Any).rules as Any[]).map(
      (r) => (r.match.expr?.expression ?? "") as string,
    );
    expect(expressions.filter((e) => e.includes("evaluatePreconfiguredWaf")).length).toBe(8);
    for (const e of expressions.filter((x) => x.includes("methodenforcement"))) {
      expect(e).toContain("owasp-crs-v030301-id911100-methodenforcement");
    }
  });

  it("judges the cache hit rate on the primary only and only under traffic: Memorystore's read and failover replicas serve no lookups and report a ratio near 0", () => {
    const alert = named(run.resources, ALERT, `entmoot-${stack}-monitoring-cache-hit-rate`);
    expect(alert.inputs.combiner).toBe("AND");
    const [ratio, traffic] = conditions(run, stack, "cache-hit-rate").map(
      (c) => c.conditionThreshold,
    );
    expect(ratio.filter).toContain('metric.type="redis.googleapis.com/stats/cache_hit_ratio"');
    expect(ratio.filter).toContain('metric.label.role="primary"');
    expect(ratio).toMatchObject({ comparison: "COMPARISON_LT", thresholdValue: 0.8 });
    expect(traffic.filter).toContain('metric.type="redis.googleapis.com/stats/keyspace_misses"');
    expect(traffic.filter).toContain('metric.label.role="primary"');
    expect(traffic).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 1 });
    expect(traffic.aggregations[0].perSeriesAligner).toBe("ALIGN_RATE");
  });

  it("alerts on Memorystore's system memory (out-of-memory risk above 80%) and on evictions, not on a full dataset, which is allkeys-lru's steady state", () => {
    const found = conditions(run, stack, "cache-memory").map((c) => c.conditionThreshold);
    const filters = found.map((t) => String(t.filter)).join("\n");
    expect(filters).not.toContain("stats/memory/usage_ratio");
    expect(found).toEqual([
      expect.objectContaining({
        filter: expect.stringContaining("stats/memory/system_memory_usage_ratio"),
        thresholdValue: 0.8,
      }),
      expect.objectContaining({
        filter: expect.stringContaining("stats/evicted_keys"),
        thresholdValue: 1,
      }),
    ]);
  });
});

describe("GCP image registry", () => {
  it("keeps the image the API runs: a KEEP on its sha256-<digest> tag outlasts the delete of images older than 90 days beyond the 20 newest", async () => {
    const image = `us-central1-docker.pkg.dev/entmoot-prod-123/entmoot-production-api-images/api@sha256:${DIGEST}`;
    const run = await runGcpStack("production", [`entmoot:image=${image}`]);
    const [repo] = ofType(run.resources, "gcp:artifactregistry/repository:Repository");
    const policies = (repo!.inputs as Any).cleanupPolicies as Any[];
    expect(policies.length).toBeLessThanOrEqual(10);
    expect(policies).toContainEqual({
      id: "keep-running",
      action: "KEEP",
      condition: { tagState: "TAGGED", tagPrefixes: [`sha256-${DIGEST}`] },
    });
    expect(policies).toContainEqual(
      expect.objectContaining({
        action: "DELETE",
        condition: expect.objectContaining({ olderThan: "7776000s" }),
      }),
    );
    const container = (ofType(run.resources, RUN)[0]!.inputs as Any).template.containers[0];
    expect(container.image).toBe(image);

    // The placeholder is Google's own public image: nothing of the stack's to keep.
    const fresh = await runGcpStack("production");
    const freshPolicies = (
      ofType(fresh.resources, "gcp:artifactregistry/repository:Repository")[0]!.inputs as Any
    ).cleanupPolicies as Any[];
    expect(freshPolicies.map((p) => p.id)).toEqual([
      "keep-recent",
      "delete-untagged",
      "delete-old",
    ]);
  });
});
