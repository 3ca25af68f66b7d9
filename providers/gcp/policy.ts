/**
 * The platform's promises (policy/promises.ts) on GCP: which resources and inputs carry each one.
 * SDK-free, so the policy pack reads it without loading @pulumi/gcp. Field names are those of the
 * engine's resource inputs (@pulumi/gcp 9).
 */
import type { PolicyBinding } from "../../policy/binding";
import {
  asList,
  at,
  expectValue,
  isSet,
  parentOf,
  show,
  type PolicyResource,
} from "../../policy/model";
import { BACKUP_DAYS, INTERNET, PRODUCTION_MIN_INSTANCES, SECRET_ENV } from "../../policy/promises";

/** Type tokens of the resources the checks read. */
export const T = {
  sql: "gcp:sql/databaseInstance:DatabaseInstance",
  sqlUser: "gcp:sql/user:User",
  memorystore: "gcp:redis/instance:Instance",
  gcs: "gcp:storage/bucket:Bucket",
  sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
  httpsProxy: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
  firewall: "gcp:compute/firewall:Firewall",
  run: "gcp:cloudrunv2/service:Service",
  backend: "gcp:compute/backendService:BackendService",
  gsmVersion: "gcp:secretmanager/secretVersion:SecretVersion",
} as const;

/** Types that hold data or identity and must survive a mistaken `pulumi destroy`. */
export const STATEFUL_TYPES = [
  T.sql,
  T.memorystore,
  T.gcs,
  "gcp:secretmanager/secret:Secret",
  "gcp:artifactregistry/repository:Repository",
];

const SQL_SSL_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];
/** Cloud Run ingress settings that refuse requests from the internet that skip the load balancer. */
const RUN_INGRESS = ["INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", "INGRESS_TRAFFIC_INTERNAL_ONLY"];

/** A read replica inherits backups, HA and the password from its primary. */
const isPrimary = (r: PolicyResource) => r.type === T.sql && !isSet(r.inputs.masterInstanceName);

/**
 * The frontend bucket: the one bucket a GcpFrontend creates under its own name. A backend bucket
 * reads objects anonymously, so this bucket alone grants allUsers object read and cannot enforce
 * public access prevention (providers/gcp/frontend.ts). It holds only the public build.
 */
export function isFrontendBucket(r: PolicyResource): boolean {
  const parent = parentOf(r);
  return (
    r.type === T.gcs && parent?.type === "entmoot:frontend:GcpFrontend" && parent.name === r.name
  );
}

function checkCloudRunEnv(r: PolicyResource): string[] {
  const containers = asList(at(r.inputs, "template.containers"));
  return containers.flatMap((c) =>
    asList(at(c, "envs"))
      .filter((e) => SECRET_ENV.includes(at(e, "name") as string))
      .filter(
        (e) => at(e, "value") !== undefined || !isSet(at(e, "valueSource.secretKeyRef.secret")),
      )
      .map(
        (e) =>
          `container ${show(at(c, "name"))} sets ${String(at(e, "name"))} without a Secret Manager reference`,
      ),
  );
}

function checkIngress(r: PolicyResource): string[] {
  const i = r.inputs;
  if (
    r.type === T.firewall &&
    (i.direction ?? "INGRESS") === "INGRESS" &&
    asList(i.allows).length > 0
  ) {
    return asList(i.sourceRanges).some((c) => INTERNET.includes(c as string))
      ? ["firewall allow rule must not admit 0.0.0.0/0 or ::/0"]
      : [];
  }
  if (r.type === T.run) {
    const out = RUN_INGRESS.includes(i.ingress as string)
      ? []
      : [`ingress must be ${RUN_INGRESS.join(" or ")} (is ${show(i.ingress)})`];
    // The run.app URL answers the internet directly, past the load balancer and Cloud Armor,
    // whatever `ingress` says of other paths; only defaultUriDisabled removes it.
    out.push(...expectValue(r, "defaultUriDisabled", true));
    return out;
  }
  return [];
}

