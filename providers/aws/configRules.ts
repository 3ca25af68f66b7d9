import type { CloudConfigView, ConfigIssueDraft } from "../../src/configRules";

/** An ACM certificate ARN: partition, region, 12-digit account and the certificate's UUID. */
const ACM_ARN =
  /^arn:aws(-[a-z]+)*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** AWS's rules for the keys whose meaning only AWS knows. SDK-free: config checks load no cloud. */
export function checkConfig(c: CloudConfigView): ConfigIssueDraft[] {
  const issues: ConfigIssueDraft[] = [];
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
  return issues;
}
