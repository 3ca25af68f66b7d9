import type * as servicenetworking from "@pulumi/gcp/servicenetworking";
import * as redis from "@pulumi/gcp/redis";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as pulumi from "@pulumi/pulumi";
import type { Tier } from "../../src/cloud";
import type { CacheArgs, CacheOutputs } from "../../src/platform";
import { GCP_SKUS } from "./skus";
import { toLabels, type GcpContext } from "./context";

export interface GcpCacheArgs extends CacheArgs {
  readonly context: GcpContext;
  readonly tier: Tier;
  /** `projects/<p>/global/networks/<n>`: the VPC peered through private service access. */
  readonly networkId: pulumi.Input<string>;
  /** Private service access peering; the instance cannot be created before it exists. */
  readonly privateServiceConnection: servicenetworking.Connection;
  /** Secret that receives the AUTH string Memorystore generates (GcpSecrets.cacheSecret). */
  readonly secret: secretmanager.Secret;
  /** Reference to `secret`, passed through to the outputs. */
  readonly secretRef: pulumi.Input<string>;
  /** Cloud KMS key for data at rest. Defaults to Google-managed encryption. */
  readonly customerManagedKey?: pulumi.Input<string>;
}

/** Memorystore's version enum for a neutral "major.minor" engine version. */
export function redisVersion(engineVersion: string): string {
  const versions: Record<string, string> = {
    "6": "REDIS_6_X",
    "7.0": "REDIS_7_0",
    "7.2": "REDIS_7_2",
  };
  const version = versions[engineVersion];
  if (version === undefined) {
    throw new Error(
      `Memorystore for Redis has no version ${engineVersion}; use one of ${Object.keys(versions).join(", ")}`,
    );
  }
  return version;
}

/** Memorystore offers read replicas only from the M2 capacity tier (5 GB) up. */
export const READ_REPLICA_MIN_GB = 5;
/** Standard tier with read replicas takes 1-5 replicas. */
const MAX_READ_REPLICAS = 5;
/**
 * Everything in the cache can be rebuilt from PostgreSQL, so any key may go when memory runs out
 * (Memorystore's default, volatile-lru, evicts only keys with a TTL and then refuses writes).
 */
export const MAXMEMORY_POLICY = "allkeys-lru";

/** Memorystore's shape for a cache spec: tier, size, and replica settings. */
export function memorystoreShape(
  skuGb: number,
  shards: number,
  nodesPerShard: number,
  failover: boolean,
): { tier: "BASIC" | "STANDARD_HA"; memorySizeGb: number; readReplicas: number } {
  // Memorystore for Redis is one primary; a sharded spec gets the same total memory in one node.
  const memorySizeGb = skuGb * shards;
  if (!failover) return { tier: "BASIC", memorySizeGb, readReplicas: 0 };
  const wanted = Math.min(nodesPerShard - 1, MAX_READ_REPLICAS);
  // Below 5 GB Standard tier still keeps its one failover replica, just not a readable one.
  const readReplicas = memorySizeGb >= READ_REPLICA_MIN_GB ? Math.max(wanted, 0) : 0;
  return { tier: "STANDARD_HA", memorySizeGb, readReplicas };
}

/**
 * Memorystore for Redis reachable only through private service access:
 * - STANDARD_HA (a replica in another zone, automatic failover) when spec.failover, else BASIC;
 *   with read replicas enabled (5 GB and up) the replicas also serve reads on `readEndpoint`;
 * - AUTH on, and TLS (SERVER_AUTHENTICATION) on the only port, 6378; the AUTH string goes
 *   straight from the instance into Secret Manager and is never an output;
 * - RDB snapshots, hourly in production, so a full failure loses at most an hour of data;
 * - a Sunday maintenance window.
 * Memorystore for Redis (unlike Redis Cluster, which needs Private Service Connect) cannot
 * shard: spec.shards > 1 buys the same total memory in one larger primary instead.
 *
 * What a size change does to a live instance (docs/operations.md): memory and the replica count
 * change in place; BASIC <-> STANDARD_HA (`tier`) and the TLS mode replace the instance. Read
 * replicas are switched on in place, which needs a secondary range for them, hence
 * `secondaryIpRange`; switching them off is no replacement (the provider sends it as an update)
 * but the API refuses it, so such an `up` fails until the instance is replaced on purpose (below
 * 5 GB they are off). spec.snapshotRetentionDays has no counterpart: Memorystore keeps only its
 * latest RDB snapshot.
 */
