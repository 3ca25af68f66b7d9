import * as cloudfront from "@pulumi/aws/cloudfront";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import type * as kms from "@pulumi/aws/kms";
import * as route53 from "@pulumi/aws/route53";
import type * as s3 from "@pulumi/aws/s3";
import type * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";
import type { FrontendArgs, FrontendOutputs } from "../../src/platform";
import { managedCertificate, type ValidationRecord } from "./certificate";
import type { AwsContext } from "./context";
import { securityHeadersPolicy, spaRoutingFunction } from "./frontendEdge";
import { cdnRequestLogs, frontendLogBucket } from "./frontendLogs";
import { customerKey } from "./kmsKey";
import { privateBucket } from "./privateBucket";
import { GLOBAL_SERVICES_REGION, usEast1LogsKey, usEast1Options } from "./usEast1";
import { createWebAcl } from "./waf";

export interface AwsFrontendArgs extends FrontendArgs {
  readonly context: AwsContext;
  /**
   * Hostname the frontend is served on (see frontendDomain). Required: CloudFront enforces a
   * TLS 1.2 minimum only with a custom certificate; its *.cloudfront.net default is pinned to TLSv1.
   */
  readonly domain: string;
  /**
   * Route 53 zone to validate the certificate and publish the alias in. Required unless
   * `certificate` is given: CloudFront refuses a certificate ACM has not issued yet.
   */
  readonly dnsZone?: string;
  /** An existing, issued us-east-1 ACM certificate ARN for `domain`. Defaults to a managed one. */
  readonly certificate?: string;
  /** Days the asset bucket's access logs and the CDN's request logs are kept. Defaults to 365. */
  readonly accessLogRetentionDays?: number;
  /** Content-Security-Policy header value; depends on the app's third parties. Defaults to none. */
  readonly contentSecurityPolicy?: string;
  /** Key for the web ACL's log group in us-east-1; elsewhere one is made there. Defaults to CloudWatch's. */
  readonly logsKey?: kms.Key;
  /** WAF log retention. Defaults to 365. */
  readonly logRetentionDays?: number;
}

/** The frontend's hostname next to the API's: api.example.com -> app.example.com. */
export function frontendDomain(apiDomain: string): string {
  return apiDomain.startsWith("api.") ? `app.${apiDomain.slice(4)}` : `app.${apiDomain}`;
}

/** AWS-managed cache policy "Managed-CachingOptimized" (a fixed, documented id). */
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const ORIGIN_ID = "assets";

/**
 * The React build as static files: a private, KMS-encrypted S3 bucket that only this CloudFront
 * distribution can read (origin access control, SigV4), served over TLS 1.2+ with a managed
 * us-east-1 certificate, security headers, a CLOUDFRONT-scope WAF and SPA routing (unknown
 * paths return index.html so the client router handles them). With `spec.enabled` false
 * nothing is created and `url` is "".
 *
 * Why SSE-KMS for public assets: the audits require a customer-managed key on every bucket, and
 * the cost is one key whose policy lets exactly this distribution decrypt (OAC signs the reads).
 */
export class AwsFrontend extends pulumi.ComponentResource implements FrontendOutputs {
  readonly url: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly bucket?: s3.Bucket;
  /** Access logs of the asset bucket (prefix `assets/`) and the CDN's request logs. */
  readonly logBucket?: s3.Bucket;
  readonly distribution?: cloudfront.Distribution;
  readonly webAcl?: wafv2.WebAcl;
  readonly certificateValidationRecords: pulumi.Output<ValidationRecord[]>;

  constructor(name: string, args: AwsFrontendArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:frontend:AwsFrontend", name, {}, opts);
    if (!args.spec.enabled) {
      this.url = pulumi.output("");
      this.bucketName = pulumi.output("");
      this.certificateValidationRecords = pulumi.output([]);
      this.registerOutputs({ url: this.url, bucketName: this.bucketName });
      return;
    }
    if (args.certificate === undefined && args.dnsZone === undefined) {
      throw new Error(
        `AwsFrontend ${name}: give certificate (an issued us-east-1 ACM certificate) or dnsZone (to validate a managed one); CloudFront refuses an unissued certificate`,
      );
    }
    const parent = { parent: this };
    const global = usEast1Options(
      name,
      args.region,
      args.tags,
      this,
      args.context.allowedAccountIds,
    );
    const account = getCallerIdentityOutput({}, parent).accountId;

    const key = customerKey(
      `${name}-assets`,
      {
        description: `${name}: frontend assets`,
        accountId: account,
        statements: [
          {
            // Any distribution of this account may ask; the bucket policy admits only ours.
            // (Naming our distribution here would make the key wait for it, and the bucket's
            // encryption for the key.)
            Sid: "CloudFrontDecryptsAssets",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: ["kms:Decrypt"],
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": account },
              ArnLike: {
                "aws:SourceArn": pulumi.interpolate`arn:aws:cloudfront::${account}:distribution/*`,
              },
            },
          },
        ],
      },
      { ...parent, protect: args.protect },
    );