export const policy: PolicyBinding = {
  ownsType: (type) => type.startsWith("gcp:"),
  isStateful: (r) => STATEFUL_TYPES.includes(r.type),
  secretInputs: { [T.sqlUser]: "password", [T.gsmVersion]: "secretData" },
  checks: {
    "no-public-database": {
      resource: (r) =>
        r.type === T.sql ? expectValue(r, "settings.ipConfiguration.ipv4Enabled", false) : [],
    },
    "database-encryption-in-transit-and-at-rest": {
      resource: (r) => {
        if (r.type !== T.sql) return [];
        const mode = at(r.inputs, "settings.ipConfiguration.sslMode");
        return SQL_SSL_MODES.includes(mode as string)
          ? []
          : [
              `settings.ipConfiguration.sslMode must be one of ${SQL_SSL_MODES.join(", ")} (is ${show(mode)})`,
            ];
      },
    },
    "cache-encryption": {
      resource: (r) =>
        r.type === T.memorystore
          ? [
              ...expectValue(r, "authEnabled", true),
              ...expectValue(r, "transitEncryptionMode", "SERVER_AUTHENTICATION"),
            ]
          : [],
    },
    "private-buckets": {
      resource: (r) => {
        if (r.type !== T.gcs) return [];
        const out = expectValue(r, "uniformBucketLevelAccess", true);
        if (!isFrontendBucket(r)) out.push(...expectValue(r, "publicAccessPrevention", "enforced"));
        return out;
      },
    },
    "tls-1-2-minimum": {
      resource: (r) => {
        if (r.type === T.sslPolicy) {
          const out: string[] = [];
          if (!["TLS_1_2", "TLS_1_3"].includes(r.inputs.minTlsVersion as string)) {
            out.push(
              `minTlsVersion must be TLS_1_2 or TLS_1_3 (is ${show(r.inputs.minTlsVersion)})`,
            );
          }
          if (!["MODERN", "RESTRICTED"].includes(r.inputs.profile as string)) {
            out.push(`profile must be MODERN or RESTRICTED (is ${show(r.inputs.profile)})`);
          }
          return out;
        }
        // Without an SSL policy a Google HTTPS proxy accepts TLS 1.0.
        if (r.type === T.httpsProxy)
          return isSet(r.inputs.sslPolicy)
            ? []
            : ["sslPolicy must be set (the default allows TLS 1.0)"];
        return [];
      },
    },
    "secrets-not-plain": { resource: (r) => (r.type === T.run ? checkCloudRunEnv(r) : []) },
    "production-protection": {
      resource: (r) =>
        r.type === T.sql
          ? [
              ...expectValue(r, "deletionProtection", true),
              ...expectValue(r, "settings.deletionProtectionEnabled", true),
            ]
          : [],
    },
    backups: {
      resource: (r, env) => {
        if (!isPrimary(r)) return [];
        const min = BACKUP_DAYS[env];
        const out = [
          ...expectValue(r, "settings.backupConfiguration.enabled", true),
          ...expectValue(r, "settings.backupConfiguration.pointInTimeRecoveryEnabled", true),
        ];
        // Cloud SQL takes one backup a day, so a count of backups is a number of days.
        const path = "settings.backupConfiguration.backupRetentionSettings.retainedBackups";
        const kept = at(r.inputs, path);
        if (!(typeof kept === "number" && kept >= min))
          out.push(`${path} must be at least ${min} in ${env} (is ${show(kept)})`);
        return out;
      },
    },
    "high-availability": {
      resource: (r) => {
        if (isPrimary(r)) return expectValue(r, "settings.availabilityType", "REGIONAL");
        if (r.type === T.memorystore) return expectValue(r, "tier", "STANDARD_HA");
        if (r.type === T.run) {
          const path = "template.scaling.minInstanceCount";
          const min = at(r.inputs, path);
          return typeof min === "number" && min >= PRODUCTION_MIN_INSTANCES
            ? []
            : [
                `${path} must be at least ${PRODUCTION_MIN_INSTANCES} in production (is ${show(min)})`,
              ];
        }
        return [];
      },
    },
    "ingress-only-through-the-load-balancer": { resource: checkIngress },
    "waf-in-front": {
      resource: (r) => {
        const external = ["EXTERNAL", "EXTERNAL_MANAGED"].includes(
          r.inputs.loadBalancingScheme as string,
        );
        return r.type === T.backend && external && !isSet(r.inputs.securityPolicy)
          ? ["securityPolicy must name a Cloud Armor policy"]
          : [];
      },
    },
  },
};
