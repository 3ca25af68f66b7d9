import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import type * as kms from "@pulumi/aws/kms";
import * as rds from "@pulumi/aws/rds";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Tier } from "../../src/cloud";
import type { DatabaseArgs, DatabaseOutputs } from "../../src/platform";
import { AWS_SKUS } from "./skus";
import type { AwsContext } from "./context";
import { regionZones } from "./zones";

export interface AwsDatabaseArgs extends DatabaseArgs {
  readonly context: AwsContext;
  /** Picks the instance class from `AWS_SKUS.database`. */
  readonly tier: Tier;
  /** The isolated subnets, one per zone: no route to the internet. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The database security group (admits the API group on the database port only). */
  readonly securityGroupId: pulumi.Input<string>;
  /** Encrypts storage, snapshots, replicas and Performance Insights. */
  readonly key: kms.Key;
  /** Encrypts the automated-backup copies in the DR region; required when spec.crossRegionBackups. */
  readonly drKey?: kms.Key;
  /** Encrypts the exported PostgreSQL log groups. */
  readonly logsKey: kms.Key;
  readonly logRetentionDays: number;
  /** AWS partition (`aws`, `aws-cn`, ...) for managed-policy ARNs. */
  readonly partition: pulumi.Input<string>;
  /** Master password: a secret Output from AwsSecrets, never a plain string. */
  readonly password: pulumi.Output<string>;
  /** ARN of the secret holding `password`; exposed as `secretRef`. */
  readonly secretArn: pulumi.Output<string>;
  /**
   * An AWS Backup continuous rule owns the automated backups (see continuousBackup in backup.ts):
   * the retention and window set at creation are then left to it. Defaults to false.
   */
  readonly backupsOwnedByAwsBackup?: boolean;
}

/** Daily RDS backup window (UTC); AwsBackup schedules its rules just after it. */
export const DATABASE_BACKUP_WINDOW = "03:00-04:00";
/** Weekly maintenance, after the backup window so a patch always follows a fresh backup. */
export const DATABASE_MAINTENANCE_WINDOW = "sun:04:30-sun:05:30";
/** RDS's identifier rule: a letter, then letters, digits and single hyphens, at most 63. */
const IDENTIFIER = /^[a-z](?:[a-z0-9]|-(?!-)){0,62}$/;

/**
 * RDS for PostgreSQL 16. PostGIS is an extension on RDS PostgreSQL, not a separate engine: the
 * API's migrations run `CREATE EXTENSION IF NOT EXISTS postgis` as the master user (rds_superuser).
 *
 * - Primary in the isolated subnets, Multi-AZ when spec.highAvailability (synchronous standby,
 *   automatic failover), never publicly accessible.
 * - Read replicas (`${name}-replica-${i}`) from the primary, same key, spread over the zones.
 * - gp3 with storage autoscaling up to spec.maxStorageGB, encrypted with the data key.
 * - Automated backups (daily snapshot + transaction logs every 5 minutes = point-in-time restore)
 *   kept spec.backupRetentionDays, and in production replicated to the DR region.
 * - TLS forced (rds.force_ssl, TLS >= 1.2), IAM authentication available, slow/connection/lock
 *   logging exported to encrypted log groups with retention, Performance Insights, enhanced
 *   monitoring, deletion protection and a final snapshot where spec.deletionProtection.
 */
export class AwsDatabase extends pulumi.ComponentResource implements DatabaseOutputs {
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoints: pulumi.Output<string[]>;
  readonly port: pulumi.Output<number>;
  readonly secretRef: pulumi.Output<string>;
  readonly primary: rds.Instance;
  readonly replicas: rds.Instance[];
  readonly parameterGroup: rds.ParameterGroup;
  readonly subnetGroup: rds.SubnetGroup;
  readonly backupReplication?: rds.InstanceAutomatedBackupsReplication;

