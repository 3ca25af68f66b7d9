import * as gcp from "@pulumi/gcp/provider";
import * as pulumi from "@pulumi/pulumi";
import type {
  CloudPlatform,
  PlatformInputs,
  PlatformOutputs,
  PlatformSpec,
} from "../../src/platform";
import { OPERATOR_SECRET_ENV } from "../../src/appEnvironment";
import { apiConnections, componentArgs, platformOutputs } from "../../src/composition";
import type { SecretEnv } from "./apiContainer";
import { GcpCache } from "./cache";
import { GcpCompute } from "./compute";
import { parseCertificate } from "./configRules";
import { createGcpContext, gcpProviderArgs } from "./context";
import { GcpDatabase } from "./database";
import { GcpFrontend } from "./frontend";
import { GcpLoadBalancer } from "./loadBalancer";
import { GcpLogs } from "./logs";
import { GcpMonitoring } from "./monitoring";
import { GcpNetwork } from "./network";
import { GcpSecrets } from "./secrets";
import { GcpServices } from "./services";
import { bucketPlacement } from "./locations";
import { GcpStorage } from "./storage";

/**
 * The whole platform on GCP. Order follows the data flow: project APIs, network, secrets, data
 * stores, the API service, the frontend, the load balancer in front of both, then monitoring of
 * everything. Every component gets the slice of the spec it needs; none reads config.
 */
function build(spec: PlatformSpec, inputs: PlatformInputs): PlatformOutputs {
  // parseConfig refuses these first (./configRules.ts); checked again here so that a spec built
  // any other way stops before the first resource, not halfway through the stack.
  if (spec.gcpProject === undefined) throw new Error("GCP needs entmoot:gcpProject");
  if (spec.storage.crossRegionReplication) bucketPlacement(spec.region, spec.drRegion);
  if (spec.certificate !== undefined && parseCertificate(spec.certificate) === undefined) {
    throw new Error(
      `entmoot:certificate ${spec.certificate} is not a form GCP's load balancer takes`,
    );
  }
  // APIs are enabled through a provider of their own, so that the platform's provider (and with
  // it every other resource) can wait for them without a dependency cycle.
  const bootstrap = new gcp.Provider(
    `${spec.name}-gcp-bootstrap`,
    gcpProviderArgs(spec, spec.gcpProject),
  );
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
  const network = new GcpNetwork(n("network"), { ...common, context, spec: spec.network }, opts);
  const secrets = new GcpSecrets(
    n("secrets"),
    {
      ...common,
      context,
      drRegion: spec.drRegion,
      sentryDsn: inputs.sentryDsn,
      operatorSecrets: OPERATOR_SECRET_ENV,
    },
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

  // Platform-written secrets pinned to the version the stack wrote (a rotation rolls a new
  // revision); operator-filled ones at `latest`, so the operator's value is what the API reads.
  const apiSecrets: SecretEnv[] = [
    {
      name: "DATABASE_PASSWORD",
      secretId: secrets.databasePasswordRef,
      version: secrets.databasePasswordVersion.version,
    },
    {
      name: "REDIS_PASSWORD",
      secretId: secrets.cachePasswordRef,
      version: cache.authVersion.version,
    },
    ...(secrets.sentryDsnRef !== undefined && secrets.sentryDsnVersion !== undefined
      ? [
          {
            name: "SENTRY_DSN",
            secretId: secrets.sentryDsnRef,
            version: secrets.sentryDsnVersion.version,
          },
        ]
      : []),
    ...secrets.operatorSecrets.map((o) => ({ name: o.name, secretId: o.ref, version: "latest" })),
  ];
  const compute = new GcpCompute(
    n("api"),
    {
      ...common,
      context,
      spec: spec.compute,
      app: spec.app,
      image: inputs.image,
      network: network.networkSelfLink,
      subnetwork: network.runSubnetSelfLink,
      secrets: apiSecrets,
      // Both CAs are private to the instance, so the API is given them to verify the servers.
      extraEnv: {
        DATABASE_CA_CERT: database.caCertificates,
        REDIS_CA_CERT: cache.caCertificates,
      },
      startAfter: [
        secrets.databasePasswordVersion,
        cache.authVersion,
        ...(secrets.sentryDsnVersion === undefined ? [] : [secrets.sentryDsnVersion]),
        ...secrets.operatorSecrets.map((o) => o.placeholder),
        database.user,
      ],
      bucketName: storage.bucketName,
      connections: apiConnections(spec, database, cache, storage, {
        databaseSslMode: "verify-ca",
      }),
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

  return platformOutputs(spec, {
    loadBalancer,
    compute,
    frontend,
    database,
    cache,
    storage,
    monitoring,
  });
}

export const platform: CloudPlatform = { cloud: "gcp", build };
