import type * as servicenetworking from "@pulumi/gcp/servicenetworking";
import * as sql from "@pulumi/gcp/sql";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { Tier } from "../../src/cloud";
import type { DatabaseArgs, DatabaseOutputs } from "../../src/platform";
import { GCP_SKUS } from "./skus";
import { toLabels, type GcpContext } from "./context";
import { postgresFlags } from "./postgresFlags";

export interface GcpDatabaseArgs extends DatabaseArgs {
  readonly context: GcpContext;
  readonly tier: Tier;
  /** Self link of the VPC the instances get their private addresses in. */
  readonly networkSelfLink: pulumi.Input<string>;
  /** Private service access peering; instances cannot be created before it exists. */
  readonly privateServiceConnection: servicenetworking.Connection;
  /** The application user's password (secret). */
  readonly password: pulumi.Input<string>;
  /** Reference to the secret holding `password`, passed through to the outputs. */
  readonly secretRef: pulumi.Input<string>;
  /** Region automated backups are stored in when spec.crossRegionBackups. Defaults to none. */
  readonly drRegion?: string;
}

/** Cloud SQL allows 1-7 days of transaction logs on ENTERPRISE, 1-35 on ENTERPRISE_PLUS. */
const MAX_PITR_DAYS = { ENTERPRISE: 7, ENTERPRISE_PLUS: 35 } as const;
const MAX_REPLICAS = 10;

/** The server CAs of `instances`, each once, as one PEM bundle in the instances' order. */
export function caBundle(instances: readonly sql.DatabaseInstance[]): pulumi.Output<string> {
  return pulumi
    .all(instances.map((i) => i.serverCaCerts))
    .apply((lists) =>
      [...new Set(lists.flatMap((certs) => certs ?? []).map((c) => c.cert.trim()))].join("\n"),
    );
}

/** The Cloud SQL edition a machine tier belongs to: custom and shared-core tiers are ENTERPRISE. */
export function sqlEdition(machineTier: string): keyof typeof MAX_PITR_DAYS {
  return machineTier.startsWith("db-perf-optimized-") ? "ENTERPRISE_PLUS" : "ENTERPRISE";
}

/**
 * Cloud SQL for PostgreSQL 16 with a private address only:
 * - REGIONAL (synchronous standby in a second zone, automatic failover) when spec.highAvailability;
 * - connections must use TLS (ENCRYPTED_ONLY); no public IPv4 at all;
 * - daily backups kept as `backupRetentionDays` copies, point-in-time recovery over `pitrDays` of
 *   transaction logs, stored in the disaster-recovery region when spec.crossRegionBackups, a final
 *   backup on deletion and backups kept after it;
 * - Query Insights, the logging flags of postgresFlags.ts, a Sunday maintenance window;
 * - `readReplicas` zonal read replicas with the same network and flags.
 * PostGIS ships with Cloud SQL as an extension; the app's first migration runs
 * `CREATE EXTENSION postgis`, so nothing here installs it.
 */
export class GcpDatabase extends pulumi.ComponentResource implements DatabaseOutputs {
  readonly primary: sql.DatabaseInstance;
  readonly replicas: sql.DatabaseInstance[];
  readonly database: sql.Database;
  readonly user: sql.User;
  /** `project:region:instance`, for the Cloud SQL connectors and Auth Proxy. */
  readonly connectionName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoints: pulumi.Output<string[]>;
  readonly port: pulumi.Output<number>;
  readonly secretRef: pulumi.Output<string>;
  /**
   * PEM bundle of the server CAs of every instance, the primary's and each read replica's (the
   * current one of each, plus the next while a rotation is prepared). With the default server CA
   * mode every Cloud SQL instance, a replica included, signs its certificate with a CA of its own
   * whose name is the instance's and not its IP, so the API verifies the chain (`verify-ca`)
   * against this bundle, on DATABASE_HOST and on DATABASE_READ_HOSTS alike.
   */
  readonly caCertificates: pulumi.Output<string>;

