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
  const { createAzureContext } = await import("../../providers/azure/context");
  const { AzureBase } = await import("../../providers/azure/base");
  const { AzureNetwork } = await import("../../providers/azure/network");
  const { AzureSecrets } = await import("../../providers/azure/secrets");
  const { AzureDatabase } = await import("../../providers/azure/database");
  const { AzureCache, MANAGED_REDIS_PORT } = await import("../../providers/azure/cache");
  const { AzureStorage } = await import("../../providers/azure/storage");
  const { OPERATOR_SECRET_ENV } = await import("../../src/appEnvironment");
  const spec = azureSpec(environment, tier, options.overrides);
  const run = await runWithMocks(
    async () => {
      const context = createAzureContext(spec);
      const common = { environment, region: spec.region, tags: spec.tags, protect: spec.protect };
      const opts = { provider: context.provider };
      const n = (c: string) => `${spec.name}-${c}`;
      const base = new AzureBase(n("base"), { ...common, context }, opts);
      const shared = { context, resourceGroupName: base.resourceGroupName, suffix: base.suffix };
      const network = new AzureNetwork(
        n("network"),
        {
          ...common,
          ...shared,
          spec: spec.network,
          ports: { database: spec.database.port, cache: MANAGED_REDIS_PORT },
        },
        opts,
      );
      const secrets = new AzureSecrets(
        n("secrets"),
        {
          ...common,
          ...shared,
          network,
          apiPrincipalId: base.principalId,
          operatorSecrets: OPERATOR_SECRET_ENV,
          sentryDsn: options.sentry ? pulumi.secret("https://key@sentry.example.com/1") : undefined,
        },
        opts,
      );
      const database = new AzureDatabase(
        n("database"),
        {
          ...common,
          ...shared,
          spec: spec.database,
          network,
          password: secrets.databasePassword,
          secretRef: secrets.databasePasswordRef,
        },
        opts,
      );
      const cache = new AzureCache(
        n("cache"),
        { ...common, ...shared, spec: spec.cache, network, secrets },
        opts,
      );
      const storage = new AzureStorage(
        n("storage"),
        { ...common, ...shared, spec: spec.storage, network, apiPrincipalId: base.principalId },
        opts,
      );
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
