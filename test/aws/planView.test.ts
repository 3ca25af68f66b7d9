import { beforeAll, describe, expect, it } from "vitest";
import { renderPlan, type Plan } from "../../src/plan/render";
import { node, plan } from "../support/plan";

describe("what a reviewer checks in the AWS plan", () => {
  let aws: Plan;
  beforeAll(async () => {
    aws = await plan("production");
  });
  const alarm = (name: string) =>
    node(aws, "aws:cloudwatch/metricAlarm:MetricAlarm", `entmoot-production-monitoring-${name}`);

  it("shows CloudWatch thresholds in the unit a reviewer reads: seconds of latency as ms, bytes as GiB", () => {
    expect(alarm("api-latency-p95").display?.threshold).toBe("500 ms");
    expect(alarm("db-read-latency").display?.threshold).toBe("100 ms");
    // 5% of the medium tier's 200 GB: storage autoscaling acts at 10%, this fires if it did not.
    expect(alarm("db-free-storage").display?.threshold).toBe("10 GiB");
    expect(alarm("api-error-rate").display?.threshold).toBe("0.1%");
    expect(alarm("db-cpu").display?.threshold).toBe("80%");
    // The JSON keeps the value AWS takes.
    expect(alarm("api-latency-p95").settings.threshold).toBe(0.5);
  });

  it("shows the migration job's image and command, and the operational outputs", () => {
    const task = node(
      aws,
      "aws:ecs/taskDefinition:TaskDefinition",
      "entmoot-production-api-migrate",
    );
    expect(task.settings.image).toEqual([aws.outputs.apiImage]);
    expect(task.settings.command).toHaveLength(1);
    for (const output of ["imageRepository", "apiService", "migrateCommand", "frontendBucket"]) {
      expect(aws.outputs[output], output).toEqual(expect.any(String));
    }
  });

  it("shows backups with PITR, their location and their copies", () => {
    const rules = node(aws, "aws:backup/plan:Plan", "entmoot-production-backup").settings
      .rules as string[];
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^continuous .*kept 30 days, continuous \(PITR\)$/),
        expect.stringMatching(/^daily .*copy to .*backup-dr kept 30 days$/),
      ]),
    );
    expect(
      node(
        aws,
        "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
        "entmoot-production-db-dr-backups",
      ).region,
    ).toBe("us-west-2");
  });

  it("shows replication to the DR region", () => {
    const replication = node(
      aws,
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      "entmoot-production-storage",
    );
    expect(replication.display?.replication).toEqual([
      expect.stringMatching(/^disaster-recovery \(Enabled\) to .*storage-replica/),
    ]);
    expect(node(aws, "aws:s3/bucket:Bucket", "entmoot-production-storage-replica").region).toBe(
      "us-west-2",
    );
  });

  it("shows the WAF rules with the rate limit", () => {
    const waf = node(aws, "aws:wafv2/webAcl:WebAcl", "entmoot-production-lb-waf");
    expect(waf.settings.rules).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/rate limit 2000 requests per 300 s per IP -> block$/),
      ]),
    );
  });

  it("shows the ECS rollback settings", () => {
    const service = node(aws, "aws:ecs/service:Service", "entmoot-production-api");
    expect(service.settings).toMatchObject({ circuitBreakerRollback: true, alarmRollback: true });
    expect(service.settings.rollbackAlarms).toHaveLength(2);
  });

  it("shows each resource's region, read from its provider", () => {
    expect(aws.region).toBe("us-east-1");
    expect(node(aws, "aws:kms/key:Key", "entmoot-production-keys-data").region).toBe("us-east-1");
    expect(node(aws, "aws:kms/key:Key", "entmoot-production-keys-data-dr").region).toBe(
      "us-west-2",
    );
    expect(renderPlan(aws)).toMatch(/entmoot-production-keys-data-dr \[protected\] @us-west-2/);
  });

  it("marks the values the mocks made up as placeholders, and only those", () => {
    expect(aws.placeholders).toEqual(
      expect.arrayContaining(["loadBalancerAddress", "databaseEndpoint", "imageRepository"]),
    );
    expect(aws.placeholders).not.toContain("apiUrl");
    expect(aws.placeholders).not.toContain("frontendUrl");
    expect(aws.placeholders).not.toContain("apiImage");
    const text = renderPlan(aws);
    expect(text).toContain("apiUrl: https://api.entmoot.example.com\n");
    expect(text).toMatch(/loadBalancerAddress: \S+ \(placeholder\)\n/);
  });
});
