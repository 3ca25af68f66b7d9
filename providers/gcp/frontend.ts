import * as compute from "@pulumi/gcp/compute";
import * as storage from "@pulumi/gcp/storage";
import * as pulumi from "@pulumi/pulumi";
import type { FrontendArgs, FrontendOutputs } from "../../src/platform";
import { toLabels, type GcpContext } from "./context";

export interface GcpFrontendArgs extends FrontendArgs {
  readonly context: GcpContext;
  /** Public host the load balancer serves; the frontend lives at its root. */
  readonly domain: string;
  /** Days objects are kept in the legacy access-log bucket (see below). Defaults to 365. */
  readonly accessLogRetentionDays?: number;
}

/** Days a replaced or deleted build artefact stays restorable. */
const NONCURRENT_DAYS = 30;
/**
 * What anyone may do on the frontend bucket: storage.objects.get, which is all a backend bucket
 * needs. objectViewer would add storage.objects.list: anyone could list the bucket, with every
 * noncurrent version and the generation number that fetches it.
 */
export const PUBLIC_READ_ROLE = "roles/storage.legacyObjectReader";

/**
 * The React build, served from a Cloud Storage bucket through a backend bucket with Cloud CDN on
 * the same load balancer as the API (GcpLoadBalancer routes the API's paths to Cloud Run and
 * the rest here), so the site is https://<domain>/ and calls the API on the same origin.
 *
 * Access model: a backend bucket reads objects anonymously; Cloud CDN's authenticated origin
 * access only covers signed requests, and private-origin authentication exists for external
 * (S3-compatible) origins only. So this bucket, and only this one, grants `allUsers` object read
 * and cannot enforce public access prevention. The grant is PUBLIC_READ_ROLE, objects.get alone:
 * nobody can list the bucket, so nobody finds the generation numbers that a replaced build's
 * noncurrent versions are fetched by. The data bucket stays private with prevention enforced. Scanner findings CKV_GCP_28/114 and trivy
 * google-storage-no-public-access on this bucket are therefore expected and accepted.
 *
 * Prerequisites: organisations created since May 2024 enforce two secure-by-default org policies
 * that refuse this: domain-restricted sharing (`iam.allowedPolicyMemberDomains`) refuses the
 * `allUsers` grant, and `storage.publicAccessPrevention` blocks public reads (the grant fails, or
 * the CDN gets 403). The project needs an exception to both before the frontend is enabled
 * (docs/deployment.md), or the stack runs with `entmoot:frontend false`.
 *
 * Access logging: requests reach the bucket through the load balancer, whose request logs cover
 * them. The legacy usage logs it wrote before needed a grant to a Google group that the same
 * org policy refuses; `logBucket` stays declared (empty, expiring) so that upgrading a protected
 * stack does not stop at deleting it.
 *
 * SPA routing: the bucket's website `notFoundPage` answers unknown paths with index.html (status
 * 404, which browsers render). A URL-map custom error policy could turn it into 200, but it would
 * also rewrite the API's own 404s, so it is not used. Cloud Armor covers the API only; static
 * files would need a separate edge policy.
 */
export class GcpFrontend extends pulumi.ComponentResource implements FrontendOutputs {
  readonly url: pulumi.Output<string>;
  /** The bucket the build is uploaded to; "" when the frontend is disabled. */
  readonly bucketName: pulumi.Output<string>;
  /** Undefined when the frontend is disabled. */
  readonly bucket?: storage.Bucket;
  /** No longer written (see above); undefined when the frontend is disabled. */
  readonly logBucket?: storage.Bucket;
  /** What the load balancer routes non-API paths to; undefined when disabled. */
  readonly backendBucket?: compute.BackendBucket;
  readonly backendBucketSelfLink?: pulumi.Output<string>;

  constructor(name: string, args: GcpFrontendArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:frontend:GcpFrontend", name, {}, { provider: args.context.provider, ...opts });
    if (!args.spec.enabled) {
      this.url = pulumi.output("");
      this.bucketName = pulumi.output("");
      this.registerOutputs({ url: this.url, bucketName: this.bucketName });
      return;
    }
    const parent = { parent: this };
    const labels = toLabels(args.tags);
    const location = args.region.toUpperCase();

    this.logBucket = new storage.Bucket(
      `${name}-logs`,
      {
        location,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        lifecycleRules: [
          { action: { type: "Delete" }, condition: { age: args.accessLogRetentionDays ?? 365 } },
          {
            action: { type: "Delete" },
            condition: { daysSinceNoncurrentTime: 1, withState: "ARCHIVED" },
          },
        ],
        forceDestroy: !args.protect,
        labels,
      },
      { parent: this, protect: args.protect },
    );

    this.bucket = new storage.Bucket(
      name,
      {
        location,
        uniformBucketLevelAccess: true,
        // "inherited" rather than "enforced": the allUsers grant below is the point of this bucket.
        publicAccessPrevention: "inherited",
        versioning: { enabled: true },
        website: { mainPageSuffix: "index.html", notFoundPage: "index.html" },
        lifecycleRules: [
          {
            action: { type: "Delete" },
            condition: { daysSinceNoncurrentTime: NONCURRENT_DAYS, withState: "ARCHIVED" },
          },
        ],
        // The build is reproducible from CI, but production still refuses a silent delete.
        forceDestroy: !args.protect,
        labels,
      },
      { parent: this, protect: args.protect },
    );
    new storage.BucketIAMMember(
      `${name}-public-read`,
      { bucket: this.bucket.name, role: PUBLIC_READ_ROLE, member: "allUsers" },
      parent,
    );

    this.backendBucket = new compute.BackendBucket(
      name,
      {
        description: "Entmoot frontend (static build) with Cloud CDN",
        bucketName: this.bucket.name,
        enableCdn: true,
        compressionMode: "AUTOMATIC",
        cdnPolicy: {
          // Hashed assets are cached; index.html should be uploaded with `Cache-Control: no-cache`
          // so that a deploy shows at once.
          cacheMode: "CACHE_ALL_STATIC",
          defaultTtl: 3600,
          clientTtl: 3600,
          maxTtl: 86400,
          negativeCaching: true,
          negativeCachingPolicies: [
            { code: 404, ttl: 60 },
            { code: 410, ttl: 60 },
          ],
          serveWhileStale: 86400,
          requestCoalescing: true,
        },
        customResponseHeaders: [
          "Strict-Transport-Security: max-age=31536000; includeSubDomains",
          "X-Content-Type-Options: nosniff",
          "X-Frame-Options: DENY",
          "Referrer-Policy: strict-origin-when-cross-origin",
        ],
      },
      parent,
    );
    this.backendBucketSelfLink = this.backendBucket.selfLink;
    this.url = pulumi.output(`https://${args.domain}/`);
    this.bucketName = this.bucket.name;

    this.registerOutputs({
      url: this.url,
      bucketName: this.bucketName,
      backendBucketSelfLink: this.backendBucketSelfLink,
    });
  }
}
