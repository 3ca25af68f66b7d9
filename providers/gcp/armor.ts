import type * as inputs from "@pulumi/gcp/types/input";
import type { LoadBalancerSpec } from "../../src/platform";

/**
 * Cloud Armor rules of the API's backend, as plain data so the rule set is tested without mocks.
 * Order matters: the first matching rule decides. The WAF rules come first (they only match
 * attacks), then the rate limit (its conform action is `allow`, which would end evaluation for
 * everything it matches), then the default allow.
 */

/**
 * OWASP CRS 3.3 rule sets of Cloud Armor's preconfigured WAF that apply to a JSON API. Not
 * `methodenforcement-v33-stable`: its one signature, owasp-crs-v030301-id911100-methodenforcement
 * (sensitivity 1), allows only GET, HEAD, POST and OPTIONS, so the REST API's PUT, PATCH and
 * DELETE would get 403; opting out of that signature would leave the set empty. The API answers
 * a method it does not route with 405 itself.
 */
export const WAF_RULE_SETS = [
  "sqli-v33-stable",
  "xss-v33-stable",
  "lfi-v33-stable",
  "rfi-v33-stable",
  "rce-v33-stable",
  "scannerdetection-v33-stable",
  "protocolattack-v33-stable",
  "sessionfixation-v33-stable",
] as const;

/** Priority of the Log4Shell rule (CVE-2021-44228), ahead of the CRS sets. */
export const LOG4J_PRIORITY = 900;
export const WAF_FIRST_PRIORITY = 1000;
export const RATE_LIMIT_PRIORITY = 5000;
/** Cloud Armor requires a rule at this priority matching everything. */
export const DEFAULT_PRIORITY = 2147483647;
/** Seconds a client stays blocked after crossing the rate limit. */
export const BAN_SECONDS = 300;

const everything: inputs.compute.SecurityPolicyRuleMatch = {
  versionedExpr: "SRC_IPS_V1",
  config: { srcIpRanges: ["*"] },
};

export function armorRules(spec: LoadBalancerSpec): inputs.compute.SecurityPolicyRule[] {
  const rules: inputs.compute.SecurityPolicyRule[] = [
    {
      priority: LOG4J_PRIORITY,
      action: "deny(403)",
      description: "Log4Shell JNDI lookups (CVE-2021-44228)",
      // The expression form is what scanners (Checkov CKV_GCP_73) recognise for this rule.
      match: { expr: { expression: "evaluatePreconfiguredExpr('cve-canary')" } },
      preview: false,
    },
    ...WAF_RULE_SETS.map((set, i) => ({
      priority: WAF_FIRST_PRIORITY + i * 10,
      action: "deny(403)",
      description: `OWASP CRS ${set}`,
      // Sensitivity 1 holds only the high-confidence signatures: few false positives on JSON.
      match: { expr: { expression: `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})` } },
      preview: false,
    })),
  ];
  if (spec.rateLimitEnabled) {
    rules.push({
      priority: RATE_LIMIT_PRIORITY,
      action: "rate_based_ban",
      description: "Per-client rate limit",
      match: everything,
      rateLimitOptions: {
        conformAction: "allow",
        exceedAction: "deny(429)",
        enforceOnKey: "IP",
        rateLimitThreshold: { count: spec.rateLimitPerFiveMinutes, intervalSec: 300 },
        banDurationSec: BAN_SECONDS,
      },
    });
  }
  rules.push({
    priority: DEFAULT_PRIORITY,
    action: "allow",
    description: "Default allow",
    match: everything,
  });
  return rules;
}
