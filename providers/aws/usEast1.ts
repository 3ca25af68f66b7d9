import * as aws from "@pulumi/aws/provider";
import type * as pulumi from "@pulumi/pulumi";

/** CloudFront certificates and web ACLs, and Route 53 health-check metrics, exist only here. */
export const GLOBAL_SERVICES_REGION = "us-east-1";

/**
 * Options for children that must live in us-east-1. When the primary region already is
 * us-east-1 the children inherit the component's provider; otherwise an explicit us-east-1
 * provider (same default tags) is created under `parent`, never the ambient one.
 */
export function usEast1Options(
  name: string,
  region: string,
  tags: Readonly<Record<string, string>>,
  parent: pulumi.Resource,
  allowedAccountIds?: readonly string[],
): pulumi.CustomResourceOptions {
  if (region === GLOBAL_SERVICES_REGION) return { parent };
  const provider = new aws.Provider(
    `${name}-${GLOBAL_SERVICES_REGION}`,
    {
      region: GLOBAL_SERVICES_REGION,
      defaultTags: { tags: { ...tags } },
      // The same account guard as the stack's own providers (see createAwsContext).
      ...(allowedAccountIds === undefined ? {} : { allowedAccountIds: [...allowedAccountIds] }),
    },
    { parent },
  );
  return { parent, provider };
}
