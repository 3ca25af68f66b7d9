import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as elasticache from "@pulumi/aws/elasticache";
import type * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Tier } from "../../src/cloud";
import type { CacheArgs, CacheOutputs } from "../../src/platform";
import { AWS_SKUS } from "./skus";
import type { AwsContext } from "./context";

export interface AwsCacheArgs extends CacheArgs {
  readonly context: AwsContext;
  /** Picks the node type from `AWS_SKUS.cache`. */
  readonly tier: Tier;
  /** The isolated subnets, one per zone. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The cache security group (admits the API group on the cache port only). */
  readonly securityGroupId: pulumi.Input<string>;
  /** Encrypts data at rest and snapshots. */
  readonly key: kms.Key;
  /** Encrypts the slow-log and engine-log groups. */
  readonly logsKey: kms.Key;
  readonly logRetentionDays: number;
  /** AUTH token: a secret Output from AwsSecrets. */
  readonly authToken: pulumi.Output<string>;
  /** ARN of the secret holding `authToken`; exposed as `secretRef`. */
  readonly secretArn: pulumi.Output<string>;
}

/** Daily snapshot (UTC), clear of the database's backup window. */
export const CACHE_SNAPSHOT_WINDOW = "01:00-02:00";
/** Weekly maintenance, after the snapshot and after the database's maintenance. */
export const CACHE_MAINTENANCE_WINDOW = "sun:06:00-sun:07:00";

/**
 * An ElastiCache replication group running **Valkey**. Valkey is the open-source (BSD) fork of
 * Redis 7.2 that AWS now leads: it speaks the Redis protocol and commands the API's redis-py
 * client uses, costs about 20% less per node-hour than Redis OSS on ElastiCache, and keeps
 * getting engine releases on ElastiCache while Redis OSS there stops at 7.1. The spec's "7.2" is
 * a Valkey version (ElastiCache has no Redis OSS 7.2); "8.0" works unchanged when the spec moves.
 *
 * One shard: a primary plus replicas (numCacheClusters = nodesPerShard). More than one shard:
 * cluster mode with nodesPerShard - 1 replicas each, and the API connects to the configuration
 * endpoint. With failover, a replica in another zone is promoted automatically (Multi-AZ). TLS is
 * required with an AUTH token, data at rest is encrypted with the data key, daily snapshots are
 * kept spec.snapshotRetentionDays, and the slow and engine logs go to encrypted log groups.
 */
export class AwsCache extends pulumi.ComponentResource implements CacheOutputs {
  readonly endpoint: pulumi.Output<string>;
  /** Read-only endpoint across the replicas; empty in cluster mode (reads go to the shards). */
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly secretRef: pulumi.Output<string>;
  readonly replicationGroup: elasticache.ReplicationGroup;
  readonly parameterGroup: elasticache.ParameterGroup;
  readonly subnetGroup: elasticache.SubnetGroup;

