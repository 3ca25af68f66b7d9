/**
 * The platform's promises (policy/promises.ts) on AWS: which resources and inputs carry each one.
 * SDK-free, so the policy pack reads it without loading @pulumi/aws. Field names are those of the
 * engine's resource inputs (@pulumi/aws 7).
 */
import type { PolicyBinding } from "../../policy/binding";
import {
  asList,
  at,
  attachedTo,
  expectValue,
  isSet,
  isTrue,
  show,
  type PolicyResource,
} from "../../policy/model";
import {
  BACKUP_DAYS,
  INTERNET,
  PRODUCTION_MIN_INSTANCES,
  SECRET_ENV,
  WEB_PORTS,
} from "../../policy/promises";

/** Type tokens of the resources the checks read. */
export const T = {
  rds: "aws:rds/instance:Instance",
  rdsParams: "aws:rds/parameterGroup:ParameterGroup",
  redisGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  s3: "aws:s3/bucket:Bucket",
  s3Block: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  listener: "aws:lb/listener:Listener",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  cloudfront: "aws:cloudfront/distribution:Distribution",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  scaling: "aws:appautoscaling/target:Target",
  sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  wafAssoc: "aws:wafv2/webAclAssociation:WebAclAssociation",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  smVersion: "aws:secretsmanager/secretVersion:SecretVersion",
} as const;

/** Types that hold data or identity and must survive a mistaken `pulumi destroy`. */
export const STATEFUL_TYPES = [
  T.rds,
  T.redisGroup,
  T.s3,
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:backup/vault:Vault",
  "aws:ecr/repository:Repository",
];

/**
 * ALB policies that offer TLS 1.2+ with forward-secret AEAD ciphers only: the TLS 1.3-only ones
 * and the restricted (`-Res-`) ones. The plain TLS13-1-2 policies (and Ext*) also offer the CBC
 * suites ECDHE-*-AES128-SHA256 and ECDHE-*-AES256-SHA384 on TLS 1.2.
 */
export const ALB_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];
export const CLOUDFRONT_TLS_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

const S3_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

/** A read replica inherits backups, HA and the password from its primary. */
const isPrimary = (r: PolicyResource) => r.type === T.rds && !isSet(r.inputs.replicateSourceDb);

function checkListener(r: PolicyResource): string[] {
  const protocol = r.inputs.protocol;
  if (protocol === "HTTPS") {
    const policy = r.inputs.sslPolicy;
    return ALB_TLS_POLICIES.includes(policy as string)
      ? []
      : [
          `sslPolicy ${show(policy)} is not a TLS 1.2+ policy with AEAD ciphers only (allowed: ${ALB_TLS_POLICIES.join(", ")})`,
        ];
  }
  // An ALB listener without a protocol is HTTP.
  if (protocol !== "HTTP" && protocol !== undefined) return [];
  const actions = asList(r.inputs.defaultActions);
  const redirectsOnly =
    actions.length > 0 &&
    actions.every((a) => at(a, "type") === "redirect" && at(a, "redirect.protocol") === "HTTPS");
  return redirectsOnly ? [] : ["HTTP listener must only redirect to HTTPS"];
}

function checkDistribution(r: PolicyResource): string[] {
  const out: string[] = [];
  const version = at(r.inputs, "viewerCertificate.minimumProtocolVersion");
  if (!CLOUDFRONT_TLS_VERSIONS.includes(version as string)) {
    out.push(
      `viewerCertificate.minimumProtocolVersion must be one of ${CLOUDFRONT_TLS_VERSIONS.join(", ")} (is ${show(version)})`,
    );
  }
  const behaviours = [r.inputs.defaultCacheBehavior, ...asList(r.inputs.orderedCacheBehaviors)];
  if (behaviours.some((b) => at(b, "viewerProtocolPolicy") === "allow-all")) {
    out.push('viewerProtocolPolicy "allow-all" serves plain HTTP');
  }
  return out;
}

