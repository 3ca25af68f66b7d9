import type * as pulumi from "@pulumi/pulumi";
import type {
  ApiConnections,
  CacheOutputs,
  ComponentArgs,
  ComputeOutputs,
  DatabaseOutputs,
  FrontendOutputs,
  LoadBalancerOutputs,
  MonitoringOutputs,
  PlatformOutputs,
  PlatformSpec,
  StorageOutputs,
} from "./platform";

/*
 * The cloud-neutral wiring every providers/<cloud>/platform.ts repeats: the arguments every
 * component shares, what the API is told about the data stores, and the stack outputs. Each takes
 * only the contract's Outputs interfaces, so every cloud wires them the same way.
 */

/** What every component of a stack gets. */
export function componentArgs(spec: PlatformSpec): ComponentArgs {
  return {
    environment: spec.environment,
    region: spec.region,
    tags: spec.tags,
    protect: spec.protect,
  };
}

/** How the API reaches what only its cloud knows. */
export interface CloudConnections {
  /** Defaults to "require": TLS without checking the server's CA (no CA bundle delivered). */
  readonly databaseSslMode?: ApiConnections["databaseSslMode"];
  /** Defaults to `https://<domain>`: the frontend served on the API's own host. */
  readonly frontendOrigin?: pulumi.Input<string>;
}

/** The data stores as the API container sees them. */
export function apiConnections(
  spec: PlatformSpec,
  database: DatabaseOutputs,
  cache: CacheOutputs,
  storage: StorageOutputs,
  cloud: CloudConnections = {},
): ApiConnections {
  return {
    databaseSslMode: cloud.databaseSslMode ?? "require",
    frontendOrigin: cloud.frontendOrigin ?? `https://${spec.domain}`,
    databaseHost: database.endpoint,
    databasePort: database.port,
    databaseName: spec.database.databaseName,
    databaseUser: spec.database.username,
    databaseReadHosts: database.readerEndpoints,
    cacheHost: cache.endpoint,
    cachePort: cache.port,
    bucketName: storage.bucketName,
  };
}

/** The stack outputs, with the names fixed for every cloud. */
export function platformOutputs(
  spec: PlatformSpec,
  parts: {
    readonly loadBalancer: LoadBalancerOutputs;
    readonly compute: ComputeOutputs;
    readonly frontend: FrontendOutputs;
    readonly database: DatabaseOutputs;
    readonly cache: CacheOutputs;
    readonly storage: StorageOutputs;
    readonly monitoring: MonitoringOutputs;
  },
): PlatformOutputs {
  const { loadBalancer, compute, frontend, database, cache, storage, monitoring } = parts;
  return {
    cloud: spec.cloud,
    environment: spec.environment,
    tier: spec.tier,
    region: spec.region,
    apiUrl: loadBalancer.apiUrl,
    loadBalancerAddress: loadBalancer.address,
    frontendUrl: frontend.url,
    databaseEndpoint: database.endpoint,
    databaseReaderEndpoints: database.readerEndpoints,
    databaseSecretRef: database.secretRef,
    cacheEndpoint: cache.endpoint,
    storageBucket: storage.bucketName,
    dashboardUrl: monitoring.dashboardUrl,
    alertTopic: monitoring.alertTopic,
    imageRepository: compute.registryUrl,
    apiService: compute.serviceName,
    migrateCommand: compute.migrateCommand,
    frontendBucket: frontend.bucketName,
    apiImage: compute.image,
  };
}
