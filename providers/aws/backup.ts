import * as backup from "@pulumi/aws/backup";
import * as iam from "@pulumi/aws/iam";
import type * as kms from "@pulumi/aws/kms";
import type * as aws from "@pulumi/aws/provider";
import type * as rds from "@pulumi/aws/rds";
import type { input } from "@pulumi/aws/types";
import * as pulumi from "@pulumi/pulumi";
import type { ComponentArgs } from "../../src/platform";
import type { AwsContext } from "./context";

export interface AwsBackupArgs extends ComponentArgs {
  /** Retention and cross-region switches come from `context.spec.database`. */
  readonly context: AwsContext;
  /** The RDS primary. */
  readonly database: rds.Instance;
  /** The data bucket (versioned, as AWS Backup requires). Defaults to backing up the database only. */
  readonly bucketArn?: pulumi.Input<string>;
  /** Encrypts the primary vault. */
  readonly key: kms.Key;
  /** Encrypts the DR vault; required when spec.database.crossRegionBackups. */
  readonly drKey?: kms.Key;
  /** AWS partition (`aws`, `aws-cn`, ...) for managed-policy ARNs. */
  readonly partition: pulumi.Input<string>;
}

/**
 * Whether AwsBackup runs a continuous rule for `environment` (production). Such a rule takes over
 * the RDS instance's automated backups: from then on RDS refuses any change of the instance's
 * backupRetentionPeriod (and AWS Backup keeps its backup window), and the retention is changed
 * through the rule's lifecycle. AwsDatabase leaves both fields alone when this is true.
 */
export function continuousBackup(environment: string): boolean {
  return environment === "production";
}

/** Hourly recovery points are for "undo the last few hours", not history: two days of them. */
export const HOURLY_RETENTION_DAYS = 2;

/**
 * AWS Backup for the database and the data bucket: the platform's "continuous, hourly, daily".
 *
 * - **Continuous** (production): a rule with `enableContinuousBackup`. For RDS this *is* RDS's
 *   automated backup (daily snapshot + transaction logs every 5 minutes), now managed by AWS
 *   Backup, giving point-in-time restore to any second in the retention; for S3 it is AWS
 *   Backup's own continuous backup (PITR of the bucket). AWS Backup owns the instance's retention
 *   from then on: RDS refuses a backupRetentionPeriod change, so AwsDatabase stops managing it
 *   (see continuousBackup) and a new spec.backupRetentionDays reaches the instance through this
 *   rule's lifecycle, which AWS Backup applies to it (at most 35 days).
 * - **Hourly** (production): snapshot recovery points every hour, kept HOURLY_RETENTION_DAYS,
 *   independent of the log chain and quick to restore. RDS takes them from the continuous backup.
 * - **Daily**: a snapshot every day, kept backupRetentionDays, and in production copied to a
 *   vault in the DR region (DR key, DR provider) so a regional loss keeps a month of dailies.
 *   RDS's own automated backups are also replicated there by AwsDatabase, and both stay: the
 *   replicated backups give point-in-time restore in the DR region but anyone allowed to manage
 *   RDS can delete them or stop their replication, while the daily copies sit in the DR vault under
 *   its Vault Lock, deletable early only by a principal allowed to bypass governance mode.
 *
 * Staging keeps the daily rule only, 7 days, no copy: RDS's automated backups already give it
 * 7-day point-in-time restore, and staging data is not worth a second region.
 *
 * Production vaults carry a Vault Lock in governance mode: recovery points cannot be deleted, or
 * kept shorter or longer than the bounds, except by a principal explicitly allowed to remove the
 * lock. Compliance mode (changeableForDays) was rejected: after its grace period it can never be
 * changed or removed, not even by the account root, so one wrong number would be permanent.
 */
export class AwsBackup extends pulumi.ComponentResource {
  readonly vault: backup.Vault;
  readonly drVault?: backup.Vault;
  readonly plan: backup.Plan;
  readonly role: iam.Role;
  readonly selection: backup.Selection;

