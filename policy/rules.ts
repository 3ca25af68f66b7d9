/**
 * The platform's promises (the design's "Safety rules" and per-component table) as pure checks
 * over plain resource data. They load no provider SDK, so the same functions run under CrossGuard
 * (policy/index.ts adapts them) and in vitest over the recorded mock plan (test/policy.test.ts).
 *
 * Field names are those of the engine's resource inputs (@pulumi/aws 7, @pulumi/gcp 9): nested
 * blocks are objects, and a single-element list is read through its first element.
 */

export type Environment = "production" | "staging";

/** One resource as a rule sees it: what the engine registers, in no SDK's types. */
export interface PolicyResource {
  readonly type: string;
  /** Logical name; every Entmoot resource is named `entmoot-<environment>-...`. */
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  /**
   * Top-level input names whose values are secret. Undefined when the caller cannot tell
   * (CrossGuard unwraps secrets before a policy sees them); the secrecy checks are then skipped.
   */
  readonly secretInputs?: readonly string[];
  /** URN of the parent resource, when known. */
  readonly parent?: string;
  /** Input name -> logical names of the resources that input is computed from, when known. */
  readonly dependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Finding {
  /** The offending resource; undefined for the stack as a whole. */
  readonly resource?: PolicyResource;
  readonly message: string;
}

export interface Rule {
  readonly name: string;
  readonly description: string;
  /** Per-resource check: returns violation messages for `r`. */
  readonly resource?: (r: PolicyResource, env: Environment) => string[];
  /** Whole-stack check, for promises that relate several resources. */
  readonly stack?: (resources: readonly PolicyResource[], env: Environment) => Finding[];
}

export interface Violation {
  readonly policy: string;
  readonly resource?: string;
  readonly message: string;
}

const T = {
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

/** Reads a dotted path; a list steps into its first element (single-block nesting). */
function at(inputs: unknown, path: string): unknown {
  let v: unknown = inputs;
  for (const part of path.split(".")) {
    if (Array.isArray(v)) v = v[0];
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const asList = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
const isSet = (v: unknown): boolean => typeof v === "string" && v.length > 0;
const show = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));
/** Both ways the engine may carry a boolean. */
const isTrue = (v: unknown): boolean => v === true || v === "true";

/** Requires `inputs[path]` to equal `want`; returns the message when it does not. */
function expectValue(r: PolicyResource, path: string, want: unknown): string[] {
  const got = at(r.inputs, path);
  return got === want ? [] : [`${path} must be ${JSON.stringify(want)} (is ${show(got)})`];
}

/** A read replica inherits backups, HA and the password from its primary. */
const isRdsPrimary = (r: PolicyResource) => r.type === T.rds && !isSet(r.inputs.replicateSourceDb);
const isSqlPrimary = (r: PolicyResource) => r.type === T.sql && !isSet(r.inputs.masterInstanceName);

/**
 * The GCP frontend bucket: the one bucket a GcpFrontend creates under its own name. A backend
 * bucket reads objects anonymously, so this bucket alone grants allUsers object read and cannot
 * enforce public access prevention (providers/gcp/frontend.ts). It holds only the public build.
 */
export function isGcpFrontendBucket(r: PolicyResource): boolean {
  if (r.type !== T.gcs || r.parent === undefined) return false;
  // urn:pulumi:<stack>::<project>::<parent types joined by $>::<name>
  const parts = r.parent.split("::");
  const parentName = parts[parts.length - 1];
  const parentType = parts[parts.length - 2]?.split("$").pop();
  return parentType === "entmoot:frontend:GcpFrontend" && parentName === r.name;
}

/** Environment from a logical name (`entmoot-<environment>-...`); undefined when it has none. */
export function environmentFromName(name: string): Environment | undefined {
  const m = /^entmoot-(production|staging)(-|$)/.exec(name);
  return m ? (m[1] as Environment) : undefined;
}

const noPublicDatabase: Rule = {
  name: "no-public-database",
  description: "Databases are reachable on private addresses only.",
  resource: (r) => {
    if (r.type === T.rds) return expectValue(r, "publiclyAccessible", false);
    if (r.type === T.sql) return expectValue(r, "settings.ipConfiguration.ipv4Enabled", false);
    return [];
  },
};

const SQL_SSL_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

const databaseEncryption: Rule = {
  name: "database-encryption-in-transit-and-at-rest",
  description: "PostgreSQL is encrypted at rest with our KMS key and accepts TLS connections only.",
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
    if (r.type === T.sql) {
      const mode = at(r.inputs, "settings.ipConfiguration.sslMode");
      return SQL_SSL_MODES.includes(mode as string)
        ? []
        : [
            `settings.ipConfiguration.sslMode must be one of ${SQL_SSL_MODES.join(", ")} (is ${show(mode)})`,
          ];
    }
    return [];
  },
};

const cacheEncryption: Rule = {
  name: "cache-encryption",
  description: "Redis requires TLS and AUTH and is encrypted at rest.",
  resource: (r) => {
    if (r.type === T.redisGroup) {
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
    }
    if (r.type === T.memorystore) {
      return [
        ...expectValue(r, "authEnabled", true),
        ...expectValue(r, "transitEncryptionMode", "SERVER_AUTHENTICATION"),
      ];
    }
    return [];
  },
};

const S3_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

const privateBuckets: Rule = {
  name: "private-buckets",
  description:
    "Buckets are private: S3 behind a full public access block, GCS with uniform access and public access prevention (except the GCP frontend bucket, which a backend bucket must read anonymously).",
  resource: (r) => {
    if (r.type === T.s3Block) return S3_BLOCK_FLAGS.flatMap((f) => expectValue(r, f, true));
    if (r.type === T.gcs) {
      const out = expectValue(r, "uniformBucketLevelAccess", true);
      if (!isGcpFrontendBucket(r))
        out.push(...expectValue(r, "publicAccessPrevention", "enforced"));
      return out;
    }
    return [];
  },
  // A block covers a bucket when its `bucket` input comes from that bucket or, where the caller
  // has no dependency data (the mock plan), when it carries the bucket's name as our components do.
  stack: (resources) => {
    const blocks = resources.filter((r) => r.type === T.s3Block);
    return resources
      .filter((r) => r.type === T.s3)
      .filter(
        (b) =>
          !blocks.some((p) => p.name === b.name || (p.dependencies?.bucket ?? []).includes(b.name)),
      )
      .map((b) => ({ resource: b, message: "S3 bucket has no BucketPublicAccessBlock" }));
  },
};

/** ALB policies that offer TLS 1.2+ with AEAD/forward-secret ciphers only (no Ext*: CBC ciphers). */
export const ALB_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];
export const CLOUDFRONT_TLS_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

