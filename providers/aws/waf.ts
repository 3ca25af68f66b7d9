import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as wafv2 from "@pulumi/aws/wafv2";
import type * as pulumi from "@pulumi/pulumi";
import { countedBodyRules, UPLOAD_EXEMPT_RULE, uploadExemptRule } from "./wafBodyRules";

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
   * The ACL fronts an API that takes uploads (multipart/form-data, application/octet-stream) and
   * large JSON. CommonRuleSet's SizeRestrictions_BODY would refuse every body over 8 KB with a
   * 403, so it only counts: the upload limit is the API's own (STORAGE_MAX_UPLOAD_MB), and an
   * ALB's WAF inspects only a body's first 8 KB, so no WAF rule could enforce a larger one. The
   * managed body rules that random bytes trip (BODY_RULES) count too, and a rule after them
   * blocks their matches again unless the request is an upload, whose content the API validates
   * itself (see wafBodyRules.ts). Defaults to false: every managed rule blocks.
   */
  readonly acceptsUploads?: boolean;
}

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
  const uploads = args.acceptsUploads === true;
  const managed = MANAGED_RULE_GROUPS.map((group, i) => {
    const counted = uploads ? countedBodyRules(group) : [];
    return {
      name: group,
      priority: i + 1,
      // `none` keeps each group's own block actions; `count` would only observe.
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name: group,
          // A counted rule still labels the requests it matches, for the upload rule.
          ...(counted.length === 0
            ? {}
            : {
                ruleActionOverrides: counted.map((rule) => ({
                  name: rule,
                  actionToUse: { count: {} },
                })),
              }),
        },
      },
      visibilityConfig: visibility(`${metric}-${group}`),
    };
  });
  const uploadRule = uploads
    ? [
        uploadExemptRule(
          MANAGED_RULE_GROUPS.length + 1,
          visibility(`${metric}-${UPLOAD_EXEMPT_RULE}`),
        ),
      ]
    : [];

  const acl = new wafv2.WebAcl(
    name,
    {
      scope: args.scope,
      description: `Entmoot ${args.scope === "REGIONAL" ? "API load balancer" : "frontend distribution"}`,
      defaultAction: { allow: {} },
      rules: [...rateRule, ...managed, ...uploadRule],
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
