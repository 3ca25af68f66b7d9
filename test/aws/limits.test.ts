import { beforeAll, describe, expect, it } from "vitest";
import type { MockRun, RecordedResource } from "../../src/plan/harness";
import type { PlatformOutputs } from "../../src/platform";
import { ofType, runStack } from "../support/stack";

/*
 * Limits the real AWS APIs and the provider enforce on names, checked on the committed stacks
 * (the mocks accept any name). Pulumi auto-names a resource `<logical name>-<7 hex>`, so an
 * auto-named resource needs 8 characters beyond its logical name.
 */
const SUFFIX = 8;

type Run = MockRun<PlatformOutputs>;
const runs: Record<string, Run> = {};
beforeAll(async () => {
  runs.production = await runStack("production");
  runs.staging = await runStack("staging");
});
const each = (type: string) =>
  Object.values(runs).flatMap((run) => ofType(run.resources, type)) as RecordedResource[];
const autoName = (r: RecordedResource, field = "name") =>
  typeof r.inputs[field] === "string" ? (r.inputs[field] as string) : `${r.name}-abcdef0`;

describe("AWS names fit the limits the real APIs enforce", () => {
  it("Route 53 health check referenceName fits the provider's 27-character limit", async () => {
    const checks = each("aws:route53/healthCheck:HealthCheck");
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(String(c.inputs.referenceName).length).toBeLessThanOrEqual(27);
    const { healthCheckReferenceName } = await import("../../providers/aws/monitoring");
    expect(healthCheckReferenceName("entmoot-production-monitoring")).toBe(
      "entmoot-production-monitori",
    );
    expect(healthCheckReferenceName("entmoot-staging-monitoring-")).toBe(
      "entmoot-staging-monitoring",
    );
  });

  it("ALB and target group names fit ELB's 32 characters with the auto-name suffix", () => {
    const elb = [
      ...each("aws:lb/loadBalancer:LoadBalancer"),
      ...each("aws:lb/targetGroup:TargetGroup"),
    ];
    expect(elb.length).toBe(4);
    for (const r of elb) expect(autoName(r).length).toBeLessThanOrEqual(32);
  });

  it("ElastiCache replication group ids fit 40 characters; RDS identifiers 63, lowercase", () => {
    for (const r of each("aws:elasticache/replicationGroup:ReplicationGroup"))
      expect(autoName(r, "replicationGroupId").length).toBeLessThanOrEqual(40);
    for (const r of each("aws:rds/instance:Instance"))
      expect(String(r.inputs.identifier)).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
  });

  it("S3 bucket names are lowercase and fit 63 characters; IAM role names fit 64", () => {
    for (const b of each("aws:s3/bucket:Bucket")) {
      const name = autoName(b, "bucket");
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9][a-z0-9.-]+[a-z0-9]$/);
    }
    for (const r of each("aws:iam/role:Role")) expect(autoName(r).length).toBeLessThanOrEqual(64);
  });

  it("CloudWatch log group, alarm and dashboard names fit their limits", () => {
    for (const g of each("aws:cloudwatch/logGroup:LogGroup"))
      expect(autoName(g).length).toBeLessThanOrEqual(512);
    for (const a of each("aws:cloudwatch/metricAlarm:MetricAlarm"))
      expect(autoName(a).length).toBeLessThanOrEqual(255);
    for (const d of each("aws:cloudwatch/dashboard:Dashboard"))
      expect(String(d.inputs.dashboardName)).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
  });

  it("WAF web ACL names and metric names use only letters, digits, - and _ within 128", () => {
    for (const acl of each("aws:wafv2/webAcl:WebAcl")) {
      expect(autoName(acl)).toMatch(/^[\w-]{1,128}$/);
      const metrics = [
        (acl.inputs.visibilityConfig as { metricName: string }).metricName,
        ...(acl.inputs.rules as { visibilityConfig: { metricName: string } }[]).map(
          (r) => r.visibilityConfig.metricName,
        ),
      ];
      for (const m of metrics) expect(m).toMatch(/^[\w-]{1,128}$/);
    }
  });

  it("CloudFront Function names fit 64 characters and log delivery sources/destinations 60, of letters, digits, - and _", () => {
    const named = (type: string, max: number) => {
      const rs = each(type);
      expect(rs.length).toBeGreaterThan(0);
      for (const r of rs) expect(autoName(r)).toMatch(new RegExp(`^[\\w-]{1,${max}}$`));
    };
    named("aws:cloudfront/function:Function", 64);
    named("aws:cloudwatch/logDeliverySource:LogDeliverySource", 60);
    named("aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", 60);
  });

  it(`keeps ${SUFFIX} characters of room for every auto-named resource it checks`, () => {
    expect(autoName({ name: "x", inputs: {} } as unknown as RecordedResource)).toHaveLength(
      1 + SUFFIX,
    );
  });
});
