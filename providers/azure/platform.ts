import * as pulumi from "@pulumi/pulumi";
import { OPERATOR_SECRET_ENV } from "../../src/appEnvironment";
import { apiConnections, componentArgs, platformOutputs } from "../../src/composition";
import type {
  CloudPlatform,
  PlatformInputs,
  PlatformOutputs,
  PlatformSpec,
} from "../../src/platform";
import type { VaultSecretEnv } from "./apiSettings";
import { AzureBase } from "./base";
import { AzureCache, MANAGED_REDIS_PORT } from "./cache";
import { AzureCompute } from "./compute";
import { createAzureContext, type AzureContext } from "./context";
import { AzureDatabase } from "./database";
import { AzureDrSite, drDatabaseRange } from "./dr";
import { AzureEdge } from "./edge";
import { AzureFrontend } from "./frontend";
import { AzureMigration } from "./migration";
import { AzureMonitoring } from "./monitoring";
import { AzureNetwork } from "./network";
import { AzureRegistry } from "./registry";
import { AzureSecrets } from "./secrets";
import { AzureStorage, STORAGE_ACCOUNT_METRICS } from "./storage";

/**
 * The whole platform on Azure. Order follows the data flow: the base (resource group, suffix,
 * the API's identity), network, Key Vault, data stores and their copies in drRegion, registry,
 * the migration job and the API, the frontend, Front Door in front of both, then monitoring of
 * everything. Every component gets the slice of the spec it needs; none reads config.
 */
/** What the data tier gives the rest of the platform. */
export interface AzureDataTier {
  readonly context: AzureContext;
  readonly base: AzureBase;
  readonly network: AzureNetwork;
  readonly secrets: AzureSecrets;
  readonly database: AzureDatabase;
  readonly cache: AzureCache;
  readonly storage: AzureStorage;
}

/**
 * The base (resource group, suffix, the API's identity), network, Key Vault and the data stores:
 * the part of the platform the component tests build on its own.
 */
