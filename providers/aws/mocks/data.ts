import type { CallFn, StateFn } from "../../../src/plan/mocks";
import { ACCOUNT } from "./account";

/** Invokes made by the components this file mocks for (they reuse the AZ invoke of ./index). */
export const awsDataCalls: Record<string, CallFn> = {};

/** Region of a resource: its own `region` input (provider v7) or the run's. */
const regionOf = (inputs: Record<string, unknown>, fallback: string): string =>
  typeof inputs.region === "string" ? inputs.region : fallback;

/** Attributes the cloud computes for these components' resources, by resource type. */
export const awsDataState: Record<string, StateFn> = {
  "aws:secretsmanager/secret:Secret": (name, _inputs, ctx) => ({
    arn: `arn:aws:secretsmanager:${ctx.region}:${ACCOUNT}:secret:${name}-AbCdEf`,
    name,
  }),
  "aws:secretsmanager/secretVersion:SecretVersion": (name) => ({ versionId: `${name}-version` }),
  "aws:rds/instance:Instance": (name, inputs, ctx) => {
    const identifier = typeof inputs.identifier === "string" ? inputs.identifier : name;
    const address = `${identifier}.c1a2b3d4e5f6.${ctx.region}.rds.amazonaws.com`;
    const port = typeof inputs.port === "number" ? inputs.port : 5432;
    return {
      identifier,
      address,
      endpoint: `${address}:${port}`,
      port,
      arn: `arn:aws:rds:${ctx.region}:${ACCOUNT}:db:${identifier}`,
      resourceId: `db-${identifier.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
      engineVersionActual: "16.6",
      hostedZoneId: "Z2R2ITUGPM61AM",
    };
  },
  "aws:rds/subnetGroup:SubnetGroup": (name) => ({ name }),
  "aws:rds/parameterGroup:ParameterGroup": (name) => ({ name }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (name, inputs, ctx) => {
    const id = typeof inputs.replicationGroupId === "string" ? inputs.replicationGroupId : name;
    const host = `${id}.abc123.use1.cache.amazonaws.com`;
    const clustered = inputs.clusterMode === "enabled";
    const nodes = clustered
      ? Number(inputs.numNodeGroups ?? 1) * (Number(inputs.replicasPerNodeGroup ?? 0) + 1)
      : Number(inputs.numCacheClusters ?? 1);
    return {
      replicationGroupId: id,
      arn: `arn:aws:elasticache:${ctx.region}:${ACCOUNT}:replicationgroup:${id}`,
      // AWS leaves the primary/reader endpoints empty in cluster mode and vice versa.
      primaryEndpointAddress: clustered ? "" : `master.${host}`,
      readerEndpointAddress: clustered ? "" : `replica.${host}`,
      configurationEndpointAddress: clustered ? `clustercfg.${host}` : "",
      memberClusters: Array.from({ length: nodes }, (_, i) => `${id}-00${i + 1}`),
      port: typeof inputs.port === "number" ? inputs.port : 6379,
    };
  },
  "aws:elasticache/subnetGroup:SubnetGroup": (name) => ({ name }),
  "aws:elasticache/parameterGroup:ParameterGroup": (name) => ({ name }),
  "aws:s3/bucket:Bucket": (name, inputs, ctx) => {
    const bucket = typeof inputs.bucket === "string" ? inputs.bucket : `${name}-abc1234`;
    const region = regionOf(inputs, ctx.region);
    return {
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      region,
      hostedZoneId: "Z3AQBSTGFYJSTF",
    };
  },
  "aws:backup/vault:Vault": (name, _inputs, ctx) => ({
    name,
    arn: `arn:aws:backup:${ctx.region}:${ACCOUNT}:backup-vault:${name}`,
    recoveryPoints: 0,
  }),
  "aws:backup/plan:Plan": (name) => ({ version: `${name}-v1` }),
};
