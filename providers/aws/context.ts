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
}

/**
 * Explicit providers, built from config, so that no resource silently follows whatever region the
 * engineer's shell or `aws:region` happens to name.
 */
export function createAwsContext(
  spec: PlatformSpec,
  opts: pulumi.ResourceOptions = {},
): AwsContext {
  const defaultTags = { tags: { ...spec.tags } };
  const provider = new aws.Provider(`${spec.name}-aws`, { region: spec.region, defaultTags }, opts);
  const drProvider =
    spec.drRegion === undefined
      ? undefined
      : new aws.Provider(`${spec.name}-aws-dr`, { region: spec.drRegion, defaultTags }, opts);
  return { spec, provider, drProvider };
}