export class GcpCache extends pulumi.ComponentResource implements CacheOutputs {
  readonly instance: redis.Instance;
  readonly endpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** Read-only endpoint over the read replicas; empty without them. */
  readonly readEndpoint: pulumi.Output<string>;
  readonly secretRef: pulumi.Output<string>;
  /**
   * PEM bundle of the instance's server CAs (more than one while Google rotates them). The TLS
   * certificate is signed by this per-instance CA, not a public one, so clients need it.
   */
  readonly caCertificates: pulumi.Output<string>;
  /** The version holding the AUTH string; the API pins it so a new string rolls a revision. */
  readonly authVersion: secretmanager.SecretVersion;

  constructor(name: string, args: GcpCacheArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region, protect } = args;
    const skuGb = Number(GCP_SKUS.cache[args.tier]);
    if (!Number.isFinite(skuGb) || skuGb <= 0) {
      throw new Error(
        `GcpCache ${name}: GCP_SKUS.cache.${args.tier} must be a size in GiB (got ${GCP_SKUS.cache[args.tier]})`,
      );
    }
    if (spec.failover && spec.nodesPerShard < 2) {
      throw new Error(
        `GcpCache ${name}: failover needs at least 2 nodes per shard (got ${spec.nodesPerShard})`,
      );
    }
    const shape = memorystoreShape(skuGb, spec.shards, spec.nodesPerShard, spec.failover);
    if (shape.memorySizeGb > 300) {
      throw new Error(
        `GcpCache ${name}: Memorystore for Redis tops out at 300 GB (asked for ${shape.memorySizeGb})`,
      );
    }
    // Args are checked before anything registers, so an impossible stack leaves no partial plan.
    super("entmoot:cache:GcpCache", name, {}, opts);
    const parent = { parent: this, provider: context.provider };

    this.instance = new redis.Instance(
      name,
      {
        region,
        displayName: `Entmoot ${args.environment} cache`,
        tier: shape.tier,
        memorySizeGb: shape.memorySizeGb,
        redisVersion: redisVersion(spec.engineVersion),
        // Read replicas are a Standard-tier mode; Basic takes no replica settings at all. Without
        // read replicas Standard tier keeps exactly one (failover) replica, its default.
        readReplicasMode:
          shape.tier === "BASIC"
            ? undefined
            : shape.readReplicas > 0
              ? "READ_REPLICAS_ENABLED"
              : "READ_REPLICAS_DISABLED",
        replicaCount: shape.readReplicas > 0 ? shape.readReplicas : undefined,
        // Required when a tier change turns read replicas on for an existing instance; "auto"
        // takes addresses from the private service access range and is stable in diffs.
        secondaryIpRange: shape.readReplicas > 0 ? "auto" : undefined,
        redisConfigs: { "maxmemory-policy": MAXMEMORY_POLICY },
        connectMode: "PRIVATE_SERVICE_ACCESS",
        authorizedNetwork: args.networkId,
        authEnabled: true,
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        customerManagedKey: args.customerManagedKey,
        persistenceConfig: {
          persistenceMode: "RDB",
          rdbSnapshotPeriod: protect ? "ONE_HOUR" : "TWELVE_HOURS",
        },
        maintenancePolicy: {
          weeklyMaintenanceWindows: [
            { day: "SUNDAY", startTime: { hours: 5, minutes: 0, seconds: 0, nanos: 0 } },
          ],
        },
        labels: toLabels(args.tags),
        deletionProtection: protect,
      },
      { ...parent, protect, dependsOn: [args.privateServiceConnection] },
    );

    this.authVersion = new secretmanager.SecretVersion(
      `${name}-auth`,
      { secret: args.secret.id, secretData: pulumi.secret(this.instance.authString) },
      parent,
    );

    this.endpoint = this.instance.host;
    this.port = this.instance.port;
    this.readEndpoint = this.instance.readEndpoint.apply((e) => e ?? "");
    this.secretRef = pulumi.output(args.secretRef);
    this.caCertificates = this.instance.serverCaCerts.apply((certs) =>
      (certs ?? []).map((c) => c.cert.trim()).join("\n"),
    );
    this.registerOutputs({
      endpoint: this.endpoint,
      port: this.port,
      readEndpoint: this.readEndpoint,
      secretRef: this.secretRef,
    });
  }
}
