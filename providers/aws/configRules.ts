import {
  zoneFoundByName,
  type CloudConfigView,
  type ConfigIssueDraft,
} from "../../src/configRules";

/** An ACM certificate ARN: partition, region, 12-digit account and the certificate's UUID. */
const ACM_ARN =
  /^arn:aws(-[a-z]+)*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Regions where an account gets fewer than the 3 usable Availability Zones the VPC spreads its
 * subnets (and so the standby database, the replicas and the cache nodes) over, with the reason.
 * AwsNetwork would stop on them only in the middle of the first `up`. ca-central-1 is not here:
 * Fargate, once limited to cac1-az1 and cac1-az2, now runs in all three of its zones.
 */
export const REGIONS_WITHOUT_THREE_ZONES: Readonly<Record<string, string>> = {
  "us-west-1":
    "accounts get 2 Availability Zones there (usw1-az1, usw1-az3; usw1-az2 is closed to new accounts and runs no Fargate)",
};

/** AWS's rules for the keys whose meaning only AWS knows. SDK-free: config checks load no cloud. */
export function checkConfig(c: CloudConfigView): ConfigIssueDraft[] {
  const issues: ConfigIssueDraft[] = [];
  const thin = c.region === undefined ? undefined : REGIONS_WITHOUT_THREE_ZONES[c.region];
  if (thin !== undefined) {
    issues.push({
      key: "region",
      value: c.region,
      message: `must offer 3 usable Availability Zones, which the network, database standby and cache replicas spread over: ${thin}`,
    });
  }
  if (c.certificate !== undefined) {
    const match = ACM_ARN.exec(c.certificate);
    if (!match) {
      issues.push({
        key: "certificate",
        value: c.certificate,
        message: `must be an ACM certificate ARN such as arn:aws:acm:${c.region ?? "<region>"}:123456789012:certificate/<uuid>`,
      });
    } else if (c.region !== undefined && match[2] !== c.region) {
      // An ALB can only attach a certificate from its own region.
      issues.push({
        key: "certificate",
        value: c.certificate,
        message: `must be an ACM certificate in entmoot:region (${c.region}), where the load balancer runs`,
      });
    }
  }
  // ACM issues a certificate only once its DNS validation record exists, and an ALB listener or a
  // CloudFront distribution refuses one that is not issued yet. With a Route 53 zone the program
  // writes the record and waits for issuance, so the first `up` of a new stack succeeds.
  if (c.dnsZone === undefined) {
    const needs: string[] = [];
    if (c.certificate === undefined)
      needs.push("the API's certificate (entmoot:certificate is unset)");
    // CloudFront takes certificates from us-east-1 only, for app.<domain>: the API's certificate
    // (entmoot:certificate) cannot stand in for it.
    if (c.frontend !== false) needs.push("the frontend's us-east-1 certificate for app.<domain>");
    if (needs.length > 0) {
      const zone = c.domain?.split(".").slice(1).join(".") ?? "example.com";
      issues.push({
        key: "dnsZone",
        value: undefined,
        message:
          `required on AWS for ${needs.join(" and ")}: a public Route 53 hosted zone of this ` +
          `account containing entmoot:domain (pulumi config set entmoot:dnsZone ${zone}), ` +
          "or entmoot:certificate with entmoot:frontend false",
      });
    }
  }
  if (c.accountId !== undefined && !/^\d{12}$/.test(c.accountId)) {
    issues.push({
      key: "accountId",
      value: c.accountId,
      message: "must be a 12-digit AWS account id such as 123456789012",
    });
  }
  issues.push(...zoneFoundByName(c));
  return issues;
}
