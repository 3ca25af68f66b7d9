import * as pulumi from "@pulumi/pulumi";
import { loadPlatform } from "../providers";
import { resolveSpec } from "../stacks/spec";
import { ConfigError, NAMESPACE, parseConfig } from "./config";
import type { PlatformOutputs } from "./platform";

// The runtime knows which keys are secret but types that helper as internal; it has been stable
// since the secret-config support of Pulumi 3.x. Without it every key counts as plain text, which
// only makes the sentryDsn check stricter.
const runtime = pulumi.runtime as typeof pulumi.runtime & {
  isConfigSecret?: (key: string) => boolean;
};

/**
 * Raw `entmoot:*` config as the Pulumi engine hands it to the program, with the keys that are
 * secret. Read from the runtime rather than through pulumi.Config getters so that unknown keys
 * (typos) can be seen and refused.
 */
export function readRawConfig(): { values: Record<string, string>; secretKeys: string[] } {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(`${NAMESPACE}:`)) continue;
    values[key] = value;
    if (runtime.isConfigSecret?.(key) === true) secretKeys.push(key);
  }
  return { values, secretKeys };
}

/**
 * The program: config -> spec -> the chosen cloud -> stack outputs. Any config problem stops it
 * before a single resource is registered, and is reported without a stack trace.
 */
export async function main(): Promise<PlatformOutputs> {
  const { values, secretKeys } = readRawConfig();
  let spec;
  let sentryDsn: pulumi.Output<string> | undefined;
  try {
    const config = parseConfig(values, { secretKeys });
    spec = resolveSpec(config);
    sentryDsn = config.sentryDsn === undefined ? undefined : pulumi.secret(config.sentryDsn);
  } catch (err) {
    if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
  const platform = await loadPlatform(spec.cloud);
  return platform.build(spec, { sentryDsn, image: imageToRun(spec.image) });
}

/**
 * The API image: `entmoot:image` when set, otherwise the image this stack ran after its last
 * update (its own `apiImage` output), so that an infrastructure-only `pulumi up` without the key
 * never rolls the API back. On a stack's first update there is none: the cloud then runs its
 * placeholder image until the pipeline deploys one.
 */
function imageToRun(configured: string | undefined): pulumi.Output<string | undefined> {
  if (configured !== undefined) return pulumi.output(configured);
  const self = new pulumi.StackReference("previous-outputs", {
    // Fully qualified, as every backend accepts it (a DIY backend's organization is the
    // constant "organization", which getOrganization returns there).
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  return self
    .getOutput("apiImage")
    .apply((v) => (typeof v === "string" && v !== "" ? v : undefined));
}
