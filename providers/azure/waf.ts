import * as frontdoor from "@pulumi/azure-native/frontdoor";
import type * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerSpec } from "../../src/platform";
import { checkedName } from "./names";

/** Managed rule sets of the policy: Microsoft's DRS (OWASP-based) and the bot manager. */
export const MANAGED_RULE_SETS = [
  // DRS 2.x scores anomalies; Block acts on the total, as OWASP CRS 3.x does.
  { ruleSetType: "Microsoft_DefaultRuleSet", ruleSetVersion: "2.1", ruleSetAction: "Block" },
  { ruleSetType: "Microsoft_BotManagerRuleSet", ruleSetVersion: "1.1" },
] as const;

/** Front Door's WAF policy names: letters and digits only (no hyphens), starting with a letter. */
export function wafPolicyName(stackName: string): string {
  return checkedName("frontDoorWafPolicy", `${stackName.replace(/[^a-zA-Z0-9]/g, "")}waf`);
}

/**
 * The rate-limit rule: `rateLimitPerFiveMinutes` requests per client address over Front Door's
 * 5-minute window (Front Door offers 1 or 5 minutes), grouped by the socket address. A rate rule
 * needs a match condition; every request URI contains "/", so it counts every request.
 */
export function rateLimitRule(spec: LoadBalancerSpec) {
  return {
    name: "RateLimitPerClient",
    priority: 100,
    enabledState: "Enabled",
    ruleType: "RateLimitRule",
    rateLimitDurationInMinutes: 5,
    rateLimitThreshold: spec.rateLimitPerFiveMinutes,
    groupBy: [{ variableName: "SocketAddr" }],
    matchConditions: [{ matchVariable: "RequestUri", operator: "Contains", matchValue: ["/"] }],
    action: "Block",
  };
}

/**
 * The edge's WAF policy (Premium_AzureFrontDoor, the tier that runs managed rule sets): DRS 2.1
 * and the bot manager in Prevention mode in every environment (staging proves what production
 * blocks), request bodies inspected, and the per-client rate limit only when the profile enables
 * it (staging is load-tested).
 */
export function wafPolicy(
  name: string,
  args: {
    readonly stackName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly spec: LoadBalancerSpec;
    readonly tags: Record<string, string>;
  },
  opts: pulumi.CustomResourceOptions,
): frontdoor.Policy {
  return new frontdoor.Policy(
    name,
    {
      policyName: wafPolicyName(args.stackName),
      resourceGroupName: args.resourceGroupName,
      // The policy is global, as Front Door is.
      location: "Global",
      sku: { name: "Premium_AzureFrontDoor" },
      policySettings: {
        enabledState: "Enabled",
        mode: "Prevention",
        requestBodyCheck: "Enabled",
        customBlockResponseStatusCode: 403,
      },
      managedRules: { managedRuleSets: MANAGED_RULE_SETS.map((r) => ({ ...r })) },
      customRules: { rules: args.spec.rateLimitEnabled ? [rateLimitRule(args.spec)] : [] },
      tags: args.tags,
    },
    opts,
  );
}
