import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "../../src/plan/harness";
import { runWithMocks } from "../../src/plan/harness";
import { APP_SETTINGS } from "../../src/appSettings";
import { CONSTRAINED_ZONE_IDS, usableZones, ZONE_QUERY } from "../../providers/aws/zones";
import { testSpec } from "../support/spec";
import { dependencyMap } from "./dependencies";

let deps = new Map<string, string[]>();

async function plan(environment: "production" | "staging") {
  const { createAwsContext } = await import("../../providers/aws/context");
  const { AwsKeys } = await import("../../providers/aws/keys");
  const { AwsNetwork } = await import("../../providers/aws/network");
  const { AwsSecurityGroups } = await import("../../providers/aws/securityGroups");
  const spec = testSpec("aws", environment, "medium");
  return runWithMocks(
    async () => {
      const context = createAwsContext(spec);
      const keys = new AwsKeys("keys", { context }, { provider: context.provider });
      const net = new AwsNetwork(
        "net",
        {
          environment,
          region: spec.region,
          tags: spec.tags,
          protect: spec.protect,
          spec: spec.network,
          logsKey: keys.logs,
        },
        { provider: context.provider },
      );
      new AwsSecurityGroups(
        "sg",
        { vpcId: net.vpc.id, apiPort: 8000, databasePort: 5432, cachePort: 6379 },
        { provider: context.provider },
      );
    },
    { stack: environment },
  ).then((run) => {
    deps = dependencyMap(run.resources);
    return run;
  });
}

describe("AwsNetwork", () => {
  let prod: readonly RecordedResource[];
  let staging: readonly RecordedResource[];
  beforeAll(async () => {
    prod = (await plan("production")).resources;
    staging = (await plan("staging")).resources;
  });
  const ofType = (rs: readonly RecordedResource[], t: string) => rs.filter((r) => r.type === t);

  it("spreads nine subnets over three Availability Zones by zone id, never an opted-in Local Zone nor use1-az3", () => {
    const subnets = ofType(prod, "aws:ec2/subnet:Subnet");
    expect(subnets).toHaveLength(9);
    // The mocked account has a Local Zone (use1-bos1-az1) that sorts first, as a real one would,
    // and lists use1-az3 third, which has no current instance families.
    expect(new Set(subnets.map((s) => s.inputs.availabilityZoneId))).toEqual(
      new Set(["use1-az1", "use1-az2", "use1-az4"]),
    );
    expect(subnets.every((s) => s.inputs.availabilityZone === undefined)).toBe(true);
    expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
  });

  it("asks for zones in every state: an impaired zone dropping out would shift the indexes, and a shifted index replaces subnets and replicas", () => {
    expect(ZONE_QUERY).not.toHaveProperty("state");
    expect(ZONE_QUERY.filters).toEqual([
      { name: "opt-in-status", values: ["opt-in-not-required"] },
    ]);
  });

  it("finds 2 usable zones in us-west-1, which the config rules therefore refuse", () => {
    const zones = usableZones(
      ["us-west-1a", "us-west-1b", "us-west-1c"],
      ["usw1-az1", "usw1-az2", "usw1-az3"],
    );
    expect(zones.map((z) => z.id)).toEqual(["usw1-az1", "usw1-az3"]);
  });

  it("runs a NAT per zone in production and one in staging", () => {
    expect(ofType(prod, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(ofType(staging, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
  });

  it("logs all traffic to an encrypted group with retention", () => {
    const [flow] = ofType(prod, "aws:ec2/flowLog:FlowLog");
    expect(flow?.inputs.trafficType).toBe("ALL");
    const [group] = ofType(prod, "aws:cloudwatch/logGroup:LogGroup");
    expect(group?.inputs.retentionInDays).toBe(365);
    expect(group?.inputs.kmsKeyId).toMatch(/^arn:aws:kms:/);
  });

  it("creates the flow log after its role's policy, and the role trusts only this account's flow logs", () => {
    expect(deps.get("aws:ec2/flowLog:FlowLog::net-flow-logs")).toContain(
      "aws:iam/rolePolicy:RolePolicy::net-flow-logs",
    );
    const role = ofType(staging, "aws:iam/role:Role").find((r) => r.name === "net-flow-logs")!;
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
    expect(trust.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*" },
    });
  });

  it("lets CloudWatch use the logs key only for this account's alarms (confused-deputy guard)", () => {
    const key = ofType(prod, "aws:kms/key:Key").find((k) => k.name === "keys-logs")!;
    const stmt = JSON.parse(String(key.inputs.policy)).Statement.find(
      (x: { Sid: string }) => x.Sid === "CloudWatchAlarmsPublish",
    );
    expect(stmt.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*" },
    });
  });

  it("lets the API reach its mail relay on every port SMTP_PORT accepts (587 STARTTLS, 465 SMTPS), not only 443", () => {
    const egress = ofType(prod, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
      .filter((r) => r.name.startsWith("sg-api-") && r.inputs.cidrIpv4 === "0.0.0.0/0")
      .map((r) => [r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort]);
    const smtpPorts = Array.from({ length: 65535 }, (_, i) => i + 1).filter((p) =>
      APP_SETTINGS.SMTP_PORT.valid(String(p)),
    );
    expect(smtpPorts).toEqual([465, 587]);
    for (const port of [443, ...smtpPorts]) expect(egress).toContainEqual(["tcp", port, port]);
    expect(egress).toHaveLength(3);
  });

  it("protects keys in production only", () => {
    expect(
      ofType(prod, "aws:kms/key:Key").every(
        (k) => k.protect && k.inputs.enableKeyRotation === true,
      ),
    ).toBe(true);
    expect(ofType(staging, "aws:kms/key:Key").some((k) => k.protect)).toBe(false);
  });
});

describe("usableZones (pure)", () => {
  it.each([
    // us-east-1 as an older account sees it: use1-az3 lacks current instance families.
    [
      ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"],
      ["use1-az4", "use1-az3", "use1-az1", "use1-az2"],
      ["use1-az4", "use1-az1", "use1-az2"],
    ],
    // ap-northeast-1: apne1-az3 is closed to new accounts and runs no Fargate.
    [
      ["ap-northeast-1a", "ap-northeast-1b", "ap-northeast-1c", "ap-northeast-1d"],
      ["apne1-az4", "apne1-az3", "apne1-az1", "apne1-az2"],
      ["apne1-az4", "apne1-az1", "apne1-az2"],
    ],
    // A region without constrained zones keeps EC2's (name) order: stacks keep their zones.
    [
      ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      ["euw1-az3", "euw1-az1", "euw1-az2"],
      ["euw1-az3", "euw1-az1", "euw1-az2"],
    ],
  ])("leaves out constrained zones and keeps the order of %j", (names, ids, expected) => {
    expect(usableZones(names, ids).map((z) => z.id)).toEqual(expected);
    // The same answer every run: nothing depends on a zone's live state.
    expect(usableZones(names, ids)).toEqual(usableZones(names, ids));
  });

  it("names the constrained zone ids it knows", () => {
    expect([...CONSTRAINED_ZONE_IDS].sort()).toEqual(["apne1-az3", "use1-az3", "usw1-az2"]);
  });
});