    const logs = frontendLogBucket(
      `${name}-logs`,
      {
        accountId: account,
        retentionDays: args.accessLogRetentionDays ?? 365,
        protect: args.protect,
      },
      parent,
    );
    this.logBucket = logs.bucket;

    // The bucket policy admits only the distribution, which is itself built on the bucket: its
    // ARN is deferred here and resolved once the distribution exists (no dependency cycle: the
    // policy waits for the distribution, the distribution for the bucket).
    const [distributionArn, resolveDistributionArn] = pulumi.deferredOutput<string>();
    const assets = privateBucket(
      `${name}-assets`,
      {
        kmsKeyArn: key.arn,
        lifecycleRules: [
          {
            id: "retention",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
        accessLogBucket: logs.bucket.bucket,
        accessLogPrefix: "assets/",
        accessLogPolicy: logs.policy,
        statements: (bucketArn) => [
          {
            Sid: "CloudFrontReadsAssets",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: pulumi.interpolate`${bucketArn}/*`,
            Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
          },
          {
            // Without ListBucket, S3 answers 403 for a missing key; with it, 404, so a 403 at the
            // edge always means a WAF block or a real denial.
            Sid: "CloudFrontListsAssets",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:ListBucket",
            Resource: bucketArn,
            Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
          },
        ],
        // TLS-only, without the 1.2 floor the data buckets have: that CloudFront's origin fetches
        // always use TLS 1.2+ has not been verified, and a denial here would break the site.
        denyTlsBelow12: false,
        protect: args.protect,
      },
      parent,
    );
    this.bucket = assets.bucket;

    const oac = new cloudfront.OriginAccessControl(
      name,
      {
        description: `${name}: CloudFront reads the asset bucket`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      parent,
    );

    const zone =
      args.dnsZone === undefined
        ? undefined
        : route53.getZoneOutput({ name: args.dnsZone, privateZone: false }, parent);
    let certificateArn: pulumi.Output<string>;
    if (args.certificate !== undefined) {
      certificateArn = pulumi.output(args.certificate);
      this.certificateValidationRecords = pulumi.output([]);
    } else {
      // The distribution takes the validated ARN: it is created only once ACM has issued it.
      // (The zone exists: the constructor refused a managed certificate without one.)
      const cert = managedCertificate(
        `${name}-cert`,
        { domain: args.domain, zoneId: zone!.zoneId },
        global,
      );
      certificateArn = cert.arn;
      this.certificateValidationRecords = cert.validationRecords;
    }

    // A KMS key serves only its own region: elsewhere the web ACL's logs get a key in us-east-1.
    const wafLogsKey =
      args.region === GLOBAL_SERVICES_REGION
        ? args.logsKey
        : usEast1LogsKey(`${name}-logs-us-east-1`, account, { ...global, protect: args.protect });
    const waf = createWebAcl(
      `${name}-waf`,
      {
        scope: "CLOUDFRONT",
        logRetentionDays: args.logRetentionDays ?? 365,
        logsKeyArn: wafLogsKey?.arn,
      },
      global,
    );
    this.webAcl = waf.acl;

    const headers = securityHeadersPolicy(name, args.contentSecurityPolicy, parent);
    const spaRouting = spaRoutingFunction(`${name}-spa`, parent);

    this.distribution = new cloudfront.Distribution(
      name,
      {
        enabled: true,
        comment: `${name}: Entmoot frontend`,
        aliases: [args.domain],
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        // North America and Europe edges only: the cheapest class that covers the user base.
        priceClass: "PriceClass_100",
        defaultRootObject: "index.html",
        origins: [
          {
            originId: ORIGIN_ID,
            domainName: assets.bucket.bucketRegionalDomainName,
            originAccessControlId: oac.id,
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: ORIGIN_ID,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: CACHING_OPTIMIZED,
          responseHeadersPolicyId: headers.id,
          functionAssociations: [{ eventType: "viewer-request", functionArn: spaRouting.arn }],
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
          acmCertificateArn: certificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2021",
        },
        webAclId: waf.acl.arn,
      },
      parent,
    );

    resolveDistributionArn(this.distribution.arn);

    cdnRequestLogs(name, { distributionArn: this.distribution.arn, bucket: logs }, global);

    if (zone !== undefined) {
      for (const type of ["A", "AAAA"] as const) {
        new route53.Record(
          `${name}-alias-${type.toLowerCase()}`,
          {
            zoneId: zone.zoneId,
            name: args.domain,
            type,
            aliases: [
              {
                name: this.distribution.domainName,
                zoneId: this.distribution.hostedZoneId,
                evaluateTargetHealth: false,
              },
            ],
            // The record belongs to this host name, not to one stack: a recovery stack takes it
            // over from the old one (docs/disaster-recovery.md).
            allowOverwrite: true,
          },
          parent,
        );
      }
    }

    // The custom domain, not the *.cloudfront.net name: only the custom domain's certificate
    // enforces TLS 1.2 (CloudFront's default certificate still accepts TLS 1.0 there).
    this.url = pulumi.interpolate`https://${args.domain}`;
    this.bucketName = assets.bucket.bucket;
    this.registerOutputs({
      url: this.url,
      bucketName: this.bucketName,
      certificateValidationRecords: this.certificateValidationRecords,
    });
  }
}
