import * as projects from "@pulumi/gcp/projects";
import * as storage from "@pulumi/gcp/storage";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import type { StorageArgs, StorageOutputs, StorageSpec } from "../../src/platform";
import { toLabels, type GcpContext } from "./context";
import { bucketName, bucketPlacement } from "./locations";

export interface GcpStorageArgs extends StorageArgs {
  readonly context: GcpContext;
  /** Second region of the dual-region bucket when spec.crossRegionReplication. Defaults to none. */
  readonly drRegion?: string;
  /**
   * Turbo replication (15-minute recovery point) on the dual-region bucket instead of the default
   * (most objects within an hour, all within 12). Defaults to true.
   */
  readonly turboReplication?: boolean;
}

const DAY_SECONDS = 86400;

/** Soft delete is off (0) or 7-90 days; anything else the API refuses. */
function softDeleteSeconds(days: number): number {
  if (days !== 0 && (!Number.isInteger(days) || days < 7 || days > 90)) {
    throw new Error(`softDeleteDays must be 0 or 7-90 (got ${days})`);
  }
  return days * DAY_SECONDS;
}

/** Lifecycle of the data bucket: cheaper classes as objects cool, and old versions expire. */
export function dataLifecycle(spec: StorageSpec): inputs.storage.BucketLifecycleRule[] {
  if (spec.archiveAfterDays <= spec.infrequentAccessAfterDays) {
    throw new Error(
      `archiveAfterDays (${spec.archiveAfterDays}) must come after infrequentAccessAfterDays (${spec.infrequentAccessAfterDays})`,
    );
  }
  if (spec.noncurrentVersionExpiryDays < 1 || spec.abortIncompleteUploadDays < 1) {
    // The provider drops a 0 in these conditions, which would silently match every object.
    throw new Error("noncurrentVersionExpiryDays and abortIncompleteUploadDays must be at least 1");
  }
  return [
    {
      action: { type: "SetStorageClass", storageClass: "NEARLINE" },
      condition: { age: spec.infrequentAccessAfterDays, matchesStorageClasses: ["STANDARD"] },
    },
    {
      // COLDLINE rather than ARCHIVE: user uploads are still read now and then, and ARCHIVE's
      // 365-day minimum and retrieval fees would outweigh its storage saving.
      action: { type: "SetStorageClass", storageClass: "COLDLINE" },
      condition: { age: spec.archiveAfterDays, matchesStorageClasses: ["STANDARD", "NEARLINE"] },
    },
    {
      action: { type: "Delete" },
      condition: {
        daysSinceNoncurrentTime: spec.noncurrentVersionExpiryDays,
        withState: "ARCHIVED",
      },
    },
    {
      action: { type: "AbortIncompleteMultipartUpload" },
      condition: { age: spec.abortIncompleteUploadDays },
    },
  ];
}

/**
 * The platform's object storage:
 * - `bucket` for application data: uniform bucket-level access, public access prevention
 *   enforced, versioning, soft delete, the lifecycle of dataLifecycle(). In production
 *   (spec.crossRegionReplication with a drRegion) it is a configurable dual-region over the
 *   primary and DR regions with turbo replication, so a region loss costs no data and needs no
 *   failover; staging is single-region;
 * - access logging through Cloud Audit Logs: Data Access logs (reads and writes) for Cloud
 *   Storage, which GcpLogs keeps in the platform's log bucket for the profile's retention.
 *   Legacy usage logs would need a grant to `group:cloud-storage-analytics@google.com`, which the
 *   domain-restricted-sharing org policy (on by default in organisations created since 2024)
 *   refuses, failing the first `up`;
 * - `logBucket`, which received those usage logs before: nothing writes to it now and its
 *   lifecycle empties it, but it stays declared so that upgrading a protected stack does not
 *   stop at deleting it (docs/operations.md says how to retire it).
 * Names are global across Cloud Storage, so they start with the project id.
 */
export class GcpStorage extends pulumi.ComponentResource implements StorageOutputs {
  readonly bucket: storage.Bucket;
  /** No longer written (see above); kept declared for stacks that have one. */
  readonly logBucket: storage.Bucket;
  readonly auditConfig: projects.IAMAuditConfig;
  readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: GcpStorageArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region, protect } = args;
    if (spec.crossRegionReplication && args.drRegion === undefined) {
      throw new Error(`GcpStorage ${name}: crossRegionReplication needs a drRegion`);
    }
    const placement = bucketPlacement(
      region,
      spec.crossRegionReplication ? args.drRegion : undefined,
    );
    const dualRegion = placement.dataLocations !== undefined;
    const lifecycleRules = dataLifecycle(spec);
    const softDelete = softDeleteSeconds(spec.softDeleteDays);
    if (spec.accessLogRetentionDays < 1) {
      throw new Error(
        `GcpStorage ${name}: accessLogRetentionDays must be at least 1 (got ${spec.accessLogRetentionDays})`,
      );
    }
    // Args are checked before anything registers, so an impossible stack leaves no partial plan.
    super("entmoot:storage:GcpStorage", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const stateful = { ...parent, protect };
    const labels = toLabels(args.tags);
    const lockedDown = {
      project: context.project,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      versioning: { enabled: true },
      // A stack that is not protected may be torn down with its objects; a protected one never.
      forceDestroy: !protect,
      labels,
    };

    this.logBucket = new storage.Bucket(
      `${name}-logs`,
      {
        ...lockedDown,
        name: bucketName(context.project, name, "logs"),
        location: region.toUpperCase(),
        softDeletePolicy: { retentionDurationSeconds: 7 * DAY_SECONDS },
        lifecycleRules: [
          { action: { type: "Delete" }, condition: { age: spec.accessLogRetentionDays } },
          // Versioning guards logs against overwrite; the versions it keeps go a day later.
          {
            action: { type: "Delete" },
            condition: { daysSinceNoncurrentTime: 1, withState: "ARCHIVED" },
          },
        ],
      },
      stateful,
    );
    // Project-wide and authoritative for Cloud Storage's audit config: reads and writes of every
    // bucket in the project are logged (anonymous reads of public objects never are). Hence one
    // project per stack (docs/deployment.md): another stack's destroy would switch this off.
    this.auditConfig = new projects.IAMAuditConfig(
      `${name}-data-access-logs`,
      {
        project: context.project,
        service: "storage.googleapis.com",
        auditLogConfigs: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
      },
      parent,
    );

    this.bucket = new storage.Bucket(
      `${name}-data`,
      {
        ...lockedDown,
        name: bucketName(context.project, name, "data"),
        location: placement.location,
        customPlacementConfig: dualRegion
          ? { dataLocations: [...placement.dataLocations] }
          : undefined,
        rpo: dualRegion ? ((args.turboReplication ?? true) ? "ASYNC_TURBO" : "DEFAULT") : undefined,
        softDeletePolicy: { retentionDurationSeconds: softDelete },
        lifecycleRules,
      },
      stateful,
    );

    this.bucketName = this.bucket.name;
    this.registerOutputs({ bucketName: this.bucketName, logBucketName: this.logBucket.name });
  }
}