  constructor(name: string, args: GcpDatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region, protect } = args;
    const machineTier = GCP_SKUS.database[args.tier];
    const edition = sqlEdition(machineTier);
    if (
      !Number.isInteger(spec.pitrDays) ||
      spec.pitrDays < 1 ||
      spec.pitrDays > MAX_PITR_DAYS[edition]
    ) {
      throw new Error(
        `GcpDatabase ${name}: pitrDays must be 1-${MAX_PITR_DAYS[edition]} on ${edition} (got ${spec.pitrDays})`,
      );
    }
    // The Cloud SQL API refuses as many days of logs as retained backups ("backup retention
    // should be > transaction log retention"): logs are replayed from a retained backup older
    // than the oldest log. So staging's 7 backups keep 6 days of logs.
    const pitrDays = Math.min(spec.pitrDays, spec.backupRetentionDays - 1);
    if (pitrDays < 1) {
      throw new Error(
        `GcpDatabase ${name}: backupRetentionDays (${spec.backupRetentionDays}) must be at least 2: ` +
          "Cloud SQL replays logs only from a retained backup older than the oldest log",
      );
    }
    if (
      !Number.isInteger(spec.readReplicas) ||
      spec.readReplicas < 0 ||
      spec.readReplicas > MAX_REPLICAS
    ) {
      throw new Error(
        `GcpDatabase ${name}: readReplicas must be 0-${MAX_REPLICAS} (got ${spec.readReplicas})`,
      );
    }
    if (spec.crossRegionBackups && (args.drRegion === undefined || args.drRegion === region)) {
      throw new Error(
        `GcpDatabase ${name}: crossRegionBackups needs a drRegion other than ${region}`,
      );
    }
    if (spec.storageGB < 10 || spec.maxStorageGB < spec.storageGB) {
      throw new Error(
        `GcpDatabase ${name}: storage must be at least 10 GB and no more than maxStorageGB (${spec.storageGB}/${spec.maxStorageGB})`,
      );
    }
    // Args are checked before anything registers, so an impossible stack leaves no partial plan.
    super("entmoot:database:GcpDatabase", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const instanceOpts: pulumi.CustomResourceOptions = {
      ...parent,
      protect,
      dependsOn: [args.privateServiceConnection],
      // Autoresize grows the disk; writing back the initial size would try to shrink it.
      ignoreChanges: ["settings.diskSize"],
    };
    const databaseVersion = `POSTGRES_${spec.engineVersion}`;

    // What the primary and its replicas share: size, network, TLS, flags, insights, protection.
    const common = {
      tier: machineTier,
      edition,
      diskType: "PD_SSD",
      diskSize: spec.storageGB,
      diskAutoresize: true,
      diskAutoresizeLimit: spec.maxStorageGB,
      deletionProtectionEnabled: spec.deletionProtection,
      userLabels: toLabels(args.tags),
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: args.networkSelfLink,
        sslMode: "ENCRYPTED_ONLY",
        // BigQuery federation and Datastream reach the instance over Google's network, not the internet.
        enablePrivatePathForGoogleCloudServices: true,
      },
      databaseFlags: postgresFlags(),
      insightsConfig: {
        queryInsightsEnabled: true,
        queryPlansPerMinute: 5,
        queryStringLength: 1024,
        recordApplicationTags: true,
        // Client addresses are Cloud Run egress IPs that churn; they add cost, not insight.
        recordClientAddress: false,
      },
    } satisfies Partial<inputs.sql.DatabaseInstanceSettings>;

    this.primary = new sql.DatabaseInstance(
      name,
      {
        region,
        databaseVersion,
        deletionProtection: spec.deletionProtection,
        settings: {
          ...common,
          availabilityType: spec.highAvailability ? "REGIONAL" : "ZONAL",
          backupConfiguration: {
            enabled: true,
            startTime: "03:00",
            location: spec.crossRegionBackups ? args.drRegion : undefined,
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: pitrDays,
            backupRetentionSettings: {
              retainedBackups: spec.backupRetentionDays,
              retentionUnit: "COUNT",
            },
          },
          finalBackupConfig: { enabled: true, retentionDays: spec.backupRetentionDays },
          retainBackupsOnDelete: spec.deletionProtection,
          maintenanceWindow: {
            day: 7,
            hour: 4,
            // Staging takes updates a week before production, so a bad release shows there first.
            updateTrack: args.environment === "production" ? "stable" : "canary",
          },
          passwordValidationPolicy: {
            enablePasswordPolicy: true,
            minLength: 16,
            complexity: "COMPLEXITY_DEFAULT",
            disallowUsernameSubstring: true,
          },
        },
      },
      instanceOpts,
    );

    this.replicas = Array.from(
      { length: spec.readReplicas },
      (_, i) =>
        new sql.DatabaseInstance(
          `${name}-replica-${i}`,
          {
            region,
            databaseVersion,
            masterInstanceName: this.primary.name,
            instanceType: "READ_REPLICA_INSTANCE",
            deletionProtection: spec.deletionProtection,
            // Replicas have no backups of their own: the primary's cover them.
            settings: {
              ...common,
              availabilityType: "ZONAL",
              backupConfiguration: { enabled: false },
            },
          },
          instanceOpts,
        ),
    );

    this.database = new sql.Database(
      `${name}-${spec.databaseName}`,
      {
        instance: this.primary.name,
        name: spec.databaseName,
        // Dropping a database fails while sessions are open; its data goes with the instance.
        deletionPolicy: "ABANDON",
      },
      { ...parent, protect },
    );
    this.user = new sql.User(
      `${name}-${spec.username}`,
      {
        instance: this.primary.name,
        name: spec.username,
        password: pulumi.secret(args.password),
        // Postgres refuses to drop a role that still owns objects; the instance takes it along.
        deletionPolicy: "ABANDON",
      },
      { ...parent, dependsOn: [this.database] },
    );

    this.connectionName = this.primary.connectionName;
    this.endpoint = this.primary.privateIpAddress;
    this.readerEndpoints = pulumi.all(this.replicas.map((r) => r.privateIpAddress));
    this.port = pulumi.output(spec.port);
    this.secretRef = pulumi.output(args.secretRef);
    this.caCertificates = caBundle([this.primary, ...this.replicas]);
    this.registerOutputs({
      endpoint: this.endpoint,
      readerEndpoints: this.readerEndpoints,
      port: this.port,
      secretRef: this.secretRef,
      connectionName: this.connectionName,
    });
  }
}
