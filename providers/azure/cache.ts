import * as redisenterprise from "@pulumi/azure-native/redisenterprise";
import * as pulumi from "@pulumi/pulumi";
import type { CacheArgs, CacheOutputs } from "../../src/platform";
import { deleteLock } from "./access";
import type { AzureContext } from "./context";
import { globalName } from "./names";
import type { AzureNetwork } from "./network";
import { privateEndpoint } from "./privateEndpoint";
import type { AzureSecrets } from "./secrets";
import { redisSku } from "./skus";

export interface AzureCacheArgs extends CacheArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly network: AzureNetwork;
  /** The vault the access key is written to, under the name cachePasswordRef points at. */
  readonly secrets: AzureSecrets;
}

/** Managed Redis serves clients on this port only, always over TLS. */
export const MANAGED_REDIS_PORT = 10000;

/**
 * Azure Managed Redis (Microsoft.Cache/redisEnterprise; Azure Cache for Redis is being retired),
 * reachable only through its private endpoint:
 * - a Balanced SKU holding the whole data set (skus.ts). Managed Redis has no node count:
 *   `cacheNodes` (nodesPerShard) above 1 means high availability, which keeps one replica of
 *   every shard on another node, spread over zones where the region has them; Azure offers no
 *   more replicas than that, so 3 buys the same as 2;
 * - TLS 1.2 only (the Encrypted client protocol), public network access disabled;
 * - one database, which Azure requires to be named "default", on port 10000;
 *   EnterpriseCluster policy, so the API's plain (not cluster-aware) client sees one endpoint;
 *   the policy is fixed at creation;
 * - access-key authentication on, explicitly (new clusters default to Entra-only), with the
 *   primary key written to Key Vault and never output;
 * - RDB snapshots hourly in production, so a full failure loses at most an hour;
 * - a CanNotDelete lock in production.
 */
export class AzureCache extends pulumi.ComponentResource implements CacheOutputs {
  readonly cluster: redisenterprise.RedisEnterprise;
  readonly database: redisenterprise.Database;
  readonly endpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly secretRef: pulumi.Output<string>;
  /** The private endpoint's DNS record: what a client of the cache waits for. */
  readonly reachable: pulumi.Resource;
  /** The key's versioned Key Vault URI, for references pinned to what the stack wrote. */
  readonly secretVersionedRef: pulumi.Output<string>;

  constructor(name: string, args: AzureCacheArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region, protect } = args;
    if (spec.failover && spec.nodesPerShard < 2) {
      throw new Error(
        `AzureCache ${name}: failover needs at least 2 nodes per shard (got ${spec.nodesPerShard})`,
      );
    }
    const sku = redisSku(spec.memoryGiB, spec.shards);
    const clusterName = globalName("redisEnterprise", `${name}-`);
    super("entmoot:cache:AzureCache", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };
    const highAvailability = spec.failover || spec.nodesPerShard > 1;

    this.cluster = new redisenterprise.RedisEnterprise(
      name,
      {
        clusterName: pulumi.output(args.suffix).apply(clusterName),
        resourceGroupName: args.resourceGroupName,
        location: region,
        sku: { name: sku },
        // One way only: Azure turns high availability on in place but refuses to turn it off,
        // so `cacheNodes` back to 1 (or staging moving from a tier with several nodes) fails in
        // `up`; only a new cluster (an empty cache) runs without it again.
        highAvailability: highAvailability ? "Enabled" : "Disabled",
        minimumTlsVersion: "1.2",
        publicNetworkAccess: "Disabled",
        tags,
      },
      { ...parent, protect },
    );
    deleteLock(name, this.cluster.id, protect, parent);

    this.database = new redisenterprise.Database(
      `${name}-default`,
      {
        databaseName: "default",
        clusterName: this.cluster.name,
        resourceGroupName: args.resourceGroupName,
        clientProtocol: "Encrypted",
        port: MANAGED_REDIS_PORT,
        clusteringPolicy: "EnterpriseCluster",
        // Everything cached can be rebuilt from PostgreSQL: evict the least recently used.
        evictionPolicy: "AllKeysLRU",
        accessKeysAuthentication: "Enabled",
        persistence: { rdbEnabled: true, rdbFrequency: protect ? "1h" : "12h" },
      },
      { ...parent, protect },
    );

    const dns = privateEndpoint(
      name,
      {
        resourceGroupName: args.resourceGroupName,
        location: region,
        network: args.network,
        targetId: this.cluster.id,
        groupId: "redisEnterprise",
        zone: args.network.privateLinkZones.redis,
        zoneLink: args.network.linkOf(args.network.privateLinkZones.redis),
        tags,
      },
      parent,
    );

    // An invoke, so it runs on every preview too: the preview identity needs
    // Microsoft.Cache/redisEnterprise/databases/listKeys/action and reads the key
    // (docs/deployment.md, "What the preview identity can read").
    const keys = redisenterprise.listDatabaseKeysOutput(
      {
        clusterName: this.cluster.name,
        databaseName: this.database.name,
        resourceGroupName: args.resourceGroupName,
      },
      { provider: context.provider, parent: this },
    );
    const stored = args.secrets.addSecret("redis-password", pulumi.secret(keys.primaryKey));
    this.reachable = dns;

    this.endpoint = this.cluster.hostName;
    this.port = this.database.port.apply((p) => p ?? MANAGED_REDIS_PORT);
    this.secretRef = stored.uri;
    this.secretVersionedRef = stored.versionedUri;
    this.registerOutputs({
      endpoint: this.endpoint,
      port: this.port,
      secretRef: this.secretRef,
    });
  }
}