  constructor(name: string, args: AwsCacheArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Checked before super(): a rejected component registers nothing.
    const { spec } = args;
    const major = /^(\d+)\.\d+$/.exec(spec.engineVersion)?.[1];
    if (major !== "7" && major !== "8") {
      throw new Error(
        `AwsCache ${name}: engineVersion must be a Valkey 7.x or 8.x version such as "7.2" or "8.0" (got "${spec.engineVersion}")`,
      );
    }
    if (
      !Number.isInteger(spec.shards) ||
      spec.shards < 1 ||
      !Number.isInteger(spec.nodesPerShard) ||
      spec.nodesPerShard < 1 ||
      spec.nodesPerShard > 6
    ) {
      throw new Error(
        `AwsCache ${name}: shards must be >= 1 and nodesPerShard 1 to 6 (got ${spec.shards} x ${spec.nodesPerShard})`,
      );
    }
    const clustered = spec.shards > 1;
    if (clustered && !spec.failover) {
      throw new Error(
        `AwsCache ${name}: cluster mode (shards > 1) requires failover, i.e. at least 2 nodes per shard`,
      );
    }
    if (spec.failover && spec.nodesPerShard < 2) {
      throw new Error(
        `AwsCache ${name}: failover needs a replica to fail over to (nodesPerShard >= 2, got ${spec.nodesPerShard})`,
      );
    }
    super("entmoot:cache:AwsCache", name, {}, opts);
    const parent = { parent: this };

    this.subnetGroup = new elasticache.SubnetGroup(
      name,
      {
        description: `${name}: isolated subnets`,
        subnetIds: args.subnetIds,
        tags: { ...args.tags, Name: name },
      },
      parent,
    );

    this.parameterGroup = new elasticache.ParameterGroup(
      name,
      {
        family: `valkey${major}`,
        // The description is ForceNew upstream and names the mode, so a mode switch gets a new
        // group (cluster-enabled cannot change on a group in use) for the new replication group.
        description: `${name}: cache eviction${clustered ? ", cluster mode" : ""}`,
        parameters: [
          // Everything in the cache can be rebuilt from PostgreSQL. When memory is full, dropping
          // the least recently used key (with or without a TTL) beats the default volatile-lru,
          // which fails writes with OOM once no key with a TTL is left.
          { name: "maxmemory-policy", value: "allkeys-lru" },
          ...(clustered ? [{ name: "cluster-enabled", value: "yes" }] : []),
        ],
        tags: { ...args.tags, Name: name },
      },
      parent,
    );

    const logGroup = (log: "slow-log" | "engine-log") =>
      new cloudwatch.LogGroup(
        `${name}-${log}`,
        {
          name: `/aws/elasticache/${name}/${log}`,
          retentionInDays: args.logRetentionDays,
          kmsKeyId: args.logsKey.arn,
        },
        parent,
      );
    const slowLog = logGroup("slow-log");
    const engineLog = logGroup("engine-log");

    // A final snapshot name must be new in the account (see AwsDatabase); the suffix changes with
    // the inputs that replace the group.
    const finalSnapshot = args.protect
      ? new random.RandomId(
          `${name}-final-snapshot`,
          {
            byteLength: 4,
            keepers: { group: name, kmsKeyId: args.key.arn, clustered: String(clustered) },
          },
          parent,
        )
      : undefined;

    this.replicationGroup = new elasticache.ReplicationGroup(
      name,
      {
        description: `Entmoot ${args.environment} cache (Valkey ${spec.engineVersion})`,
        engine: "valkey",
        engineVersion: spec.engineVersion,
        nodeType: AWS_SKUS.cache[args.tier],
        port: spec.port,
        parameterGroupName: this.parameterGroup.name,
        subnetGroupName: this.subnetGroup.name,
        securityGroupIds: [args.securityGroupId],
        ...(clustered
          ? {
              clusterMode: "enabled",
              numNodeGroups: spec.shards,
              replicasPerNodeGroup: spec.nodesPerShard - 1,
            }
          : { clusterMode: "disabled", numCacheClusters: spec.nodesPerShard }),
        automaticFailoverEnabled: spec.failover,
        multiAzEnabled: spec.failover,
        // "required" refuses plaintext clients outright ("preferred" would accept both).
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: args.authToken,
        // On a token change, keep the old one valid too so running tasks stay connected while
        // ECS rolls out tasks that read the new secret.
        authTokenUpdateStrategy: "ROTATE",
        // A new AUTH token must take effect in the update that writes it (the tasks roll onto the
        // new secret version at once), and node-type and replica changes are online with a
        // replica; waiting for the maintenance window would leave the secret and the cache apart.
        // The old token stays valid until the SET step in docs/operations.md.
        applyImmediately: true,
        atRestEncryptionEnabled: true,
        kmsKeyId: args.key.arn,
        snapshotRetentionLimit: spec.snapshotRetentionDays,
        snapshotWindow: CACHE_SNAPSHOT_WINDOW,
        // Deleting a protected cache leaves its data behind as a snapshot.
        finalSnapshotIdentifier:
          finalSnapshot === undefined
            ? undefined
            : pulumi.interpolate`${name}-final-${finalSnapshot.hex}`,
        maintenanceWindow: CACHE_MAINTENANCE_WINDOW,
        autoMinorVersionUpgrade: true,
        logDeliveryConfigurations: [
          {
            destination: slowLog.name,
            destinationType: "cloudwatch-logs",
            logFormat: "json",
            logType: "slow-log",
          },
          {
            destination: engineLog.name,
            destinationType: "cloudwatch-logs",
            logFormat: "json",
            logType: "engine-log",
          },
        ],
        tags: { ...args.tags, Name: name },
      },
      {
        parent: this,
        protect: args.protect,
        // ElastiCache moves cluster mode only from disabled through compatible to enabled, never
        // back, and the provider updates clusterMode in place, so a tier change to or from
        // `large` would be attempted and refused. A mode switch is a replacement instead: refused
        // by `protect` in production (docs/operations.md has the cut-over), create-before-delete
        // elsewhere. A replica or a shard more stays an in-place change.
        replaceOnChanges: ["clusterMode"],
      },
    );

    const group = this.replicationGroup;
    this.endpoint = clustered ? group.configurationEndpointAddress : group.primaryEndpointAddress;
    this.readerEndpoint = clustered ? pulumi.output("") : group.readerEndpointAddress;
    this.port = group.port.apply((p) => p ?? spec.port);
    this.secretRef = args.secretArn;
    this.registerOutputs({
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      secretRef: this.secretRef,
    });
  }
}
