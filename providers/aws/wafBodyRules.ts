import type * as inputs from "@pulumi/aws/types/input";

/** The CommonRuleSet rule that blocks request bodies over 8 KB. */
export const BODY_SIZE_RULE = "SizeRestrictions_BODY";

/**
 * Managed rules that inspect the body and match the random bytes of binary or multipart content,
 * by managed group, with the label each adds to a request it matches (AWS WAF's managed rule
 * group reference; label names differ from rule names in case: `_BODY` rule, `_Body` label).
 */
export const BODY_RULES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  AWSManagedRulesCommonRuleSet: {
    CrossSiteScripting_BODY: "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body",
    GenericLFI_BODY: "awswaf:managed:aws:core-rule-set:GenericLFI_Body",
    GenericRFI_BODY: "awswaf:managed:aws:core-rule-set:GenericRFI_Body",
  },
  AWSManagedRulesSQLiRuleSet: {
    SQLi_BODY: "awswaf:managed:aws:sql-database:SQLi_Body",
  },
};

/** Content types of uploads, whose bodies the body rules may only count. */
export const UPLOAD_CONTENT_TYPES = ["multipart/form-data", "application/octet-stream"] as const;

/** The custom rule that blocks the body rules' matches again on everything but uploads. */
export const UPLOAD_EXEMPT_RULE = "body-rules-except-uploads";

/**
 * The rules of managed group `group` that only count on an ACL in front of an API taking uploads:
 * SizeRestrictions_BODY (the upload limit is the API's own) and the group's BODY_RULES.
 */
export function countedBodyRules(group: string): string[] {
  return [
    ...(group === "AWSManagedRulesCommonRuleSet" ? [BODY_SIZE_RULE] : []),
    ...Object.keys(BODY_RULES[group] ?? {}),
  ];
}

/**
 * A rule that blocks a request a counted body rule labelled (BODY_RULES) unless its Content-Type
 * starts with an upload's (UPLOAD_CONTENT_TYPES, any case). It must come after the managed
 * groups: a label is visible only to the rules evaluated after the one that added it. A
 * SizeRestrictions_BODY match is not blocked again: the API enforces its upload limit itself.
 */
export function uploadExemptRule(
  priority: number,
  visibilityConfig: inputs.wafv2.WebAclRuleVisibilityConfig,
): inputs.wafv2.WebAclRule {
  const labels = Object.values(BODY_RULES).flatMap((rules) => Object.values(rules));
  return {
    name: UPLOAD_EXEMPT_RULE,
    priority,
    action: { block: {} },
    statement: {
      andStatement: {
        statements: [
          {
            orStatement: {
              statements: labels.map((key) => ({ labelMatchStatement: { scope: "LABEL", key } })),
            },
          },
          // One NOT per content type rather than NOT(OR(...)): WAF nests a web ACL rule's
          // statements at most three levels deep.
          ...UPLOAD_CONTENT_TYPES.map((type) => ({
            notStatement: {
              statement: {
                byteMatchStatement: {
                  fieldToMatch: { singleHeader: { name: "content-type" } },
                  positionalConstraint: "STARTS_WITH",
                  searchString: type,
                  textTransformations: [{ priority: 0, type: "LOWERCASE" }],
                },
              },
            },
          })),
        ],
      },
    },
    visibilityConfig,
  };
}
