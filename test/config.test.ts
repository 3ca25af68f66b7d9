import { describe, expect, it } from "vitest";
import { ConfigError, editDistance, nearestKey, parseConfig } from "../src/config";

const base = {
  "entmoot:cloud": "aws",
  "entmoot:environment": "production",
  "entmoot:tier": "medium",
  "entmoot:region": "us-east-1",
  "entmoot:drRegion": "us-west-2",
  "entmoot:domain": "api.example.com",
  "entmoot:dnsZone": "example.com",
  "entmoot:alertEmails": '["ops@example.com"]',
};
const staging = {
  ...base,
  "entmoot:environment": "staging",
  "entmoot:drRegion": "",
  "entmoot:alertEmails": "[]",
};
const gcp = {
  ...base,
  "entmoot:cloud": "gcp",
  "entmoot:region": "us-central1",
  "entmoot:drRegion": "us-east1",
  "entmoot:gcpProject": "entmoot-prod-123",
};

/** The issues parseConfig reports for `raw`, as "key: message" lines. */
function problems(raw: Record<string, unknown>, secretKeys: string[] = []): ConfigError["issues"] {
  try {
    parseConfig(raw, { secretKeys });
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe("parseConfig accepts", () => {
  it("a production stack as the CLI hands it over (strings, JSON arrays)", () => {
    const config = parseConfig(base);
    expect(config).toMatchObject({
      cloud: "aws",
      environment: "production",
      tier: "medium",
      region: "us-east-1",
      drRegion: "us-west-2",
    });
    expect(config.alertEmails).toEqual(["ops@example.com"]);
    expect(config.frontend).toBe(true);
    expect(config.minInstances).toBeUndefined();
  });

  it("typed values, as tests and tools pass them", () => {
    const config = parseConfig({
      ...base,
      "entmoot:alertEmails": ["a@example.com", "b@example.com"],
      "entmoot:frontend": false,
      "entmoot:dbReplicas": 0,
    });
    expect(config.alertEmails).toHaveLength(2);
    expect(config.frontend).toBe(false);
    expect(config.dbReplicas).toBe(0);
  });

  it("staging without drRegion or alertEmails", () => {
    expect(parseConfig(staging).drRegion).toBeUndefined();
  });

  it("gcp with a project id", () => {
    expect(parseConfig(gcp).gcpProject).toBe("entmoot-prod-123");
  });

  it("-1 as 'keep the tier's value' for integer overrides", () => {
    expect(
      parseConfig({ ...base, "entmoot:minInstances": "-1", "entmoot:cacheNodes": -1 }).minInstances,
    ).toBeUndefined();
  });

  it("keys of other namespaces untouched", () => {
    expect(() => parseConfig({ ...base, "aws:region": "eu-west-1" })).not.toThrow();
  });

  it("a sentryDsn stored as a secret", () => {
    const config = parseConfig(
      { ...base, "entmoot:sentryDsn": "https://abc@o1.ingest.sentry.io/42" },
      { secretKeys: ["entmoot:sentryDsn"] },
    );
    expect(config.sentryDsn).toBe("https://abc@o1.ingest.sentry.io/42");
  });

  it("an ACM certificate ARN in the load balancer's region", () => {
    const arn =
      "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    expect(parseConfig({ ...base, "entmoot:certificate": arn }).certificate).toBe(arn);
  });

  it("API settings as NAME=value items, each kept by name", () => {
    const config = parseConfig({
      ...base,
      "entmoot:appSettings": '["CACHE_DEFAULT_TTL_SECONDS=600","SMTP_HOST=smtp.example.com"]',
    });
    expect(config.appSettings).toEqual({
      CACHE_DEFAULT_TTL_SECONDS: "600",
      SMTP_HOST: "smtp.example.com",
    });
  });

  it("an AWS account id to pin the stack to", () => {
    expect(parseConfig({ ...base, "entmoot:accountId": "123456789012" }).accountId).toBe(
      "123456789012",
    );
  });

  it("a pinned image reference", () => {
    expect(
      parseConfig({
        ...base,
        "entmoot:image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/entmoot-api:1.4.2",
      }).image,
    ).toContain("1.4.2");
  });
});

describe("parseConfig refuses", () => {
  // Each row: a broken config, the key that must be named, and a phrase of what is allowed.
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      "missing cloud",
      { ...base, "entmoot:cloud": undefined },
      "entmoot:cloud",
      /required; allowed: aws, gcp, azure/,
    ],
    [
      "unknown cloud",
      { ...base, "entmoot:cloud": "oracle" },
      "entmoot:cloud",
      /one of: aws, gcp, azure/,
    ],
    [
      "unknown environment",
      { ...base, "entmoot:environment": "prod" },
      "entmoot:environment",
      /one of: production, staging/,
    ],
    [
      "unknown tier",
      { ...base, "entmoot:tier": "xl" },
      "entmoot:tier",
      /one of: small, medium, large/,
    ],
    ["missing region", { ...base, "entmoot:region": "" }, "entmoot:region", /required/],
    [
      "region of another cloud",
      { ...gcp, "entmoot:region": "us-east-1" },
      "entmoot:region",
      /not a gcp region; allowed: us-central1/,
    ],
    [
      "drRegion of another cloud",
      { ...base, "entmoot:drRegion": "us-central1" },
      "entmoot:drRegion",
      /not a aws region/,
    ],
    [
      "drRegion equal to region",
      { ...base, "entmoot:drRegion": "us-east-1" },
      "entmoot:drRegion",
      /must differ/,
    ],
    [
      "production without drRegion",
      { ...base, "entmoot:drRegion": "" },
      "entmoot:drRegion",
      /required in production/,
    ],
    [
      "gcp without project",
      { ...gcp, "entmoot:gcpProject": "" },
      "entmoot:gcpProject",
      /required when entmoot:cloud is gcp/,
    ],
    [
      "malformed gcp project",
      { ...gcp, "entmoot:gcpProject": "My_Project" },
      "entmoot:gcpProject",
      /6-30 lowercase/,
    ],
    [
      "aws certificate that is not an ACM ARN",
      { ...base, "entmoot:certificate": "my-cert" },
      "entmoot:certificate",
      /must be an ACM certificate ARN/,
    ],
    [
      "aws certificate from another region than the load balancer's",
      {
        ...base,
        "entmoot:certificate":
          "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
      },
      "entmoot:certificate",
      /must be an ACM certificate in entmoot:region \(us-east-1\)/,
    ],
    [
      "an unknown API setting",
      { ...base, "entmoot:appSettings": '["CACHE_TTL=5"]' },
      "entmoot:appSettings",
      /unknown setting; allowed: CACHE_DEFAULT_TTL_SECONDS/,
    ],
    [
      "an API setting outside its rule",
      { ...base, "entmoot:appSettings": '["STORAGE_MAX_UPLOAD_MB=5000"]' },
      "entmoot:appSettings",
      /STORAGE_MAX_UPLOAD_MB must be a whole number of MB from 1 to 1024/,
    ],
    [
      "an API setting the platform derives",
      { ...base, "entmoot:appSettings": '["DATABASE_HOST=db.example.com"]' },
      "entmoot:appSettings",
      /set by the platform from the stack and cannot be overridden/,
    ],
    [
      "an API setting given twice",
      { ...base, "entmoot:appSettings": '["LOG_FORMAT=json","LOG_FORMAT=text"]' },
      "entmoot:appSettings",
      /LOG_FORMAT is given twice/,
    ],
    [
      "an API setting without =",
      { ...base, "entmoot:appSettings": '["LOG_FORMAT"]' },
      "entmoot:appSettings",
      /must be NAME=value/,
    ],
    [
      "aws dnsZone in another cloud's resource-group form",
      { ...base, "entmoot:dnsZone": "dns-rg/example.com" },
      "entmoot:dnsZone",
      /must be the zone's name alone/,
    ],
    [
      "gcp dnsZone in another cloud's resource-group form",
      { ...gcp, "entmoot:dnsZone": "dns-rg/example.com" },
      "entmoot:dnsZone",
      /must be the zone's name alone/,
    ],
    [
      "a dnsZone whose zone name is no DNS name",
      { ...base, "entmoot:dnsZone": "Example_Zone" },
      "entmoot:dnsZone",
      /must name a DNS zone such as example.com/,
    ],
    [
      "an AWS accountId that is not a 12-digit account id",
      { ...base, "entmoot:accountId": "prod-account" },
      "entmoot:accountId",
      /12-digit AWS account id/,
    ],
    [
      "an accountId on GCP, where gcpProject names the project",
      { ...gcp, "entmoot:accountId": "123456789012" },
      "entmoot:accountId",
      /not used on GCP/,
    ],
    [
      "an Azure accountId that is not a subscription id",
      {
        ...base,
        "entmoot:cloud": "azure",
        "entmoot:region": "eastus",
        "entmoot:drRegion": "westus2",
        "entmoot:dnsZone": "dns-rg/example.com",
        "entmoot:accountId": "123456789012",
      },
      "entmoot:accountId",
      /Azure subscription id/,
    ],
    [
      "bad alert email",
      { ...base, "entmoot:alertEmails": '["not-an-email"]' },
      "entmoot:alertEmails",
      /not an email address/,
    ],
    [
      "alert emails not a list",
      { ...base, "entmoot:alertEmails": "ops@example.com" },
      "entmoot:alertEmails",
      /list of strings/,
    ],
    [
      "production without alert emails",
      { ...base, "entmoot:alertEmails": "[]" },
      "entmoot:alertEmails",
      /required in production/,
    ],
    ["missing domain", { ...base, "entmoot:domain": undefined }, "entmoot:domain", /required/],
    [
      "domain with a scheme",
      { ...base, "entmoot:domain": "https://api.example.com" },
      "entmoot:domain",
      /DNS name/,
    ],
    [
      "dnsZone not a parent of domain",
      { ...base, "entmoot:dnsZone": "other.com" },
      "entmoot:dnsZone",
      /parent domains/,
    ],
    [
      "fractional instance count",
      { ...base, "entmoot:minInstances": "2.5" },
      "entmoot:minInstances",
      /whole number/,
    ],
    [
      "zero minimum instances",
      { ...base, "entmoot:minInstances": 0 },
      "entmoot:minInstances",
      /from 1 to 100/,
    ],
    [
      "negative replicas",
      { ...base, "entmoot:dbReplicas": -3 },
      "entmoot:dbReplicas",
      /from 0 to 5/,
    ],
    [
      "text for a count",
      { ...base, "entmoot:cacheNodes": "three" },
      "entmoot:cacheNodes",
      /whole number/,
    ],
    [
      "min above max",
      { ...base, "entmoot:minInstances": 6, "entmoot:maxInstances": 4 },
      "entmoot:minInstances",
      /must not exceed entmoot:maxInstances \(4\)/,
    ],
    [
      "frontend not a boolean",
      { ...base, "entmoot:frontend": "yes" },
      "entmoot:frontend",
      /true or false/,
    ],
    [
      "image with spaces",
      { ...base, "entmoot:image": "my image" },
      "entmoot:image",
      /image reference/,
    ],
    [
      "typo in a key",
      { ...base, "entmoot:regoin": "us-east-1" },
      "entmoot:regoin",
      /did you mean entmoot:region\?/,
    ],
    [
      "case typo in a key",
      { ...base, "entmoot:AlertEmail": "x" },
      "entmoot:AlertEmail",
      /did you mean entmoot:alertEmails\?/,
    ],
  ];

  it.each(cases)("%s", (_label, raw, key, allowed) => {
    const issues = problems(raw);
    const issue = issues.find((i) => i.key === key);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toMatch(allowed);
  });

  it("a sentryDsn stored in plain text, without echoing it", () => {
    const issues = problems({ ...base, "entmoot:sentryDsn": "https://abc@o1.ingest.sentry.io/42" });
    expect(issues).toEqual([
      { key: "entmoot:sentryDsn", value: "[redacted]", message: expect.stringMatching(/--secret/) },
    ]);
    expect(JSON.stringify(issues)).not.toContain("abc@o1");
  });

  it("a secret passed as an API setting, without echoing its value", () => {
    const issues = problems({ ...base, "entmoot:appSettings": '["SMTP_PASSWORD=hunter2"]' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(
      /SMTP_PASSWORD is a secret: fill it in the cloud's secret store/,
    );
    expect(JSON.stringify(issues)).not.toContain("hunter2");
  });

  it("names the value given in the message", () => {
    expect(() => parseConfig({ ...base, "entmoot:tier": "xl" })).toThrow(
      /entmoot:tier: must be one of: small, medium, large \(given: "xl"\)/,
    );
  });

  it("reports every problem at once", () => {
    const issues = problems({
      "entmoot:cloud": "gcp",
      "entmoot:environment": "production",
      "entmoot:region": "us-east-1",
      "entmoot:tier": "huge",
      "entmoot:colud": "x",
    });
    expect(issues.map((i) => i.key).sort()).toEqual(
      [
        "entmoot:alertEmails",
        "entmoot:colud",
        "entmoot:domain",
        "entmoot:drRegion",
        "entmoot:gcpProject",
        "entmoot:region",
        "entmoot:tier",
      ].sort(),
    );
  });

  it("something that is not a map", () => {
    expect(() => parseConfig("cloud=aws")).toThrow(ConfigError);
  });
});

describe("key suggestions", () => {
  it.each([
    ["kitten", "sitting", 3],
    ["region", "region", 0],
    ["", "abc", 3],
  ])("editDistance(%s, %s) = %i", (a, b, d) => expect(editDistance(a, b)).toBe(d));

  it.each([
    ["dr_region", "drRegion"],
    ["maxInstance", "maxInstances"],
    ["sentry", "sentryDsn"],
    ["gcpproject", "gcpProject"],
  ])("%s -> %s", (typo, key) => expect(nearestKey(typo)).toBe(key));
});
