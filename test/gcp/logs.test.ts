import { describe, expect, it } from "vitest";
import { GcpLogs, platformLogFilter } from "../../providers/gcp/logs";
import { testSpec } from "../support/spec";

describe("GCP platform logs", () => {
  it("selects the platform's API, job, load balancer, database, cache, bucket and flow logs by name", () => {
    const filter = platformLogFilter("entmoot-production");
    const types = [
      "cloud_run_revision",
      "cloud_run_job",
      "http_load_balancer",
      "cloudsql_database",
      "redis_instance",
      "gce_subnetwork",
      "gcs_bucket",
    ];
    for (const type of types) expect(filter).toContain(`resource.type="${type}"`);
    expect(filter.match(/=~"entmoot-production"/g)).toHaveLength(types.length);
  });

  it.each([0, 3651, 1.5])("refuses a retention of %s days before registering anything", (days) => {
    const spec = testSpec("gcp", "production", "medium");
    const context = { spec, project: "entmoot-prod-123", provider: undefined as never };
    const base = {
      environment: "production" as const,
      region: spec.region,
      tags: spec.tags,
      protect: true,
    };
    expect(
      () => new GcpLogs("logs", { ...base, context, namePrefix: spec.name, retentionDays: days }),
    ).toThrow(`GcpLogs logs: retentionDays must be 1-3650 (got ${days})`);
  });
});
