import * as gcp from "@pulumi/gcp/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformSpec } from "../../src/platform";

/** What every GCP component shares: the spec, the project and one explicit provider. */
export interface GcpContext {
  readonly spec: PlatformSpec;
  readonly project: string;
  /**
   * Provider pinned to the project and primary region. GCP resources name their region or
   * location per resource, so the disaster-recovery region needs no provider of its own.
   */
  readonly provider: gcp.Provider;
}

/** GCP labels allow lowercase letters, digits, `-` and `_` only. */
export function toLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [clean(k), clean(v)]));
}

/**
 * Provider settings pinned to the stack's project, and never to whatever the shell's gcloud
 * points at. With user credentials (`gcloud auth application-default login`) Google bills quota
 * to the credentials' own quota project, where the APIs are often off; sending the stack's
 * project as the quota project (`userProjectOverride`) makes every call count against, and need
 * APIs enabled in, the project it changes. Service accounts behave the same either way.
 */
export function gcpProviderArgs(spec: PlatformSpec, project: string): gcp.ProviderArgs {
  return {
    project,
    region: spec.region,
    billingProject: project,
    userProjectOverride: true,
    defaultLabels: toLabels(spec.tags),
  };
}

export function createGcpContext(
  spec: PlatformSpec,
  opts: pulumi.ResourceOptions = {},
): GcpContext {
  if (spec.gcpProject === undefined) throw new Error("GCP needs entmoot:gcpProject");
  const provider = new gcp.Provider(
    `${spec.name}-gcp`,
    gcpProviderArgs(spec, spec.gcpProject),
    opts,
  );
  return { spec, project: spec.gcpProject, provider };
}
