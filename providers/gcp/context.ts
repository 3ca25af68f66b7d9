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

export function createGcpContext(
  spec: PlatformSpec,
  opts: pulumi.ResourceOptions = {},
): GcpContext {
  if (spec.gcpProject === undefined) throw new Error("GCP needs entmoot:gcpProject");
  const provider = new gcp.Provider(
    `${spec.name}-gcp`,
    { project: spec.gcpProject, region: spec.region, defaultLabels: toLabels(spec.tags) },
    opts,
  );
  return { spec, project: spec.gcpProject, provider };
}