function checkTaskDefinition(r: PolicyResource): string[] {
  let containers: unknown;
  try {
    containers = JSON.parse(String(r.inputs.containerDefinitions));
  } catch {
    return ["containerDefinitions is not valid JSON"];
  }
  return asList(containers).flatMap((c) =>
    asList(at(c, "environment"))
      .map((e) => at(e, "name"))
      .filter((n) => SECRET_ENV.includes(n as string))
      .map(
        (n) =>
          `container ${show(at(c, "name"))} has ${String(n)} as a plain environment variable; use secrets`,
      ),
  );
}

/**
 * What an ingress opening to the internet may be: tcp 80 or 443 on the load balancer's group.
 * The group is known by name: AwsSecurityGroups names it `<name>-lb` and its rules `<name>-lb-in-*`.
 */
function checkOpenIngress(
  onLb: boolean,
  fromPort: unknown,
  toPort: unknown,
  protocol: unknown,
): string[] {
  const out: string[] = [];
  if (!onLb)
    out.push("only the load balancer's security group may accept traffic from the internet");
  const web = protocol === "tcp" && fromPort === toPort && WEB_PORTS.includes(fromPort as number);
  if (!web)
    out.push(
      `internet ingress must be tcp 80 or 443 (is ${show(protocol)} ${show(fromPort)}-${show(toPort)})`,
    );
  return out;
}

function checkIngress(r: PolicyResource): string[] {
  const i = r.inputs;
  if (
    r.type === T.sgIngress &&
    (INTERNET.includes(i.cidrIpv4 as string) || INTERNET.includes(i.cidrIpv6 as string))
  ) {
    return checkOpenIngress(r.name.includes("-lb-"), i.fromPort, i.toPort, i.ipProtocol);
  }
  const opens = (rule: unknown) =>
    [...asList(at(rule, "cidrBlocks")), ...asList(at(rule, "ipv6CidrBlocks"))].some((c) =>
      INTERNET.includes(c as string),
    );
  if (r.type === T.sgRule && i.type === "ingress" && opens(i)) {
    return checkOpenIngress(r.name.includes("-lb-"), i.fromPort, i.toPort, i.protocol);
  }
  if (r.type === T.sg) {
    return asList(i.ingress)
      .filter(opens)
      .flatMap((rule) =>
        checkOpenIngress(
          /-lb(-|$)/.test(r.name),
          at(rule, "fromPort"),
          at(rule, "toPort"),
          at(rule, "protocol"),
        ),
      );
  }
  return [];
}