function checkListener(r: PolicyResource): string[] {
  const protocol = r.inputs.protocol;
  if (protocol === "HTTPS") {
    const policy = r.inputs.sslPolicy;
    return ALB_TLS_POLICIES.includes(policy as string)
      ? []
      : [
          `sslPolicy ${show(policy)} is not a TLS 1.2+ policy (allowed: ${ALB_TLS_POLICIES.join(", ")})`,
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

const tlsMinimum: Rule = {
  name: "tls-1-2-minimum",
  description: "Every public endpoint speaks TLS 1.2 or newer and plain HTTP only redirects.",
  resource: (r) => {
    if (r.type === T.listener) return checkListener(r);
    if (r.type === T.cloudfront) return checkDistribution(r);
    if (r.type === T.sslPolicy) {
      const out: string[] = [];
      if (!["TLS_1_2", "TLS_1_3"].includes(r.inputs.minTlsVersion as string)) {
        out.push(`minTlsVersion must be TLS_1_2 or TLS_1_3 (is ${show(r.inputs.minTlsVersion)})`);
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
};

/** Container variables that must come from the secret store. */
export const SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD", "SENTRY_DSN"];

/** Inputs that carry a password or token and must be recorded as secret. */
const SECRET_FIELDS: Record<string, string> = {
  [T.rds]: "password",
  [T.redisGroup]: "authToken",
  [T.sqlUser]: "password",
  [T.smVersion]: "secretString",
  [T.gsmVersion]: "secretData",
};

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

function checkCloudRun(r: PolicyResource): string[] {
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

const secretsNotPlain: Rule = {
  name: "secrets-not-plain",
  description: "Passwords reach containers as secret references and are secret in the state.",
  resource: (r) => {
    const out =
      r.type === T.taskDef ? checkTaskDefinition(r) : r.type === T.run ? checkCloudRun(r) : [];
    const field = SECRET_FIELDS[r.type];
    if (
      field !== undefined &&
      r.secretInputs !== undefined &&
      r.inputs[field] !== undefined &&
      !r.secretInputs.includes(field)
    ) {
      out.push(
        `${field} must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)`,
      );
    }
    return out;
  },
};

/** Types that hold data or identity and must survive a mistaken `pulumi destroy`. */
export const STATEFUL_TYPES = [
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:s3/bucket:Bucket",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
  "aws:backup/vault:Vault",
  "aws:ecr/repository:Repository",
  "gcp:sql/databaseInstance:DatabaseInstance",
  "gcp:redis/instance:Instance",
  "gcp:storage/bucket:Bucket",
  "gcp:secretmanager/secret:Secret",
  "gcp:artifactregistry/repository:Repository",
];

const productionProtection: Rule = {
  name: "production-protection",
  description:
    "In production, stateful resources carry Pulumi's protect and the cloud's deletion protection.",
  resource: (r, env) => {
    if (env !== "production") return [];
    const out =
      STATEFUL_TYPES.includes(r.type) && !r.protect
        ? ["stateful resource must be protected (protect: true)"]
        : [];
    if (r.type === T.rds) out.push(...expectValue(r, "deletionProtection", true));
    if (r.type === T.alb) out.push(...expectValue(r, "enableDeletionProtection", true));
    if (r.type === T.sql) {
      out.push(
        ...expectValue(r, "deletionProtection", true),
        ...expectValue(r, "settings.deletionProtectionEnabled", true),
      );
    }
    return out;
  },
};

/** Days of backups each environment keeps (DESIGN.md: 30 in production, 7 in staging). */
export const BACKUP_DAYS: Record<Environment, number> = { production: 30, staging: 7 };

const backups: Rule = {
  name: "backups",
  description:
    "Primary databases keep 30 days of backups in production and 7 in staging, with point-in-time recovery.",
  resource: (r, env) => {
    const min = BACKUP_DAYS[env];
    if (isRdsPrimary(r)) {
      const days = r.inputs.backupRetentionPeriod;
      return typeof days === "number" && days >= min
        ? []
        : [`backupRetentionPeriod must be at least ${min} in ${env} (is ${show(days)})`];
    }
    if (isSqlPrimary(r)) {
      const out = [
        ...expectValue(r, "settings.backupConfiguration.enabled", true),
        ...expectValue(r, "settings.backupConfiguration.pointInTimeRecoveryEnabled", true),
      ];
      // Cloud SQL takes one backup a day, so a count of backups is a number of days.
      const kept = at(
        r.inputs,
        "settings.backupConfiguration.backupRetentionSettings.retainedBackups",
      );
      if (!(typeof kept === "number" && kept >= min)) {
        out.push(
          `settings.backupConfiguration.backupRetentionSettings.retainedBackups must be at least ${min} in ${env} (is ${show(kept)})`,
        );
      }
      return out;
    }
    return [];
  },
};

function atLeast(r: PolicyResource, path: string, min: number): string[] {
  const v = at(r.inputs, path);
  return typeof v === "number" && v >= min
    ? []
    : [`${path} must be at least ${min} in production (is ${show(v)})`];
}

const highAvailability: Rule = {
  name: "high-availability",
  description: "In production, databases, caches and the API survive the loss of a zone.",
  resource: (r, env) => {
    if (env !== "production") return [];
    if (isRdsPrimary(r)) return expectValue(r, "multiAz", true);
    if (r.type === T.redisGroup) {
      return [
        ...expectValue(r, "automaticFailoverEnabled", true),
        ...expectValue(r, "multiAzEnabled", true),
      ];
    }
    if (isSqlPrimary(r)) return expectValue(r, "settings.availabilityType", "REGIONAL");
    if (r.type === T.memorystore) return expectValue(r, "tier", "STANDARD_HA");
    if (r.type === T.scaling && r.inputs.serviceNamespace === "ecs")
      return atLeast(r, "minCapacity", 2);
    if (r.type === T.run) return atLeast(r, "template.scaling.minInstanceCount", 2);
    return [];
  },
};

const OPEN = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];

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

const ingressThroughLb: Rule = {
  name: "ingress-only-through-the-load-balancer",
  description:
    "Nothing but the load balancer (ports 80 and 443) accepts traffic from the internet.",
  resource: (r) => {
    const i = r.inputs;
    if (
      r.type === T.sgIngress &&
      (OPEN.includes(i.cidrIpv4 as string) || OPEN.includes(i.cidrIpv6 as string))
    ) {
      return checkOpenIngress(r.name.includes("-lb-"), i.fromPort, i.toPort, i.ipProtocol);
    }
    const opens = (rule: unknown) =>
      [...asList(at(rule, "cidrBlocks")), ...asList(at(rule, "ipv6CidrBlocks"))].some((c) =>
        OPEN.includes(c as string),
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
    if (
      r.type === T.firewall &&
      (i.direction ?? "INGRESS") === "INGRESS" &&
      asList(i.allows).length > 0
    ) {
      return asList(i.sourceRanges).some((c) => OPEN.includes(c as string))
        ? ["firewall allow rule must not admit 0.0.0.0/0 or ::/0"]
        : [];
    }
    if (r.type === T.run) {
      const ingress = i.ingress;
      return ingress === "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" ||
        ingress === "INGRESS_TRAFFIC_INTERNAL_ONLY"
        ? []
        : [
            `ingress must be INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER or INGRESS_TRAFFIC_INTERNAL_ONLY (is ${show(ingress)})`,
          ];
    }
    return [];
  },
};

const wafInFront: Rule = {
  name: "waf-in-front",
  description: "A WAF filters every request before it reaches the API.",
  resource: (r) => {
    const external = ["EXTERNAL", "EXTERNAL_MANAGED"].includes(
      r.inputs.loadBalancingScheme as string,
    );
    if (r.type === T.backend && external && !isSet(r.inputs.securityPolicy))
      return ["securityPolicy must name a Cloud Armor policy"];
    return [];
  },
  // An association covers an ALB when its resourceArn comes from that ALB or, without dependency
  // data, when it is named after it (`<lb>-waf`, as AwsLoadBalancer does).
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
};

const logRetention: Rule = {
  name: "log-retention",
  description: "Log groups expire and are encrypted with our KMS key.",
  resource: (r) => {
    if (r.type !== T.logGroup) return [];
    const out: string[] = [];
    const days = r.inputs.retentionInDays;
    if (!(typeof days === "number" && days > 0))
      out.push(`retentionInDays must be set (is ${show(days)}: logs kept forever)`);
    if (!isSet(r.inputs.kmsKeyId)) out.push("kmsKeyId must name a KMS key (is unset)");
    return out;
  },
};

export const RULES: readonly Rule[] = [
  noPublicDatabase,
  databaseEncryption,
  cacheEncryption,
  privateBuckets,
  tlsMinimum,
  secretsNotPlain,
  productionProtection,
  backups,
  highAvailability,
  ingressThroughLb,
  wafInFront,
  logRetention,
];

/** Runs every rule over a stack's resources. */
export function evaluate(
  resources: readonly PolicyResource[],
  environment: Environment,
): Violation[] {
  return RULES.flatMap((rule) => [
    ...resources.flatMap((r) =>
      (rule.resource?.(r, environment) ?? []).map((message) => ({
        policy: rule.name,
        resource: r.name,
        message,
      })),
    ),
    ...(rule.stack?.(resources, environment) ?? []).map((f) => ({
      policy: rule.name,
      resource: f.resource?.name,
      message: f.message,
    })),
  ]);
}
