import type { CloudEntry } from "../src/cloudEntry";
import type { CloudPlatform } from "../src/platform";
import { aws } from "./aws/entry";
import { azure } from "./azure/entry";
import { gcp } from "./gcp/entry";

/**
 * The registry: every cloud the platform knows, each from its own folder. A new cloud is a new
 * folder with an entry.ts and one line here. The entries load no provider SDK; each cloud's
 * SDK-bound parts are imported on demand, and only the chosen cloud's.
 */
export const CLOUD_ENTRIES = { aws, gcp, azure } as const satisfies Readonly<
  Record<string, CloudEntry>
>;

/** A cloud the registry knows, by its `entmoot:cloud` name. */
export type Cloud = keyof typeof CLOUD_ENTRIES;

/** The clouds in the registry, in the order of docs and error messages. */
export const CLOUDS = Object.keys(CLOUD_ENTRIES) as Cloud[];

/** The clouds `entmoot:cloud` may select today, in the documented order. */
export const IMPLEMENTED_CLOUDS: readonly Cloud[] = CLOUDS.filter(
  (c) => CLOUD_ENTRIES[c].implemented,
);

/**
 * Loads the chosen cloud's implementation, and only that one: each provider SDK costs hundreds of
 * megabytes and seconds to load, so the others are never imported.
 */
export async function loadPlatform(
  cloud: Cloud,
  entries: Readonly<Record<Cloud, CloudEntry>> = CLOUD_ENTRIES,
): Promise<CloudPlatform> {
  const entry = entries[cloud];
  if (!entry.implemented) {
    const ready = CLOUDS.filter((c) => entries[c].implemented);
    // Loaded here, not at the top: the registry is read by config validation, which loads no
    // Pulumi.
    const { RunError } = await import("@pulumi/pulumi");
    throw new RunError(
      `entmoot:cloud ${cloud} is not implemented yet; this version builds on: ${ready.join(", ")}`,
    );
  }
  return entry.loadPlatform();
}
