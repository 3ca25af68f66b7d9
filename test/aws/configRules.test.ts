import { describe, expect, it } from "vitest";
import { checkConfig } from "../../providers/aws/configRules";
import type { CloudConfigView } from "../../src/configRules";

const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
const base: CloudConfigView = {
  environment: "staging",
  region: "us-east-1",
  domain: "api.staging.example.com",
  dnsZone: "example.com",
  frontend: true,
};
const keys = (c: CloudConfigView) => checkConfig(c).map((i) => i.key);

describe("AWS config rules", () => {
  it("accepts a Route 53 zone for the managed certificates", () => {
    expect(checkConfig(base)).toEqual([]);
  });

  it("requires dnsZone when the API needs a managed certificate: ACM issues only after DNS validation, and the listener refuses an unissued one", () => {
    const issues = checkConfig({ ...base, dnsZone: undefined, frontend: false });
    expect(issues).toEqual([
      expect.objectContaining({
        key: "dnsZone",
        message: expect.stringContaining("pulumi config set entmoot:dnsZone staging.example.com"),
      }),
    ]);
  });

  it("requires dnsZone for the frontend even with a certificate: CloudFront needs its own us-east-1 certificate for app.<domain>", () => {
    expect(keys({ ...base, dnsZone: undefined, certificate: ARN })).toEqual(["dnsZone"]);
    expect(checkConfig({ ...base, dnsZone: undefined, certificate: ARN })[0]!.message).toMatch(
      /frontend's us-east-1 certificate/,
    );
  });

  it("accepts no zone with an issued certificate and no frontend", () => {
    expect(checkConfig({ ...base, dnsZone: undefined, certificate: ARN, frontend: false })).toEqual(
      [],
    );
  });

  it("refuses a region with fewer than 3 usable Availability Zones (us-west-1 gives accounts 2), before the first up would stop creating subnets", () => {
    expect(checkConfig({ ...base, region: "us-west-1" })).toEqual([
      expect.objectContaining({
        key: "region",
        value: "us-west-1",
        message: expect.stringMatching(/3 usable Availability Zones.*usw1-az1, usw1-az3/),
      }),
    ]);
    // The DR region holds backups, replicas of secrets and objects, no network.
    expect(checkConfig({ ...base, drRegion: "us-west-1" })).toEqual([]);
  });

  it("accepts ca-central-1: Fargate runs in all three of its zones now, not only cac1-az1 and cac1-az2", () => {
    expect(checkConfig({ ...base, region: "ca-central-1" })).toEqual([]);
  });

  it.each([
    ["not an ARN", "my-cert", /must be an ACM certificate ARN/],
    [
      "from another region than the ALB's",
      ARN.replace("us-east-1", "eu-west-1"),
      /in entmoot:region \(us-east-1\)/,
    ],
  ])("refuses a certificate %s", (_what, certificate, message) => {
    const issues = checkConfig({ ...base, certificate });
    expect(issues).toEqual([
      expect.objectContaining({ key: "certificate", message: expect.stringMatching(message) }),
    ]);
  });
});