export const policy: PolicyBinding = {
  ownsType: (type) => type.startsWith("aws:"),
  isStateful: (r) => STATEFUL_TYPES.includes(r.type),
  secretInputs: { [T.rds]: "password", [T.redisGroup]: "authToken", [T.smVersion]: "secretString" },
  checks: {
    "no-public-database": {
      resource: (r) => (r.type === T.rds ? expectValue(r, "publiclyAccessible", false) : []),
    },
    "database-encryption-in-transit-and-at-rest": {
      resource: (r) => {
        if (r.type === T.rds) {
          const out = expectValue(r, "storageEncrypted", true);
          if (!isSet(r.inputs.kmsKeyId))
            out.push("kmsKeyId must name a customer-managed KMS key (is unset)");
          return out;
        }
        if (r.type === T.rdsParams && String(r.inputs.family ?? "").startsWith("postgres")) {
          const force = asList(r.inputs.parameters).find((p) => at(p, "name") === "rds.force_ssl");
          const value = at(force, "value");
          return value === "1" ? [] : [`parameter rds.force_ssl must be "1" (is ${show(value)})`];
        }
        return [];
      },
    },
    "cache-encryption": {
      resource: (r) => {
        if (r.type !== T.redisGroup) return [];
        const out: string[] = [];
        for (const key of ["transitEncryptionEnabled", "atRestEncryptionEnabled"]) {
          if (!isTrue(r.inputs[key])) out.push(`${key} must be true (is ${show(r.inputs[key])})`);
        }
        // "preferred" is the migration mode that still accepts plaintext clients.
        const mode = r.inputs.transitEncryptionMode;
        if (mode !== undefined && mode !== "required")
          out.push(`transitEncryptionMode must be "required" (is ${show(mode)})`);
        if (!isSet(r.inputs.authToken)) out.push("authToken must be set (AUTH is off)");
        return out;
      },
    },
    "private-buckets": {
      resource: (r) =>
        r.type === T.s3Block ? S3_BLOCK_FLAGS.flatMap((f) => expectValue(r, f, true)) : [],
      // A block covers a bucket when its `bucket` input comes from that bucket or, without
      // dependency data (the mock plan), when it carries the bucket's name as our components do.
      stack: (resources) => {
        const blocks = resources.filter((r) => r.type === T.s3Block);
        return resources
          .filter((r) => r.type === T.s3)
          .filter((b) => !blocks.some((p) => attachedTo(p, "bucket", b, "")))
          .map((b) => ({ resource: b, message: "S3 bucket has no BucketPublicAccessBlock" }));
      },
    },
    "tls-1-2-minimum": {
      resource: (r) =>
        r.type === T.listener
          ? checkListener(r)
          : r.type === T.cloudfront
            ? checkDistribution(r)
            : [],
    },
    "secrets-not-plain": {
      resource: (r) => (r.type === T.taskDef ? checkTaskDefinition(r) : []),
    },
    "production-protection": {
      resource: (r) => {
        if (r.type === T.rds) return expectValue(r, "deletionProtection", true);
        if (r.type === T.alb) return expectValue(r, "enableDeletionProtection", true);
        return [];
      },
    },
    backups: {
      resource: (r, env) => {
        if (!isPrimary(r)) return [];
        const min = BACKUP_DAYS[env];
        const days = r.inputs.backupRetentionPeriod;
        return typeof days === "number" && days >= min
          ? []
          : [`backupRetentionPeriod must be at least ${min} in ${env} (is ${show(days)})`];
      },
    },
    "high-availability": {
      resource: (r) => {
        if (isPrimary(r)) return expectValue(r, "multiAz", true);
        if (r.type === T.redisGroup) {
          return [
            ...expectValue(r, "automaticFailoverEnabled", true),
            ...expectValue(r, "multiAzEnabled", true),
          ];
        }
        if (r.type === T.scaling && r.inputs.serviceNamespace === "ecs") {
          const min = r.inputs.minCapacity;
          return typeof min === "number" && min >= PRODUCTION_MIN_INSTANCES
            ? []
            : [
                `minCapacity must be at least ${PRODUCTION_MIN_INSTANCES} in production (is ${show(min)})`,
              ];
        }
        return [];
      },
    },
    "ingress-only-through-the-load-balancer": { resource: checkIngress },
    "waf-in-front": {
      // An association covers an ALB when its resourceArn comes from that ALB or, without
      // dependency data, when it is named after it (`<lb>-waf`, as AwsLoadBalancer does).
      stack: (resources) => {
        const assocs = resources.filter((r) => r.type === T.wafAssoc);
        return resources
          .filter(
            (r) =>
              r.type === T.alb &&
              (r.inputs.loadBalancerType ?? "application") === "application" &&
              !isTrue(r.inputs.internal),
          )
          .filter(
            (lb) =>
              !assocs.some(
                (a) =>
                  a.name.startsWith(`${lb.name}-`) ||
                  (a.dependencies?.resourceArn ?? []).includes(lb.name),
              ),
          )
          .map((lb) => ({
            resource: lb,
            message: "internet-facing ALB has no WAFv2 web ACL association",
          }));
      },
    },
    "log-retention": {
      resource: (r) => {
        if (r.type !== T.logGroup) return [];
        const out: string[] = [];
        const days = r.inputs.retentionInDays;
        if (!(typeof days === "number" && days > 0))
          out.push(`retentionInDays must be set (is ${show(days)}: logs kept forever)`);
        if (!isSet(r.inputs.kmsKeyId)) out.push("kmsKeyId must name a KMS key (is unset)");
        return out;
      },
    },
  },
};
