import * as pulumi from "@pulumi/pulumi";
import type { Environment, Tier } from "../../src/cloud";
import type { EntmootConfig } from "../../src/config";
import { runWithMocks, type RecordedResource } from "../../src/plan/harness";
import { testSpec } from "../support/spec";
import { waitsForByName } from "../support/stack";

/** Not eastus's pair (westus): the platform keeps its own copies in drRegion, as the issue asks. */
export const AZURE_DR_REGION = "westus2";

/** The Azure spec the component tests build: eastus, DR in westus2. */
export function azureSpec(
  environment: Environment,
  tier: Tier,
  overrides: Partial<EntmootConfig> = {},
) {
  return testSpec("azure", environment, tier, { drRegion: AZURE_DR_REGION, ...overrides });
}

/** The data tier (base, network, secrets, database, cache, storage) under mocks. */
export async function planDataTier(
  environment: Environment,
  tier: Tier,
  options: { sentry?: boolean; overrides?: Partial<EntmootConfig> } = {},
) {
  const { buildDataTier } = await import("../../providers/azure/platform");
  const spec = azureSpec(environment, tier, options.overrides);
  const run = await runWithMocks(
    async () => {
      const { database, cache, secrets, storage } = buildDataTier(spec, {
        sentryDsn: options.sentry ? pulumi.secret("https://key@sentry.example.com/1") : undefined,
        image: pulumi.output(undefined),
      });
      return {
        dbEndpoint: database.endpoint,
        readers: database.readerEndpoints,
        dbSecretRef: database.secretRef,
        cacheEndpoint: cache.endpoint,
        cachePort: cache.port,
        cacheSecretRef: cache.secretRef,
        cachePasswordRef: secrets.cachePasswordRef,
        bucketName: storage.bucketName,
      };
    },
    { stack: environment, config: { "entmoot:region": spec.region } },
  );
  /** Names of the resources `name` depends on. */
  return { ...run, spec, dependsOn: waitsForByName(run.resources) };
}

export type DataPlan = Awaited<ReturnType<typeof planDataTier>>;

/** A recorded resource whose inputs a test reads freely. */
export type Recorded = Omit<RecordedResource, "inputs"> & { readonly inputs: any };

export const ofType = (p: { resources: readonly RecordedResource[] }, type: string): Recorded[] =>
  p.resources.filter((r) => r.type === type);

export function one(p: { resources: readonly RecordedResource[] }, type: string): Recorded {
  const all = ofType(p, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0] as Recorded;
}

export function named(p: { resources: readonly RecordedResource[] }, name: string): Recorded {
  const r = p.resources.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no resource named ${name}`);
  return r;
}
