import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as pulumi from "@pulumi/pulumi";
import type { DatabaseArgs, DatabaseOutputs } from "../../src/platform";
import { deleteLock } from "./access";
import type { AzureContext } from "./context";
import { checkedName, globalName } from "./names";
import type { AzureNetwork } from "./network";
import { hasZones } from "./regions";
import { ServerRestart } from "./restart";
import { postgresSku, postgresStorageGB, type PostgresSku } from "./skus";

export interface AzureDatabaseArgs extends DatabaseArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly suffix: pulumi.Input<string>;
  readonly network: AzureNetwork;
  /** The administrator password (secret), from AzureSecrets. */
  readonly password: pulumi.Input<string>;
  /** Reference to the secret holding `password`, passed through to the outputs. */
  readonly secretRef: pulumi.Input<string>;
}

/** Names Flexible Server refuses as the administrator login. */
const RESERVED_LOGINS = [
  "azure_superuser",
  "azure_pg_admin",
  "admin",
  "administrator",
  "root",
  "guest",
  "public",
];
const MAX_REPLICAS = 5;

/**
 * Libraries loaded at server start: pgaudit (the API's first migration creates the extension,
 * which refuses to be created unless loaded) and pg_stat_statements. The value replaces Azure's
 * default list (pg_cron, pg_stat_statements); nothing here uses pg_cron.
 */
export const PRELOADED_LIBRARIES = "pg_stat_statements,pgaudit";

/**
 * Parameters Azure applies only at a restart (ServerRestart restarts the server for them in the
 * same `up`).
 */
export const STATIC_PARAMETERS: Readonly<Record<string, string>> = {
  shared_preload_libraries: PRELOADED_LIBRARIES,
};

/**
 * Server parameters, applied one at a time: Flexible Server refuses a configuration change while
 * another is in progress on the same server. Query Store only off Burstable: Microsoft advises
 * against it there ("Do not enable query store on Burstable pricing tier").
 */
export function serverParameters(
  slowQueryMs: number,
  tier: PostgresSku["tier"],
): [string, string][] {
  return [
    // The API's first migration creates postgis and pgaudit; Azure allows only listed ones.
    ["azure.extensions", "POSTGIS,PG_STAT_STATEMENTS,PGAUDIT"],
    ...Object.entries(STATIC_PARAMETERS),
    ["require_secure_transport", "on"],
    ["ssl_min_protocol_version", "TLSv1.2"],
    ["log_min_duration_statement", String(slowQueryMs)],
    ["log_checkpoints", "on"],
    ["log_connections", "on"],
    ["log_disconnections", "on"],
    ["connection_throttle.enable", "on"],
    // Query Store feeds PGSQLQueryStoreRuntime, the statement latency the monitoring alerts on.
    ...(queryStoreOn(tier) ? [["pg_qs.query_capture_mode", "TOP"] as [string, string]] : []),
  ];
}

/** Whether Query Store runs on a server of `tier` (see serverParameters). */
export function queryStoreOn(tier: PostgresSku["tier"]): boolean {
  return tier !== "Burstable";
}

/**
 * Azure Database for PostgreSQL Flexible Server 16, in the VNet only:
 * - delegated subnet and the VNet-integration DNS zone, whose link to the VNet must exist first;
 *   no public network access (fixed: a VNet-integrated server can never become public);
 * - zone-redundant HA when spec.highAvailability, on a General Purpose or Memory Optimized SKU
 *   (skus.ts: Burstable has neither HA nor replicas). After a failover Azure swaps the zones, so
 *   the zone fields are ignored rather than failed back;
 * - backups kept spec.backupRetentionDays; geo-redundant backup in production. That choice is
 *   fixed at creation (turning it on later means a new server), and Azure copies it to the
 *   region's pair, whatever drRegion is: the copy in drRegion is the replica of AzureDrDatabase;
 * - password authentication only (the API's password from Key Vault). Entra ID stays off: it is
 *   of use only with an Entra administrator, and no config key names one. To add one, create a
 *   `dbforpostgresql.Administrator` for the group or identity, then turn activeDirectoryAuth on
 *   (and allow outbound to the AzureActiveDirectory service tag from the database subnet). PSRule's
 *   Entra-only rule (Azure.PostgreSQL.AADOnly) cannot hold while the API signs in with a password
 *   from Key Vault; token auth in the API would be the way there;
 * - the parameters of serverParameters(), then a restart for the static ones (ServerRestart);
 *   `readReplicas` replicas in the same subnet;
 * - a CanNotDelete lock in production: Flexible Server has no deletion-protection flag.
 */
export class AzureDatabase extends pulumi.ComponentResource implements DatabaseOutputs {
  readonly server: dbforpostgresql.Server;
  readonly replicas: dbforpostgresql.Server[];
  /** Creation parameters a replica elsewhere (AzureDrSite) must repeat. */
  readonly sku: { readonly name: string; readonly tier: string };
  readonly storage: {
    readonly storageSizeGB: number;
    readonly autoGrow: string;
    readonly type: string;
  };
  /** Whether Query Store runs (not on Burstable): the database-latency alert reads it. */
  readonly queryStore: boolean;
  /** The last resource written to the primary: replicas start after it. */
  readonly settled: pulumi.Resource;
  readonly database: dbforpostgresql.Database;
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoints: pulumi.Output<string[]>;
  readonly port: pulumi.Output<number>;
  readonly secretRef: pulumi.Output<string>;