export function buildDataTier(spec: PlatformSpec, inputs: PlatformInputs): AzureDataTier {
  const context = createAzureContext(spec);
  const common = componentArgs(spec);
  const opts = { provider: context.provider };
  const n = (component: string) => `${spec.name}-${component}`;
  const base = new AzureBase(n("base"), { ...common, context }, opts);
  const shared = { context, resourceGroupName: base.resourceGroupName, suffix: base.suffix };
  const crossRegion = spec.storage.crossRegionReplication && spec.drRegion !== undefined;
  const network = new AzureNetwork(
    n("network"),
    {
      ...common,
      ...shared,
      spec: spec.network,
      ports: { database: spec.database.port, cache: MANAGED_REDIS_PORT },
      peerDatabaseRange: crossRegion ? drDatabaseRange(spec.network.cidr) : undefined,
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
      sentryDsn: inputs.sentryDsn,
      operatorSecrets: OPERATOR_SECRET_ENV,
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
  return { context, base, network, secrets, database, cache, storage };
}

function build(spec: PlatformSpec, inputs: PlatformInputs): PlatformOutputs {
  const { context, base, network, secrets, database, cache, storage } = buildDataTier(spec, inputs);
  const common = componentArgs(spec);
  const opts = { provider: context.provider };
  const n = (component: string) => `${spec.name}-${component}`;
  const shared = { context, resourceGroupName: base.resourceGroupName, suffix: base.suffix };
  const crossRegion = spec.storage.crossRegionReplication && spec.drRegion !== undefined;
  const dr =
    crossRegion && spec.drRegion !== undefined
      ? new AzureDrSite(
          n("dr"),
          {
            ...common,
            ...shared,
            drRegion: spec.drRegion,
            cidr: spec.network.cidr,
            network,
            database,
            storage,
            ports: { database: spec.database.port },
            noncurrentVersionExpiryDays: spec.storage.noncurrentVersionExpiryDays,
          },
          opts,
        )
      : undefined;

  const registry = new AzureRegistry(
    n("registry"),
    {
      ...common,
      ...shared,
      network,
      pullerPrincipalId: base.principalId,
      replicaRegion: crossRegion ? spec.drRegion : undefined,
    },
    opts,
  );

  // Platform-written secrets pinned to the version the stack wrote (a rotation restarts the app
  // on the new value); operator-filled ones versionless, so the operator's latest value is read.
  const apiSecrets: VaultSecretEnv[] = [
    { name: "DATABASE_PASSWORD", uri: secrets.database.versionedUri },
    { name: "REDIS_PASSWORD", uri: cache.secretVersionedRef },
    ...(secrets.sentry === undefined
      ? []
      : [{ name: "SENTRY_DSN", uri: secrets.sentry.versionedUri }]),
    ...OPERATOR_SECRET_ENV.map((env) => ({ name: env, uri: secrets.operator[env]!.uri })),
  ];
  const identity = { id: base.identity.id, clientId: base.clientId };
  const extraEnv = { AZURE_CLIENT_ID: base.clientId };
  // TLS required without a CA check ("require"), as on AWS: no CA bundle is delivered to the
  // container, and libpq checks against none by default.
  const connections = apiConnections(spec, database, cache, storage);
  // Key Vault references resolve as the app or job starts: the grants and every private DNS
  // record it reaches must exist first (the secrets themselves are dependencies through their
  // URIs).
  const startAfter = [
    ...secrets.readers,
    ...storage.readers,
    ...registry.readers,
    cache.reachable,
    database.database,
  ];
  const computeName = n("api");
  const migration = new AzureMigration(
    n("migration"),
    {
      ...common,
      context,
      resourceGroupName: base.resourceGroupName,
      spec: spec.compute,
      app: spec.app,
      image: inputs.image,
      connections,
      subnetId: network.subnets.jobs.id,
      identity,
      secrets: apiSecrets,
      registryServer: registry.loginServer,
      extraEnv,
      startAfter,
      computeName,
    },
    opts,
  );
  const compute = new AzureCompute(
    computeName,
    {
      ...common,
      ...shared,
      spec: spec.compute,
      app: spec.app,
      image: inputs.image,
      connections,
      subnetId: network.subnets.app.id,
      identity,
      secrets: apiSecrets,
      registryServer: registry.loginServer,
      registryUrl: registry.repositoryUrl,
      extraEnv,
      startAfter,
      migrateCommand: migration.migrateCommand,
    },
    opts,
  );
  const frontend = new AzureFrontend(
    n("frontend"),
    { ...common, ...shared, spec: spec.frontend, domain: spec.domain },
    opts,
  );
  const edge = new AzureEdge(
    n("edge"),
    {
      ...common,
      context,
      resourceGroupName: base.resourceGroupName,
      spec: spec.loadBalancer,
      domain: spec.domain,
      dnsZone: spec.dnsZone,
      certificate: spec.certificate,
      app: compute.app,
      healthCheckPath: spec.compute.healthCheckPath,
      frontendHost: frontend.websiteHost,
    },
    opts,
  );

  const blobService = pulumi.interpolate`${storage.account.id}/blobServices/default`;
  const monitoring = new AzureMonitoring(
    n("monitoring"),
    {
      ...common,
      context,
      resourceGroupName: base.resourceGroupName,
      spec: spec.monitoring,
      healthCheckUrl: pulumi.interpolate`${edge.apiUrl}${spec.compute.healthCheckPath}`,
      frontDoorProfileId: edge.profile.id,
      databaseServerId: database.server.id,
      cacheClusterId: cache.cluster.id,
      queryStore: database.queryStore,
      drReplicaId: dr?.replica.id,
      diagnostics: [
        { key: "database", resourceUri: database.server.id, logs: true },
        { key: "cache", resourceUri: cache.cluster.id, logs: false },
        {
          key: "storage",
          resourceUri: storage.account.id,
          logs: false,
          metricCategories: STORAGE_ACCOUNT_METRICS,
        },
        { key: "storage-blob", resourceUri: blobService, logs: true, metricCategories: [] },
        // Key Vault and Front Door log into AzureDiagnostics only.
        { key: "vault", resourceUri: secrets.vault.id, logs: true, dedicatedTables: false },
        { key: "frontdoor", resourceUri: edge.profile.id, logs: true, dedicatedTables: false },
        { key: "app", resourceUri: compute.app.id, logs: true },
        { key: "registry", resourceUri: registry.registry.id, logs: true },
        { key: "jobs", resourceUri: migration.environmentResource.id, logs: true },
      ],
    },
    opts,
  );

  return platformOutputs(spec, {
    loadBalancer: edge,
    compute,
    frontend,
    database,
    cache,
    storage,
    monitoring,
  });
}

export const platform: CloudPlatform = { cloud: "azure", build };
