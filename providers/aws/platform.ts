import * as pulumi from "@pulumi/pulumi";
import type {
  CloudPlatform,
  PlatformInputs,
  PlatformOutputs,
  PlatformSpec,
} from "../../src/platform";
import { OPERATOR_SECRET_ENV } from "../../src/appEnvironment";
import { apiConnections, componentArgs, platformOutputs } from "../../src/composition";
import { AwsAlertTopic } from "./alertTopic";
import { AwsBackup, continuousBackup } from "./backup";
import { AwsCache } from "./cache";
import { AwsCompute } from "./compute";
import { createAwsContext } from "./context";
import { AwsDatabase } from "./database";
import { AwsFrontend, frontendDomain } from "./frontend";
import { AwsKeys } from "./keys";
import { AwsLoadBalancer } from "./loadBalancer";
import { AwsMonitoring } from "./monitoring";
import { AwsNetwork } from "./network";
import { AwsSecrets } from "./secrets";
import { AwsSecurityGroups } from "./securityGroups";
import { AwsStorage } from "./storage";

/**
 * The whole platform on AWS. Order follows the data flow: keys, network and security groups,
 * secrets, data stores and their backups, the load balancer, the API behind it, the frontend, and
 * monitoring of everything. Every component gets the slice of the spec it needs; none reads config.
 */
function build(spec: PlatformSpec, inputs: PlatformInputs): PlatformOutputs {
  const context = createAwsContext(
    spec,
    {},
    spec.accountId === undefined ? {} : { allowedAccountIds: [spec.accountId] },
  );
  const common = componentArgs(spec);
  const opts = { provider: context.provider };
  const n = (component: string) => `${spec.name}-${component}`;
  const logRetentionDays = spec.monitoring.logRetentionDays;

  const keys = new AwsKeys(n("keys"), { context }, opts);
  const network = new AwsNetwork(
    n("network"),
    { ...common, spec: spec.network, logsKey: keys.logs },
    opts,
  );
  const groups = new AwsSecurityGroups(
    n("sg"),
    {
      vpcId: network.vpc.id,
      apiPort: spec.compute.containerPort,
      databasePort: spec.database.port,
      cachePort: spec.cache.port,
    },
    opts,
  );
  const secrets = new AwsSecrets(
    n("secrets"),
    {
      ...common,
      context,
      key: keys.data,
      drKey: keys.dataDr,
      sentryDsn: inputs.sentryDsn,
      operatorSecrets: OPERATOR_SECRET_ENV,
    },
    opts,
  );

  const database = new AwsDatabase(
    n("db"),
    {
      ...common,
      context,
      spec: spec.database,
      tier: spec.tier,
      subnetIds: network.isolatedSubnetIds,
      securityGroupId: groups.database.id,
      key: keys.data,
      drKey: keys.dataDr,
      logsKey: keys.logs,
      logRetentionDays,
      partition: keys.partition,
      password: secrets.databasePassword.result,
      secretArn: secrets.databasePasswordRef,
      backupsOwnedByAwsBackup: continuousBackup(spec.environment),
    },
    opts,
  );
  const cache = new AwsCache(
    n("cache"),
    {
      ...common,
      context,
      spec: spec.cache,
      tier: spec.tier,
      subnetIds: network.isolatedSubnetIds,
      securityGroupId: groups.cache.id,
      key: keys.data,
      logsKey: keys.logs,
      logRetentionDays,
      authToken: secrets.cacheAuthToken.result,
      secretArn: secrets.cachePasswordRef,
    },
    opts,
  );
  const storage = new AwsStorage(
    n("storage"),
    {
      ...common,
      context,
      spec: spec.storage,
      key: keys.data,
      drKey: keys.dataDr,
      accountId: keys.accountId,
    },
    opts,
  );
  // After storage, so that the bucket is versioned before AWS Backup selects it.
  new AwsBackup(
    n("backup"),
    {
      ...common,
      context,
      database: database.primary,
      bucketArn: storage.bucketArn,
      key: keys.data,
      drKey: keys.dataDr,
      partition: keys.partition,
    },
    { ...opts, dependsOn: [storage] },
  );

  const loadBalancer = new AwsLoadBalancer(
    n("lb"),
    {
      ...common,
      context,
      spec: spec.loadBalancer,
      domain: spec.domain,
      dnsZone: spec.dnsZone,
      certificate: spec.certificate,
      vpcId: network.vpc.id,
      publicSubnetIds: network.publicSubnetIds,
      securityGroupId: groups.lb.id,
      containerPort: spec.compute.containerPort,
      healthCheckPath: spec.compute.healthCheckPath,
      logsKey: keys.logs,
    },
    opts,
  );
  const alerts = new AwsAlertTopic(
    n("alerts"),
    { environment: spec.environment, alertEmails: spec.monitoring.alertEmails, key: keys.logs },
    opts,
  );
  const compute = new AwsCompute(
    n("api"),
    {
      ...common,
      context,
      spec: spec.compute,
      app: spec.app,
      image: inputs.image,
      privateSubnetIds: network.privateSubnetIds,
      securityGroupId: groups.api.id,
      targetGroupArn: loadBalancer.servingTargetGroupArn,
      albArnSuffix: loadBalancer.albArnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      secrets: secrets.apiSecrets,
      dataKeyArn: keys.data.arn,
      logsKey: keys.logs,
      bucketArn: storage.bucketArn,
      alertTopicArn: alerts.topic.arn,
      rollbackLatencyP95Ms: spec.monitoring.latencyP95Ms,
      connections: apiConnections(spec, database, cache, storage, {
        // CloudFront serves the frontend on its own host (see frontendDomain).
        frontendOrigin: `https://${frontendDomain(spec.domain)}`,
      }),
    },
    opts,
  );
  const frontend = new AwsFrontend(
    n("frontend"),
    {
      ...common,
      context,
      spec: spec.frontend,
      domain: frontendDomain(spec.domain),
      dnsZone: spec.dnsZone,
      logsKey: keys.logs,
      logRetentionDays,
      accessLogRetentionDays: spec.loadBalancer.accessLogRetentionDays,
    },
    opts,
  );
  const monitoring = new AwsMonitoring(
    n("monitoring"),
    {
      ...common,
      context,
      spec: spec.monitoring,
      topic: alerts.topic,
      healthCheckUrl: pulumi.interpolate`${loadBalancer.apiUrl}${spec.compute.healthCheckPath}`,
      albArnSuffix: loadBalancer.albArnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      clusterName: compute.cluster.name,
      serviceName: compute.service.name,
      databaseInstanceId: database.primary.identifier,
      replicaInstanceIds: database.replicas.map((r) => r.identifier),
      databaseStorageGB: spec.database.storageGB,
      databaseMemoryGiB: spec.database.memoryGiB,
      cacheClusterIds: cache.replicationGroup.memberClusters,
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

export const platform: CloudPlatform = { cloud: "aws", build };
