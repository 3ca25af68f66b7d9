import { getPartitionOutput } from "@pulumi/aws/getPartition";
import type * as kms from "@pulumi/aws/kms";
import * as aws from "@pulumi/aws/provider";
import type * as pulumi from "@pulumi/pulumi";
import { customerKey, logsServiceStatement } from "./kmsKey";

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

/**
 * A logs key in us-east-1 for log groups that live there (the CloudFront web ACL's), since a KMS
 * key serves only its own region and the stack's logs key is in its primary region. `opts`
 * carries the parent, the us-east-1 provider (usEast1Options) and protect.
 */
export function usEast1LogsKey(
  name: string,
  accountId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): kms.Key {
  const partition = getPartitionOutput({}, opts).partition;
  return customerKey(
    name,
    {
      description: `${name}: log groups in ${GLOBAL_SERVICES_REGION}`,
      accountId,
      partition,
      statements: [logsServiceStatement(GLOBAL_SERVICES_REGION, partition, accountId)],
    },
    opts,
  );
}
