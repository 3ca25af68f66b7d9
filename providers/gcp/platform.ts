import * as gcp from "@pulumi/gcp/provider";
import * as pulumi from "@pulumi/pulumi";
import type {
  CloudPlatform,
  PlatformInputs,
  PlatformOutputs,
  PlatformSpec,
} from "../../src/platform";
import { apiConnections, componentArgs, platformOutputs } from "../../src/composition";
import { GcpCache } from "./cache";
import { GcpCompute } from "./compute";
import { createGcpContext, toLabels } from "./context";
import { GcpDatabase } from "./database";
import { GcpFrontend } from "./frontend";
import { GcpLoadBalancer } from "./loadBalancer";
import { GcpLogs } from "./logs";
import { GcpMonitoring } from "./monitoring";
import { GcpNetwork } from "./network";
import { GcpSecrets } from "./secrets";
import { GcpServices } from "./services";
import { GcpStorage } from "./storage";

/**
 * The whole platform on GCP. Order follows the data flow: project APIs, network, secrets, data
 * stores, the API service, the frontend, the load balancer in front of both, then monitoring of
 * everything. Every component gets the slice of the spec it needs; none reads config.
 */
function build(spec: PlatformSpec, inputs: PlatformInputs): PlatformOutputs {
  if (spec.gcpProject === undefined) throw new Error("GCP needs entmoot:gcpProject");
  // APIs are enabled through a provider of their own, so that the platform's provider (and with
  // it every other resource) can wait for them without a dependency cycle.
  const bootstrap = new gcp.Provider(`${spec.name}-gcp-bootstrap`, {
    project: spec.gcpProject,
    region: spec.region,
    defaultLabels: toLabels(spec.tags),
  });
  const services = new GcpServices(
    `${spec.name}-services`,
    { project: spec.gcpProject },
    { provider: bootstrap },
  );
  const context = createGcpContext(spec, { dependsOn: [services] });
  const common = componentArgs(spec);
  const opts = { provider: context.provider };
  const n = (component: string) => `${spec.name}-${component}`;

  new GcpLogs(
    n("logs"),
    { ...common, context, namePrefix: spec.name, retentionDays: spec.monitoring.logRetentionDays },
    opts,
  );
  const network = new GcpNetwork(
    n("network"),
    { ...common, context, spec: spec.network, appPort: spec.compute.containerPort },
    opts,
  );
  const secrets = new GcpSecrets(
    n("secrets"),
    { ...common, context, drRegion: spec.drRegion, sentryDsn: inputs.sentryDsn },
    opts,
  );
  const database = new GcpDatabase(
    n("database"),
    {
      ...common,
      context,
      spec: spec.database,
      tier: spec.tier,
      networkSelfLink: network.networkSelfLink,
      privateServiceConnection: network.privateServiceConnection,
      password: secrets.databasePassword,
      secretRef: secrets.databasePasswordRef,
      drRegion: spec.drRegion,
    },
    opts,
  );
  const cache = new GcpCache(
    n("cache"),
    {
      ...common,
      context,
      spec: spec.cache,
      tier: spec.tier,
      networkId: network.networkId,
      privateServiceConnection: network.privateServiceConnection,
      secret: secrets.cacheSecret,
      secretRef: secrets.cachePasswordRef,
    },
    opts,
  );
  const storage = new GcpStorage(
    n("storage"),
    { ...common, context, spec: spec.storage, drRegion: spec.drRegion },
    opts,
  );

  const compute = new GcpCompute(
    n("api"),
    {
      ...common,
      context,
      spec: spec.compute,
      app: spec.app,
      image: spec.image,
      network: network.networkSelfLink,
      subnetwork: network.runSubnetSelfLink,
      secretIds: {
        DATABASE_PASSWORD: secrets.databasePasswordRef,
        REDIS_PASSWORD: secrets.cachePasswordRef,
        SENTRY_DSN: secrets.sentryDsnRef,
      },
      bucketName: storage.bucketName,
      connections: apiConnections(spec, database, cache, storage),
    },
    opts,
  );
  const frontend = new GcpFrontend(
    n("frontend"),
    {
      ...common,
      context,
      spec: spec.frontend,
      domain: spec.domain,
      accessLogRetentionDays: spec.storage.accessLogRetentionDays,
    },
    opts,
  );
  const loadBalancer = new GcpLoadBalancer(
    n("lb"),
    {
      ...common,
      context,
      spec: spec.loadBalancer,
      domain: spec.domain,
      dnsZone: spec.dnsZone,
      certificate: spec.certificate,
      cloudRunServiceName: compute.serviceName,
      frontendBackendBucket: frontend.backendBucketSelfLink,
    },
    opts,
  );
  const monitoring = new GcpMonitoring(
    n("monitoring"),
    {
      ...common,
      context,
      spec: spec.monitoring,
      healthCheckUrl: pulumi.interpolate`${loadBalancer.apiUrl}${spec.compute.healthCheckPath}`,
      cloudRunServiceName: compute.serviceName,
      backendServiceName: loadBalancer.backendService.name,
      databaseInstanceNames: [database.primary.name, ...database.replicas.map((r) => r.name)],
      redisInstanceId: cache.instance.id,
      maxInstances: spec.compute.maxInstances,
    },
    opts,
  );

  return platformOutputs(spec, { loadBalancer, frontend, database, cache, storage, monitoring });
}

export const platform: CloudPlatform = { cloud: "gcp", build };
