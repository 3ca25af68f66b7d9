import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as wafv2 from "@pulumi/aws/wafv2";
import type * as pulumi from "@pulumi/pulumi";

/**
 * AWS managed rule groups every web ACL runs, in evaluation order. Reputation first (cheap, drops
 * known-bad sources before deeper inspection); KnownBadInputs carries the Log4j (Log4JRCE) rules.
 */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;

export interface WebAclArgs {
  /** REGIONAL for a load balancer; CLOUDFRONT for a distribution (must live in us-east-1). */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /** Requests per client IP per five minutes before blocking; undefined adds no rate rule. */
  readonly rateLimitPerFiveMinutes?: number;
  readonly logRetentionDays: number;
  /** KMS key for the WAF log group; must be in the ACL's region. Defaults to CloudWatch's own key. */
  readonly logsKeyArn?: pulumi.Input<string>;
  /**
   * Let request bodies over 8 KB through. CommonRuleSet's SizeRestrictions_BODY blocks them,
   * which would refuse every upload and most GeoJSON with a 403; the rule then only counts, and
   * the upload limit is the API's own (STORAGE_MAX_UPLOAD_MB): an ALB's WAF inspects only the
   * first 8 KB of a body, so no WAF rule can enforce a larger limit. Defaults to false.
   */
  readonly allowLargeBodies?: boolean;
}

/** The CommonRuleSet rule that blocks request bodies over 8 KB. */
export const BODY_SIZE_RULE = "SizeRestrictions_BODY";

export interface WebAcl {
  readonly acl: wafv2.WebAcl;
  readonly logGroup: cloudwatch.LogGroup;
}

const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * A WAFv2 web ACL with the managed groups above, an optional per-IP rate rule, metrics for every
 * rule and full request logging (credentials redacted) to a CloudWatch log group. Helper, not a
 * component: `opts` carries the caller's parent and, for CLOUDFRONT, the us-east-1 provider.
 */
export function createWebAcl(
  name: string,
  args: WebAclArgs,
  opts: pulumi.CustomResourceOptions,
): WebAcl {
  const metric = name.replace(/[^A-Za-z0-9_-]/g, "-");
  const rateRule =
    args.rateLimitPerFiveMinutes === undefined
      ? []
      : [
          {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: args.rateLimitPerFiveMinutes,
                aggregateKeyType: "IP",
                evaluationWindowSec: 300,
              },
            },
            visibilityConfig: visibility(`${metric}-rate-limit`),
          },
        ];
  const managed = MANAGED_RULE_GROUPS.map((group, i) => ({
    name: group,
    priority: i + 1,
    // `none` keeps each group's own block actions; `count` would only observe.
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: group,
        ...(group === "AWSManagedRulesCommonRuleSet" && args.allowLargeBodies === true
          ? { ruleActionOverrides: [{ name: BODY_SIZE_RULE, actionToUse: { count: {} } }] }
          : {}),
      },
    },
    visibilityConfig: visibility(`${metric}-${group}`),
  }));

  const acl = new wafv2.WebAcl(
    name,
    {
      scope: args.scope,
      description: `Entmoot ${args.scope === "REGIONAL" ? "API load balancer" : "frontend distribution"}`,
      defaultAction: { allow: {} },
      rules: [...rateRule, ...managed],
      visibilityConfig: visibility(metric),
    },
    opts,
  );

  const logGroup = new cloudwatch.LogGroup(
    `${name}-logs`,
    {
      // WAF only delivers to log groups whose name starts with aws-waf-logs-.
      name: `aws-waf-logs-${name}`,
      retentionInDays: args.logRetentionDays,
      ...(args.logsKeyArn === undefined ? {} : { kmsKeyId: args.logsKeyArn }),
    },
    opts,
  );
  new wafv2.WebAclLoggingConfiguration(
    name,
    {
      resourceArn: acl.arn,
      logDestinationConfigs: [logGroup.arn],
      // Session tokens and cookies must not end up in logs that many people can read.
      redactedFields: [
        { singleHeader: { name: "authorization" } },
        { singleHeader: { name: "cookie" } },
      ],
    },
    opts,
  );
  return { acl, logGroup };
}
