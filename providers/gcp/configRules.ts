import {
  zoneFoundByName,
  type CloudConfigView,
  type ConfigIssueDraft,
} from "../../src/configRules";
import { multiRegionOf } from "./locations";

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PROJECT = "[a-z][a-z0-9-]{4,28}[a-z0-9]";
/** Compute resource names (RFC 1035) and Certificate Manager ids share this shape. */
const RESOURCE = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
const SSL_CERTIFICATE = new RegExp(
  `^(https://(www|compute)\\.googleapis\\.com/compute/(v1|beta)/)?projects/${PROJECT}/global/sslCertificates/${RESOURCE}$`,
);
const CERTIFICATE_MAP = new RegExp(
  `^(//certificatemanager\\.googleapis\\.com/)?projects/${PROJECT}/locations/global/certificateMaps/${RESOURCE}$`,
);

/**
 * Longest signed URL the API can hand out on GCP, in seconds. Cloud Run has no key file, so the
 * API signs through IAM Credentials signBlob, and a V4 signature made that way holds 12 hours at
 * most (a key file would allow 7 days).
 */
export const MAX_SIGNED_URL_TTL_SECONDS = 43_200;

/** How the global external load balancer's HTTPS proxy takes an existing certificate. */
export type CertificateRef =
  | { readonly kind: "sslCertificate"; readonly ref: string }
  | { readonly kind: "certificateMap"; readonly ref: string };

/**
 * `entmoot:certificate` as the load balancer takes it, or undefined when it is neither form the
 * global external Application Load Balancer (EXTERNAL_MANAGED) accepts:
 * - a global Compute Engine SSL certificate (self-managed or Google-managed), as a self link or
 *   `projects/<p>/global/sslCertificates/<name>`: goes into `sslCertificates`;
 * - a Certificate Manager certificate map, `projects/<p>/locations/global/certificateMaps/<name>`
 *   with or without the `//certificatemanager.googleapis.com/` prefix: goes into
 *   `certificateMap`, always in the prefixed form, which is the one the proxy accepts.
 * Certificate Manager certificates themselves attach to this proxy only through a map, and
 * regional SSL certificates only to regional load balancers.
 */
export function parseCertificate(value: string): CertificateRef | undefined {
  if (SSL_CERTIFICATE.test(value)) return { kind: "sslCertificate", ref: value };
  if (CERTIFICATE_MAP.test(value)) {
    const path = value.replace(/^\/\/certificatemanager\.googleapis\.com\//, "");
    return { kind: "certificateMap", ref: `//certificatemanager.googleapis.com/${path}` };
  }
  return undefined;
}

/** GCP's rules for the keys whose meaning only GCP knows. SDK-free: config checks load no cloud. */
export function checkConfig(c: CloudConfigView): ConfigIssueDraft[] {
  const issues: ConfigIssueDraft[] = [];
  if (c.gcpProject === undefined) {
    issues.push({
      key: "gcpProject",
      value: undefined,
      message: "required when entmoot:cloud is gcp",
    });
  } else if (!PROJECT_ID.test(c.gcpProject)) {
    issues.push({
      key: "gcpProject",
      value: c.gcpProject,
      message:
        "not a GCP project id: 6-30 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen",
    });
  }

  // Production keeps its data bucket in a dual-region over region and drRegion (staging ignores
  // drRegion). Only pairs inside one multi-region exist; any other pair would fail in the middle
  // of the first `up`, after the network and database were already being created.
  const { region, drRegion } = c;
  if (
    c.environment === "production" &&
    region !== undefined &&
    drRegion !== undefined &&
    drRegion !== region &&
    (multiRegionOf(region) === undefined || multiRegionOf(region) !== multiRegionOf(drRegion))
  ) {
    issues.push({
      key: "drRegion",
      value: drRegion,
      message: `must form a Cloud Storage dual-region with entmoot:region (${region}) for the production data bucket: both in the US (us-*, northamerica-northeast*), both in Europe (europe-*) or both in Asia (asia-*)`,
    });
  }

  if (c.certificate !== undefined && parseCertificate(c.certificate) === undefined) {
    issues.push({
      key: "certificate",
      value: c.certificate,
      message:
        "must be a global SSL certificate (projects/<project>/global/sslCertificates/<name>, or its https://www.googleapis.com/compute/v1/... self link) or a Certificate Manager map (projects/<project>/locations/global/certificateMaps/<name>); leave it empty for a Google-managed certificate",
    });
  }
  if (c.accountId !== undefined) {
    issues.push({
      key: "accountId",
      value: c.accountId,
      message: "not used on GCP: entmoot:gcpProject already names the project; leave it empty",
    });
  }
  const signedUrlTtl = c.appSettings?.STORAGE_SIGNED_URL_TTL_SECONDS;
  if (signedUrlTtl !== undefined && Number(signedUrlTtl) > MAX_SIGNED_URL_TTL_SECONDS) {
    issues.push({
      key: "appSettings",
      value: `STORAGE_SIGNED_URL_TTL_SECONDS=${signedUrlTtl}`,
      message: `at most ${MAX_SIGNED_URL_TTL_SECONDS} seconds (12 hours) on GCP: Cloud Run signs URLs through IAM Credentials signBlob, whose signatures hold 12 hours at most`,
    });
  }
  issues.push(...zoneFoundByName(c));
  return issues;
}