  constructor(name: string, args: AwsBackupArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Checked before super(): a rejected component registers nothing.
    const db = args.context.spec.database;
    const { drProvider } = args.context;
    const production = args.environment === "production";
    if (db.crossRegionBackups && (drProvider === undefined || args.drKey === undefined)) {
      throw new Error(`AwsBackup ${name}: crossRegionBackups needs context.drProvider and drKey`);
    }
    if (production && db.backupRetentionDays > 35) {
      throw new Error(
        `AwsBackup ${name}: continuous backup keeps at most 35 days (backupRetentionDays is ${db.backupRetentionDays})`,
      );
    }
    super("entmoot:backup:AwsBackup", name, {}, opts);
    const parent = { parent: this };

    const vault = (suffix: string, key: kms.Key, provider?: aws.Provider) => {
      const v = new backup.Vault(
        `${name}${suffix}`,
        // forceDestroy deletes the recovery points with the vault: staging only.
        {
          kmsKeyArn: key.arn,
          forceDestroy: !args.protect,
          tags: { ...args.tags, Name: `${name}${suffix}` },
        },
        { parent: this, provider, protect: args.protect },
      );
      if (production) {
        new backup.VaultLockConfiguration(
          `${name}${suffix}`,
          { backupVaultName: v.name, minRetentionDays: 1, maxRetentionDays: 365 },
          { parent: this, provider },
        );
      }
      return v;
    };
    this.vault = vault("", args.key);
    if (db.crossRegionBackups && drProvider !== undefined && args.drKey !== undefined) {
      this.drVault = vault("-dr", args.drKey, drProvider);
    }

    const daily: input.backup.PlanRule = {
      ruleName: "daily",
      targetVaultName: this.vault.name,
      // 05:00 UTC: after the database's 03:00-04:00 backup window, before the working day.
      schedule: "cron(0 5 * * ? *)",
      startWindow: 60,
      completionWindow: 360,
      lifecycle: { deleteAfter: db.backupRetentionDays },
      copyActions: this.drVault
        ? [
            {
              destinationVaultArn: this.drVault.arn,
              lifecycle: { deleteAfter: db.backupRetentionDays },
            },
          ]
        : undefined,
    };
    const rules: input.backup.PlanRule[] = continuousBackup(args.environment)
      ? [
          {
            ruleName: "continuous",
            targetVaultName: this.vault.name,
            enableContinuousBackup: true,
            // For continuous rules the schedule only paces maintenance; it matches the RDS
            // backup window so AWS Backup's management of that window agrees with ours.
            schedule: "cron(0 3 * * ? *)",
            startWindow: 60,
            completionWindow: 180,
            lifecycle: { deleteAfter: db.backupRetentionDays },
          },
          {
            ruleName: "hourly",
            targetVaultName: this.vault.name,
            schedule: "cron(0 * * * ? *)",
            startWindow: 60,
            completionWindow: 120,
            lifecycle: { deleteAfter: HOURLY_RETENTION_DAYS },
          },
          daily,
        ]
      : [daily];
    this.plan = new backup.Plan(name, { rules, tags: { ...args.tags, Name: name } }, parent);

    this.role = new iam.Role(
      `${name}-backup`,
      {
        description: `${name}: AWS Backup service role`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              // No aws:SourceArn/SourceAccount condition: AWS Backup documents those keys for
              // resource policies (vault SNS, KMS), not for assuming its service role; one it
              // does not send would stop every backup job.
              Effect: "Allow",
              Principal: { Service: "backup.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
      },
      parent,
    );
    const policies = [
      "service-role/AWSBackupServiceRolePolicyForBackup",
      "service-role/AWSBackupServiceRolePolicyForRestores",
      "AWSBackupServiceRolePolicyForS3Backup",
      "AWSBackupServiceRolePolicyForS3Restore",
    ].map(
      (policy) =>
        new iam.RolePolicyAttachment(
          `${name}-${policy.replace("service-role/", "").replace("AWSBackupServiceRolePolicyFor", "").toLowerCase()}`,
          {
            role: this.role.name,
            policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${policy}`,
          },
          parent,
        ),
    );

    this.selection = new backup.Selection(
      name,
      {
        planId: this.plan.id,
        iamRoleArn: this.role.arn,
        resources:
          args.bucketArn === undefined ? [args.database.arn] : [args.database.arn, args.bucketArn],
      },
      // The first job must find the role able to act.
      { parent: this, dependsOn: policies },
    );

    this.registerOutputs({
      vaultArn: this.vault.arn,
      drVaultArn: this.drVault?.arn,
      planId: this.plan.id,
    });
  }
}
