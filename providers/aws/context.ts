import * as aws from "@pulumi/aws/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../src/platform";

/** What every AWS component shares: the spec and one explicit provider per region. */
export interface AwsContext {
  readonly spec: PlatformSpec;
  /** Provider for the primary region. */
  readonly provider: aws.Provider;
  /** Provider for the disaster-recovery region; undefined when the profile has no DR copies. */
  readonly drProvider?: aws.Provider;
  /** The only accounts any provider of this stack may act in; undefined allows any. */
  readonly allowedAccountIds?: readonly string[];
}

export interface AwsContextOptions {
  /**
   * Account ids the stack may be deployed into. Every provider refuses to act under credentials
   * of another account, so a shell pointed at the wrong profile cannot create production in a
   * sandbox account (or the reverse). Defaults to no restriction.
   */
  readonly allowedAccountIds?: readonly string[];
}

/**
 * Explicit providers, built from config, so that no resource silently follows whatever region the
 * engineer's shell or `aws:region` happens to name.
 */
export function createAwsContext(
  spec: PlatformSpec,
  opts: pulumi.ResourceOptions = {},
  options: AwsContextOptions = {},
): AwsContext {
  const { allowedAccountIds } = options;
  if (allowedAccountIds?.some((id) => !/^\d{12}$/.test(id))) {
    throw new Error(
      `createAwsContext: allowedAccountIds must be 12-digit AWS account ids (got ${allowedAccountIds.join(", ")})`,
    );
  }
  const common = {
    defaultTags: { tags: { ...spec.tags } },
    ...(allowedAccountIds === undefined ? {} : { allowedAccountIds: [...allowedAccountIds] }),
  };
  const provider = new aws.Provider(`${spec.name}-aws`, { ...common, region: spec.region }, opts);
  const drProvider =
    spec.drRegion === undefined
      ? undefined
      : new aws.Provider(`${spec.name}-aws-dr`, { ...common, region: spec.drRegion }, opts);
  return { spec, provider, drProvider, allowedAccountIds };
}
