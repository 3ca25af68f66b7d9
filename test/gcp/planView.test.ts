import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/render";
import { node, plan } from "../support/plan";
import { GCP_SETS, ofType, runStack } from "../support/stack";

describe("what a reviewer checks in the GCP plan", () => {
  let gcp: Plan;
  beforeAll(async () => {
    gcp = await plan("production", GCP_SETS);
  });

  it("shows GCP alert thresholds as each alert defines them", () => {
    const conditions = (name: string) =>
      node(gcp, "gcp:monitoring/alertPolicy:AlertPolicy", `entmoot-production-monitoring-${name}`)
        .display?.conditions as string[];
    expect(conditions("api-latency")[0]).toMatch(/GT 500 ms for/);
    expect(conditions("db-latency")[0]).toMatch(/latencies GT 100 ms for/);
    expect(conditions("db-cpu")[0]).toMatch(/utilization GT 80% for/);
    expect(conditions("api-errors")[0]).toMatch(/\(ratio\) GT 0\.1% for/);
  });

  it("shows the API's image and environment, the migration job, and the operational outputs", () => {
    const job = node(gcp, "gcp:cloudrunv2/job:Job", "entmoot-production-api-migrate");
    expect(job.settings.image).toEqual([gcp.outputs.apiImage]);
    expect(job.settings.command).toHaveLength(1);
    const service = node(gcp, "gcp:cloudrunv2/service:Service", "entmoot-production-api");
    expect(service.settings.env).toEqual(expect.arrayContaining(['ENVIRONMENT="production"']));
    for (const output of ["imageRepository", "apiService", "migrateCommand", "frontendBucket"]) {
      expect(gcp.outputs[output], output).toEqual(expect.any(String));
    }
  });

  it("shows PITR and where the backups are kept", () => {
    const db = node(
      gcp,
      "gcp:sql/databaseInstance:DatabaseInstance",
      "entmoot-production-database",
    );
    expect(db.settings).toMatchObject({
      pointInTimeRecovery: true,
      backupLocation: "us-east1",
      "settings.backupConfiguration.backupRetentionSettings.retainedBackups": 30,
    });
  });

  it("shows the data bucket's dual-region placement", () => {
    const bucket = node(gcp, "gcp:storage/bucket:Bucket", "entmoot-production-storage-data");
    expect(bucket.settings.dataLocations).toEqual(["US-CENTRAL1", "US-EAST1"]);
  });

  it("shows the Cloud Armor rules with the rate limit", () => {
    const armor = node(
      gcp,
      "gcp:compute/securityPolicy:SecurityPolicy",
      "entmoot-production-lb-armor",
    );
    expect(armor.settings.rules).toEqual(
      expect.arrayContaining([expect.stringMatching(/rate limit 2000 requests per 300 s per IP/)]),
    );
  });

  it("marks the values the mocks made up as placeholders, and only those", () => {
    expect(gcp.placeholders).toEqual(
      expect.arrayContaining(["loadBalancerAddress", "cacheEndpoint"]),
    );
    expect(gcp.placeholders).not.toContain("storageBucket");
  });
});

describe("GCP DNS records", () => {
  it("puts the API's A record in the GCP zone that serves entmoot:dnsZone", async () => {
    const run = await runStack("production", [...GCP_SETS, "entmoot:dnsZone=entmoot.example.com"]);
    const [record] = ofType(run.resources, "gcp:dns/recordSet:RecordSet");
    expect(record?.inputs).toMatchObject({
      managedZone: "entmoot-example-com",
      name: "api.entmoot.example.com.",
      type: "A",
    });
  });
});
