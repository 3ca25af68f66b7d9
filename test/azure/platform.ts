import * as pulumi from "@pulumi/pulumi";
import type { Environment, Tier } from "../../src/cloud";
import type { EntmootConfig } from "../../src/config";
import { runWithMocks } from "../../src/plan/harness";
import type { PlatformOutputs } from "../../src/platform";
import { azureSpec } from "./support";

interface DependencyRequest {
  getName(): string;
  getDependenciesList(): string[];
}

/**
 * The whole Azure platform (providers/azure/platform.ts) under the plan's mocks, built directly:
 * `loadPlatform` still refuses azure. Records what each resource waits for, by name.
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
  const deps = new Map<string, string[]>();
  const run = await runWithMocks(
    () => {
      const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: DependencyRequest, cb: unknown): unknown;
      };
      const register = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req, cb) => {
        deps.set(req.getName(), req.getDependenciesList());
        return register(req, cb);
      };
      return platform.build(spec, {
        sentryDsn: options.sentry ? pulumi.secret("https://key@sentry.example.com/1") : undefined,
        image: pulumi.output(options.image),
      }) as unknown as Record<string, unknown>;
    },
    { stack: environment, config: { "entmoot:region": spec.region } },
  );
  const byUrn = new Map(run.resources.map((r) => [r.urn, r.name]));
  const dependsOn = (name: string) => (deps.get(name) ?? []).map((u) => byUrn.get(u) ?? u);
  return { ...run, result: run.result as unknown as PlatformOutputs, spec, dependsOn };
}

export type AzurePlan = Awaited<ReturnType<typeof planAzure>>;