  constructor(name: string, args: AwsDatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Checked before super(): a rejected component registers nothing.
    const { spec } = args;
    const { drProvider } = args.context;
    if (!IDENTIFIER.test(`${name}-replica-${Math.max(spec.readReplicas - 1, 0)}`)) {
      throw new Error(
        `AwsDatabase ${name}: name must be lowercase letters, digits and single hyphens, starting with a letter, short enough for "-replica-N" within 63 characters`,
      );
    }
    if (spec.maxStorageGB < spec.storageGB) {
      throw new Error(
        `AwsDatabase ${name}: maxStorageGB (${spec.maxStorageGB}) is below storageGB (${spec.storageGB})`,
      );
    }
    if (!Number.isInteger(spec.readReplicas) || spec.readReplicas < 0 || spec.readReplicas > 15) {
      throw new Error(
        `AwsDatabase ${name}: readReplicas must be an integer from 0 to 15 (got ${spec.readReplicas})`,
      );
    }
    if (spec.crossRegionBackups && (drProvider === undefined || args.drKey === undefined)) {
      throw new Error(`AwsDatabase ${name}: crossRegionBackups needs context.drProvider and drKey`);
    }
    if (args.subnetIds.length < 2) {
      throw new Error(
        `AwsDatabase ${name}: RDS needs subnets in at least 2 zones (got ${args.subnetIds.length})`,
      );
    }
    super("entmoot:database:AwsDatabase", name, {}, opts);
    const parent = { parent: this };
    const stateful: pulumi.CustomResourceOptions = { parent: this, protect: args.protect };
    const production = args.environment === "production";

    this.subnetGroup = new rds.SubnetGroup(
      name,
      {
        description: `${name}: isolated subnets`,
        subnetIds: args.subnetIds,
        tags: { ...args.tags, Name: name },
      },
      parent,
    );

    this.parameterGroup = new rds.ParameterGroup(
      name,
      {
        family: `postgres${spec.engineVersion}`,
        description: `${name}: TLS only, slow query, connection and lock logging`,
        parameters: [
          // Refuse unencrypted connections; the API connects with sslmode=require or stricter.
          { name: "rds.force_ssl", value: "1" },
          { name: "ssl_min_protocol_version", value: "TLSv1.2" },
          { name: "log_min_duration_statement", value: String(spec.slowQueryMs) },
          { name: "log_connections", value: "1" },
          { name: "log_disconnections", value: "1" },
          { name: "log_lock_waits", value: "1" },
          // Schema changes are audited; logging every statement ("all") would copy user data
          // (query parameters) into the logs and multiply their volume, so it is deliberately off.
          { name: "log_statement", value: "ddl" },
        ],
        tags: { ...args.tags, Name: name },
      },
      parent,
    );

    const account = getCallerIdentityOutput({}, parent).accountId;
    const monitoringRole = new iam.Role(
      `${name}-monitoring`,
      {
        description: `${name}: RDS enhanced monitoring`,
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "monitoring.rds.amazonaws.com" },
              Action: "sts:AssumeRole",
              // Confused-deputy guard (RDS documents both keys): only this account's instances.
              Condition: {
                StringEquals: { "aws:SourceAccount": account },
                ArnLike: {
                  "aws:SourceArn": pulumi.interpolate`arn:${args.partition}:rds:${args.region}:${account}:db:*`,
                },
              },
            },
          ],
        }),
      },
      parent,
    );
    const monitoringPolicy = new iam.RolePolicyAttachment(
      `${name}-monitoring`,
      {
        role: monitoringRole.name,
        policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      },
      parent,
    );

    // RDS would create these groups itself on first export, without retention or our key; made
    // first, they are the ones it writes to. That is why identifiers are set, not auto-named.
    const logGroups = (identifier: string) =>
      ["postgresql", "upgrade"].map(
        (log) =>
          new cloudwatch.LogGroup(
            `${identifier}-${log}`,
            {
              name: `/aws/rds/instance/${identifier}/${log}`,
              retentionInDays: args.logRetentionDays,
              kmsKeyId: args.logsKey.arn,
            },
            parent,
          ),
      );

    // Settings every instance shares, primary and replicas alike.
    const common = {
      engine: "postgres",
      // A major version only: with autoMinorVersionUpgrade RDS keeps it on the latest 16.x.
      engineVersion: spec.engineVersion,
      instanceClass: AWS_SKUS.database[args.tier],
      storageType: "gp3",
      maxAllocatedStorage: spec.maxStorageGB,
      storageEncrypted: true,
      kmsKeyId: args.key.arn,
      port: spec.port,
      parameterGroupName: this.parameterGroup.name,
      vpcSecurityGroupIds: [args.securityGroupId],
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      autoMinorVersionUpgrade: true,
      copyTagsToSnapshot: true,
      maintenanceWindow: DATABASE_MAINTENANCE_WINDOW,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: args.key.arn,
      // 7 days is the free tier, enough to diagnose an incident while it is fresh. Longer history
      // is a paid tier billed per vCPU (being folded into CloudWatch Database Insights Advanced);
      // the month-over-month view comes from CloudWatch metrics and the slow-query log instead,
      // kept for logRetentionDays (a year in production).
      performanceInsightsRetentionPeriod: 7,
      // Per-process OS metrics: 15 s in production to see short spikes, 60 s is enough elsewhere.
      monitoringInterval: production ? 15 : 60,
      monitoringRoleArn: monitoringRole.arn,
      deletionProtection: spec.deletionProtection,
      // Changes that restart or fail over the instance (class, parameters needing a reboot) wait
      // for the maintenance window; docs/operations.md shows how to apply one sooner. A new master
      // password is applied at once whatever this says.
      applyImmediately: false,
    };

    // A final snapshot name must be new in the account: a fixed `<name>-final` would collide with
    // the snapshot an earlier instance of the same name left, and the delete would fail. The
    // suffix changes whenever an input that replaces the instance does.
    const finalSnapshot = spec.deletionProtection
      ? new random.RandomId(
          `${name}-final-snapshot`,
          {
            byteLength: 4,
            keepers: {
              identifier: name,
              kmsKeyId: args.key.arn,
              dbName: spec.databaseName,
              username: spec.username,
            },
          },
          parent,
        )
      : undefined;

    this.primary = new rds.Instance(
      name,
      {
        ...common,
        identifier: name,
        dbName: spec.databaseName,
        username: spec.username,
        password: args.password,
        allocatedStorage: spec.storageGB,
        dbSubnetGroupName: this.subnetGroup.name,
        multiAz: spec.highAvailability,
        backupRetentionPeriod: spec.backupRetentionDays,
        backupWindow: DATABASE_BACKUP_WINDOW,
        // With protection on, deleting the instance leaves a final snapshot and keeps the
        // automated backups until they expire; staging deletes cleanly.
        skipFinalSnapshot: !spec.deletionProtection,
        finalSnapshotIdentifier:
          finalSnapshot === undefined
            ? undefined
            : pulumi.interpolate`${name}-final-${finalSnapshot.hex}`,
        deleteAutomatedBackups: !spec.deletionProtection,
        tags: { ...args.tags, Name: name, role: "primary" },
      },
      {
        ...stateful,
        dependsOn: [monitoringPolicy, ...logGroups(name)],
        // AWS Backup's continuous rule owns these once it runs: RDS refuses a retention change.
        ignoreChanges:
          args.backupsOwnedByAwsBackup === true ? ["backupRetentionPeriod", "backupWindow"] : [],
      },
    );

    // Replicas go round the zones from the second one on. A Multi-AZ primary cannot be pinned to
    // a zone, so this spreads the replicas across zones rather than away from the primary. The
    // zone list is the one AwsNetwork built its subnets from (same invoke, same order).
    const zones = regionZones(parent).apply((list) => list.map((z) => z.name));
    this.replicas = Array.from({ length: spec.readReplicas }, (_, i) => {
      const identifier = `${name}-replica-${i}`;
      return new rds.Instance(
        identifier,
        {
          ...common,
          identifier,
          // Same region and no subnet group of its own: the identifier is the source, and the
          // replica inherits the primary's subnet group, engine, storage size and credentials.
          replicateSourceDb: this.primary.identifier,
          availabilityZone: zones.apply(
            (names) => names[(i + 1) % args.subnetIds.length] ?? names[0]!,
          ),
          multiAz: false,
          // No backups of its own (RDS's default for replicas): its data is the primary's,
          // already backed up. RDS refuses a final snapshot of a replica.
          skipFinalSnapshot: true,
          tags: { ...args.tags, Name: identifier, role: "replica" },
        },
        { ...stateful, dependsOn: [monitoringPolicy, ...logGroups(identifier)] },
      );
    });

    if (spec.crossRegionBackups && drProvider !== undefined && args.drKey !== undefined) {
      // Snapshots and transaction logs copied to the DR region, so point-in-time restore works
      // there too if the primary region is lost.
      this.backupReplication = new rds.InstanceAutomatedBackupsReplication(
        `${name}-dr-backups`,
        {
          sourceDbInstanceArn: this.primary.arn,
          kmsKeyId: args.drKey.arn,
          retentionPeriod: spec.backupRetentionDays,
        },
        { parent: this, provider: drProvider },
      );
    }

    this.endpoint = this.primary.address;
    this.readerEndpoints = pulumi.all(this.replicas.map((r) => r.address));
    this.port = this.primary.port;
    this.secretRef = args.secretArn;
    this.registerOutputs({
      endpoint: this.endpoint,
      readerEndpoints: this.readerEndpoints,
      port: this.port,
      secretRef: this.secretRef,
    });
  }
}
