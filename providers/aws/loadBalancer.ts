import * as elb from "@pulumi/aws/elb";
import type * as kms from "@pulumi/aws/kms";
import * as lb from "@pulumi/aws/lb";
import * as route53 from "@pulumi/aws/route53";
import type * as s3 from "@pulumi/aws/s3";
import * as wafv2 from "@pulumi/aws/wafv2";
import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerArgs, LoadBalancerOutputs } from "../../src/platform";
import { managedCertificate, type ValidationRecord } from "./certificate";
import type { AwsContext } from "./context";
import { privateBucket } from "./privateBucket";
import { createWebAcl } from "./waf";

export interface AwsLoadBalancerArgs extends LoadBalancerArgs {
  readonly context: AwsContext;
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets, one per zone. */
  readonly publicSubnetIds: pulumi.Input<string>[];
  /** The load balancer's security group (80/443 from the internet, containerPort to the API). */
  readonly securityGroupId: pulumi.Input<string>;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** Key for the WAF log group. Defaults to CloudWatch's own encryption. */
  readonly logsKey?: kms.Key;
}

/**
 * Regions that launched before August 2022 deliver ALB access logs from a regional ELB account
 * rather than the log-delivery service principal; both are granted there.
 */
const LEGACY_ELB_LOG_REGIONS: ReadonlySet<string> = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "eu-south-1",
  "ap-south-1",
  "ap-east-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "me-south-1",
  "af-south-1",
]);

/**
 * The ALB's TLS policy: TLS 1.3 and 1.2 with forward-secret AEAD (GCM) ciphers only. The
 * unrestricted TLS13-1-2-2021-06 also offers CBC suites (ECDHE-*-AES128-SHA256, -AES256-SHA384).
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/**
 * The API's public entry: an internet-facing ALB in the public subnets with an HTTPS listener
 * (TLS 1.2+), a permanent redirect from HTTP, a WAFv2 web ACL (managed rules, per-IP rate limit
 * where the profile wants one) and access logs. Targets are Fargate task IPs; the compute
 * component registers its service against `targetGroup`.
 */
export class AwsLoadBalancer extends pulumi.ComponentResource implements LoadBalancerOutputs {
  readonly address: pulumi.Output<string>;
  readonly apiUrl: pulumi.Output<string>;
  readonly alb: lb.LoadBalancer;
  readonly targetGroup: lb.TargetGroup;
  /**
   * The target group's ARN, resolving only once the HTTPS listener forwards to it: ECS refuses to
   * register a service against a target group that no load balancer uses yet.
   */
  readonly servingTargetGroupArn: pulumi.Output<string>;
  readonly httpsListener: lb.Listener;
  readonly webAcl: wafv2.WebAcl;
  readonly accessLogBucket: s3.Bucket;
  /** For CloudWatch metric dimensions (`LoadBalancer`). */
  readonly albArnSuffix: pulumi.Output<string>;
  /** For CloudWatch metric dimensions (`TargetGroup`). */
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  /** ARN of the certificate the HTTPS listener serves. */
  readonly certificateArn: pulumi.Output<string>;
  /** DNS records that validate a managed certificate; empty when `certificate` was given. */
  readonly certificateValidationRecords: pulumi.Output<ValidationRecord[]>;

