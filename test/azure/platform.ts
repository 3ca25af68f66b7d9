import * as pulumi from "@pulumi/pulumi";
import type { Environment, Tier } from "../../src/cloud";
import type { EntmootConfig } from "../../src/config";
import { runWithMocks } from "../../src/plan/harness";
import type { PlatformOutputs } from "../../src/platform";
import { waitsForByName } from "../support/stack";
import { azureSpec } from "./support";

/**
 * The whole Azure platform (providers/azure/platform.ts) under the plan's mocks, built directly:
 * with what each resource waits for, by name.
 */
export async function planAzure(
  environment: Environment,
  tier: Tier,
  options: {
    readonly overrides?: Partial<EntmootConfig>;
    readonly image?: string;
    readonly sentry?: boolean;
  } = {},
) {
  const { platform } = await import("../../providers/azure/platform");
  const spec = azureSpec(environment, tier, {
    domain:
      environment === "production" ? "api.entmoot.example.com" : "api.staging.entmoot.example.com",
    dnsZone: "dns-rg/entmoot.example.com",
    ...options.overrides,
  });
  const run = await runWithMocks(
    () => {
      return platform.build(spec, {
        sentryDsn: options.sentry ? pulumi.secret("https://key@sentry.example.com/1") : undefined,
        image: pulumi.output(options.image),
      }) as unknown as Record<string, unknown>;
    },
    { stack: environment, config: { "entmoot:region": spec.region } },
  );
  return {
    ...run,
    result: run.result as unknown as PlatformOutputs,
    spec,
    dependsOn: waitsForByName(run.resources),
  };
}

export type AzurePlan = Awaited<ReturnType<typeof planAzure>>;