  constructor(name: string, args: AzureDatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region, protect } = args;
    const sku = postgresSku(
      spec.vcpu,
      spec.memoryGiB,
      !spec.highAvailability && spec.readReplicas === 0,
    );
    if (spec.highAvailability && !hasZones(region)) {
      throw new Error(
        `AzureDatabase ${name}: zone-redundant HA needs a region with zones (${region} has none)`,
      );
    }
    if (spec.backupRetentionDays < 7 || spec.backupRetentionDays > 35) {
      throw new Error(
        `AzureDatabase ${name}: backupRetentionDays must be 7-35 (got ${spec.backupRetentionDays})`,
      );
    }
    if (
      !Number.isInteger(spec.readReplicas) ||
      spec.readReplicas < 0 ||
      spec.readReplicas > MAX_REPLICAS
    ) {
      throw new Error(
        `AzureDatabase ${name}: readReplicas must be 0-${MAX_REPLICAS} (got ${spec.readReplicas})`,
      );
    }
    if (RESERVED_LOGINS.includes(spec.username) || spec.username.startsWith("pg_")) {
      throw new Error(
        `AzureDatabase ${name}: "${spec.username}" is a login Flexible Server reserves`,
      );
    }
    const serverName = globalName("postgresServer", `${name}-`);
    super("entmoot:database:AzureDatabase", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };
    const network = {
      delegatedSubnetResourceId: args.network.subnets.database.id,
      privateDnsZoneArmResourceId: args.network.postgresZone.id,
    };
    const storage = {
      storageSizeGB: postgresStorageGB(spec.storageGB),
      autoGrow: "Enabled",
      type: "Premium_LRS",
    };
    // Azure picks the zones and swaps them on failover; auto-grow enlarges the disk. Ignoring the
    // size also means a tier's larger disk is never applied by `up`: grow it with
    // `az postgres flexible-server update --storage-size` (docs/operations.md, Scaling). A larger
    // SKU must reach the replicas before the primary (Azure wants the primary no bigger than its
    // smallest replica), while Pulumi updates the primary first: scale up replicas first by hand.
    const drift = [
      "availabilityZone",
      "highAvailability.standbyAvailabilityZone",
      "storage.storageSizeGB",
    ];

    this.server = new dbforpostgresql.Server(
      name,
      {
        serverName: pulumi.output(args.suffix).apply(serverName),
        resourceGroupName: args.resourceGroupName,
        location: region,
        version: spec.engineVersion,
        sku,
        storage,
        network,
        administratorLogin: spec.username,
        administratorLoginPassword: pulumi.secret(args.password),
        authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled" },
        highAvailability: { mode: spec.highAvailability ? "ZoneRedundant" : "Disabled" },
        backup: {
          backupRetentionDays: spec.backupRetentionDays,
          geoRedundantBackup: spec.crossRegionBackups ? "Enabled" : "Disabled",
        },
        maintenanceWindow: { customWindow: "Enabled", dayOfWeek: 0, startHour: 4, startMinute: 0 },
        tags,
      },
      {
        ...parent,
        protect,
        dependsOn: [args.network.linkOf(args.network.postgresZone)],
        ignoreChanges: drift,
      },
    );
    const lock = deleteLock(name, this.server.id, protect, parent);

    let previous: pulumi.Resource = lock ?? this.server;
    for (const [parameter, value] of serverParameters(spec.slowQueryMs, sku.tier)) {
      previous = new dbforpostgresql.Configuration(
        `${name}-${parameter.replace(/[._]/g, "-")}`,
        {
          configurationName: parameter,
          serverName: this.server.name,
          resourceGroupName: args.resourceGroupName,
          value,
          source: "user-override",
        },
        { ...parent, dependsOn: [previous] },
      );
    }

    // The static parameters take effect now, before anything connects or replicates.
    previous = new ServerRestart(
      `${name}-restart`,
      { serverId: this.server.id, parameters: STATIC_PARAMETERS },
      { parent: this, dependsOn: [previous] },
    );

    this.database = new dbforpostgresql.Database(
      `${name}-${spec.databaseName}`,
      {
        databaseName: spec.databaseName,
        serverName: this.server.name,
        resourceGroupName: args.resourceGroupName,
        charset: "UTF8",
        collation: "en_US.utf8",
      },
      { ...parent, protect, dependsOn: [previous] },
    );
    previous = this.database;

    // Replicas one after another, after the parameters: the source server takes one operation
    // at a time.
    this.replicas = Array.from({ length: spec.readReplicas }, (_, i) => {
      const replica = new dbforpostgresql.Server(
        `${name}-replica-${i}`,
        {
          serverName: pulumi
            .output(args.suffix)
            .apply((s) => checkedName("postgresServer", `${serverName(s)}-r${i}`)),
          resourceGroupName: args.resourceGroupName,
          location: region,
          createMode: "Replica",
          sourceServerResourceId: this.server.id,
          sku,
          storage,
          network,
          tags,
        },
        // Replicas hold no data of their own: unprotected, so lowering dbReplicas just works.
        { ...parent, dependsOn: [previous], ignoreChanges: drift },
      );
      previous = replica;
      return replica;
    });

    this.sku = sku;
    this.storage = storage;
    this.queryStore = queryStoreOn(sku.tier);
    this.settled = previous;
    this.endpoint = this.server.fullyQualifiedDomainName;
    this.readerEndpoints = pulumi.all(this.replicas.map((r) => r.fullyQualifiedDomainName));
    this.port = pulumi.output(spec.port);
    this.secretRef = pulumi.output(args.secretRef);
    this.registerOutputs({
      endpoint: this.endpoint,
      readerEndpoints: this.readerEndpoints,
      port: this.port,
      secretRef: this.secretRef,
    });
  }
}