  constructor(name: string, args: AwsLoadBalancerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:loadBalancer:AwsLoadBalancer", name, {}, opts);
    const { spec, region } = args;
    if (args.publicSubnetIds.length < 2) {
      throw new Error(
        `AwsLoadBalancer ${name}: an ALB needs public subnets in at least 2 zones (got ${args.publicSubnetIds.length})`,
      );
    }
    if (!args.healthCheckPath.startsWith("/")) {
      throw new Error(
        `AwsLoadBalancer ${name}: healthCheckPath must start with "/" (got "${args.healthCheckPath}")`,
      );
    }
    if (args.certificate === undefined && args.dnsZone === undefined) {
      throw new Error(
        `AwsLoadBalancer ${name}: give certificate (an issued ACM certificate) or dnsZone (to validate a managed one); an unissued certificate makes the HTTPS listener fail`,
      );
    }
    const parent = { parent: this };

    // ALB log delivery writes with SSE-S3 only (SSE-KMS is not supported for access logs).
    const logPrefix = "alb";
    const logs = privateBucket(
      `${name}-logs`,
      {
        lifecycleRules: [
          {
            id: "retention",
            status: "Enabled",
            filter: {},
            expiration: { days: spec.accessLogRetentionDays },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
        statements: (bucketArn) => {
          const delivery = (Sid: string, Principal: Record<string, unknown>) => ({
            Sid,
            Effect: "Allow",
            Principal,
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${bucketArn}/${logPrefix}/AWSLogs/*`,
          });
          return [
            delivery("ElbLogDelivery", {
              Service: "logdelivery.elasticloadbalancing.amazonaws.com",
            }),
            ...(LEGACY_ELB_LOG_REGIONS.has(region)
              ? [
                  delivery("ElbLegacyLogDelivery", {
                    AWS: elb.getServiceAccountOutput({}, parent).arn,
                  }),
                ]
              : []),
          ];
        },
        // TLS-only, without the 1.2 floor the data buckets have: the TLS version ELB log delivery
        // writes with is not documented, and a denial here would silently stop the access logs.
        denyTlsBelow12: false,
        protect: args.protect,
      },
      parent,
    );
    this.accessLogBucket = logs.bucket;

    this.alb = new lb.LoadBalancer(
      name,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: args.publicSubnetIds,
        securityGroups: [args.securityGroupId],
        // Malformed headers are a request-smuggling vector; the API never needs them.
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        enableDeletionProtection: spec.deletionProtection,
        enableHttp2: true,
        idleTimeout: 60,
        accessLogs: { bucket: this.accessLogBucket.bucket, prefix: logPrefix, enabled: true },
      },
      // ELB test-writes to the bucket when logging is switched on; the grant must exist first.
      { ...parent, dependsOn: [logs.policy] },
    );

    this.targetGroup = new lb.TargetGroup(
      name,
      {
        // Fargate tasks in awsvpc mode register by IP. HTTP inside the VPC: only the ALB's
        // security group reaches the port, and TLS ends at the ALB (the image ships no cert).
        targetType: "ip",
        protocol: "HTTP",
        port: args.containerPort,
        vpcId: args.vpcId,
        // In-flight requests get 30 s to finish on scale-in or deploy; the default 300 s only
        // slows rollouts down.
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: args.healthCheckPath,
          port: "traffic-port",
          matcher: "200",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      },
      parent,
    );

    const zone =
      args.dnsZone === undefined
        ? undefined
        : route53.getZoneOutput({ name: args.dnsZone, privateZone: false }, parent);
    if (args.certificate !== undefined) {
      this.certificateArn = pulumi.output(args.certificate);
      this.certificateValidationRecords = pulumi.output([]);
    } else {
      // The listener takes the validated ARN: it is created only once ACM has issued it. (The
      // zone exists: the constructor refused a managed certificate without one.)
      const cert = managedCertificate(
        `${name}-cert`,
        { domain: args.domain, zoneId: zone!.zoneId },
        parent,
      );
      this.certificateArn = cert.arn;
      this.certificateValidationRecords = cert.validationRecords;
    }

    this.httpsListener = new lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: this.alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: this.certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      },
      parent,
    );
    new lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: this.alb.arn,
        port: 80,
        protocol: "HTTP",
        // Port 80 exists only to send browsers to HTTPS; nothing is served in plaintext.
        defaultActions: [
          {
            type: "redirect",
            redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
          },
        ],
      },
      parent,
    );

    if (zone !== undefined) {
      // A only: the VPC has no IPv6 ranges, so the ALB is IPv4 and an AAAA alias would be empty.
      new route53.Record(
        `${name}-alias`,
        {
          zoneId: zone.zoneId,
          name: args.domain,
          type: "A",
          aliases: [
            { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
          ],
          // The record belongs to this domain, not to one stack: a recovery stack (region
          // outage) or a move to another cloud's stack takes it over from the old one.
          allowOverwrite: true,
        },
        parent,
      );
    }

    const waf = createWebAcl(
      `${name}-waf`,
      {
        scope: "REGIONAL",
        // The API takes uploads and GeoJSON; the CDN (GET only) keeps every body rule blocking.
        acceptsUploads: true,
        rateLimitPerFiveMinutes: spec.rateLimitEnabled ? spec.rateLimitPerFiveMinutes : undefined,
        logRetentionDays: spec.accessLogRetentionDays,
        logsKeyArn: args.logsKey?.arn,
      },
      parent,
    );
    this.webAcl = waf.acl;
    new wafv2.WebAclAssociation(
      `${name}-waf`,
      { resourceArn: this.alb.arn, webAclArn: this.webAcl.arn },
      parent,
    );

    this.servingTargetGroupArn = pulumi
      .all([this.targetGroup.arn, this.httpsListener.arn])
      .apply(([arn]) => arn);
    this.address = this.alb.dnsName;
    this.apiUrl = pulumi.output(`https://${args.domain}`);
    this.albArnSuffix = this.alb.arnSuffix;
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
    this.registerOutputs({
      address: this.address,
      apiUrl: this.apiUrl,
      albArnSuffix: this.albArnSuffix,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      certificateValidationRecords: this.certificateValidationRecords,
    });
  }
}
