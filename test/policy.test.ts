import { beforeAll, describe, expect, it, test } from "vitest";
import type { RecordedResource } from "../src/plan/harness";
import {
  environmentFromName,
  evaluate,
  isGcpFrontendBucket,
  RULES,
  STATEFUL_TYPES,
  type Environment,
  type PolicyResource,
  type Violation,
} from "../policy/rules";
import { GCP_SETS, runStack } from "./support/stack";

/**
 * The CrossGuard rules (policy/rules.ts) over the real program's mock plan: the committed stacks
 * pass on both clouds, and every rule is shown to fail, on a minimal resource and on a mutated
 * copy of a real one. policy/index.ts is not imported: constructing a PolicyPack starts serving.
 */

type PlanKey = "aws-production" | "aws-staging" | "gcp-production" | "gcp-staging";
const PLANS: readonly [PlanKey, string, readonly string[], Environment][] = [
  ["aws-production", "production", [], "production"],
  ["aws-staging", "staging", [], "staging"],
  ["gcp-production", "production", GCP_SETS, "production"],
  ["gcp-staging", "staging", GCP_SETS, "staging"],
];
const plans = {} as Record<PlanKey, readonly RecordedResource[]>;

beforeAll(async () => {
  for (const [key, stack, sets] of PLANS) plans[key] = (await runStack(stack, sets)).resources;
});

const NAME = "entmoot-production-x";
const FRONTEND_PARENT =
  "urn:pulumi:production::entmoot::pulumi:pulumi:Stack$entmoot:frontend:GcpFrontend::entmoot-production-frontend";

function res(
  type: string,
  inputs: Record<string, unknown>,
  extra: Partial<PolicyResource> = {},
): PolicyResource {
  return { type, name: NAME, inputs, protect: true, ...extra };
}

/** Violations of one policy only: a minimal resource breaks others that are beside the point. */
function check(
  policy: string,
  resources: readonly PolicyResource[],
  env: Environment = "production",
): string[] {
  return evaluate(resources, env)
    .filter((v) => v.policy === policy)
    .map((v) => v.message);
}

describe("the committed stacks", () => {
  test.each(PLANS)("%s violates no policy", (key, _stack, _sets, env) => {
    const resources = plans[key];
    expect(resources.length).toBeGreaterThan(80);
    expect(evaluate(resources, env)).toEqual([]);
  });

  test.each(PLANS)("%s names every resource after its environment", (key, _stack, _sets, env) => {
    const custom = plans[key].filter((r) => r.custom);
    expect(custom.every((r) => environmentFromName(r.name) === env)).toBe(true);
  });

  test.each(PLANS.filter(([k]) => k.startsWith("gcp")))(
    "%s exempts exactly the frontend bucket",
    (key, _s, _x, env) => {
      expect(plans[key].filter(isGcpFrontendBucket).map((r) => r.name)).toEqual([
        `entmoot-${env}-frontend`,
      ]);
    },
  );
});

describe("environmentFromName", () => {
  test.each([
    ["entmoot-production-db", "production"],
    ["entmoot-staging-lb-https", "staging"],
    ["entmoot-staging", "staging"],
    ["entmoot-productionish-db", undefined],
    ["other-production-db", undefined],
  ])("%s -> %s", (name, env) => expect(environmentFromName(name)).toBe(env));
});

// [policy, resources, environment, exact messages]
type Case = [string, PolicyResource[], Environment, string[]];
const RDS = "aws:rds/instance:Instance";
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const GCS = "gcp:storage/bucket:Bucket";
const RUN = "gcp:cloudrunv2/service:Service";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const FAILING: Case[] = [
  [
    "no-public-database",
    [res(RDS, { publiclyAccessible: true })],
    "production",
    ["publiclyAccessible must be false (is true)"],
  ],
  [
    "no-public-database",
    [res(SQL, { settings: { ipConfiguration: { ipv4Enabled: true } } })],
    "staging",
    ["settings.ipConfiguration.ipv4Enabled must be false (is true)"],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(RDS, { storageEncrypted: false })],
    "production",
    [
      "storageEncrypted must be true (is false)",
      "kmsKeyId must name a customer-managed KMS key (is unset)",
    ],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [
      res("aws:rds/parameterGroup:ParameterGroup", {
        family: "postgres16",
        parameters: [{ name: "rds.force_ssl", value: "0" }],
      }),
    ],
    "production",
    ['parameter rds.force_ssl must be "1" (is "0")'],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res("aws:rds/parameterGroup:ParameterGroup", { family: "postgres16", parameters: [] })],
    "staging",
    ['parameter rds.force_ssl must be "1" (is unset)'],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(SQL, { settings: { ipConfiguration: { sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } })],
    "production",
    [
      'settings.ipConfiguration.sslMode must be one of ENCRYPTED_ONLY, TRUSTED_CLIENT_CERTIFICATE_REQUIRED (is "ALLOW_UNENCRYPTED_AND_ENCRYPTED")',
    ],
  ],
  [
    "cache-encryption",
    [
      res(GROUP, {
        transitEncryptionEnabled: false,
        atRestEncryptionEnabled: true,
        transitEncryptionMode: "preferred",
      }),
    ],
    "production",
    [
      "transitEncryptionEnabled must be true (is false)",
      'transitEncryptionMode must be "required" (is "preferred")',
      "authToken must be set (AUTH is off)",
    ],
  ],
  [
    "cache-encryption",
    [res(GROUP, { transitEncryptionEnabled: true, authToken: "t" })],
    "staging",
    ["atRestEncryptionEnabled must be true (is unset)"],
  ],
  [
    "cache-encryption",
    [res("gcp:redis/instance:Instance", { authEnabled: false, transitEncryptionMode: "DISABLED" })],
    "production",
    [
      "authEnabled must be true (is false)",
      'transitEncryptionMode must be "SERVER_AUTHENTICATION" (is "DISABLED")',
    ],
  ],
  [
    "private-buckets",
    [
      res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", {
        blockPublicAcls: true,
        blockPublicPolicy: false,
        ignorePublicAcls: true,
      }),
    ],
    "production",
    ["blockPublicPolicy must be true (is false)", "restrictPublicBuckets must be true (is unset)"],
  ],
  [
    "private-buckets",
    [res("aws:s3/bucket:Bucket", {})],
    "staging",
    ["S3 bucket has no BucketPublicAccessBlock"],
  ],
  [
    "private-buckets",
    [
      res("aws:s3/bucket:Bucket", {}),
      res(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        { name: "entmoot-production-other" },
      ),
    ],
    "production",
    ["S3 bucket has no BucketPublicAccessBlock"],
  ],
  [
    "private-buckets",
    [res(GCS, { uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" })],
    "production",
    [
      "uniformBucketLevelAccess must be true (is false)",
      'publicAccessPrevention must be "enforced" (is "inherited")',
    ],
  ],
  // The exception is the frontend's own bucket only: its log bucket under the same parent is not.
  [
    "private-buckets",
    [
      res(
        GCS,
        { uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend-logs", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ['publicAccessPrevention must be "enforced" (is "inherited")'],
  ],
  [
    "private-buckets",
    [
      res(
        GCS,
        { uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ["uniformBucketLevelAccess must be true (is false)"],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:lb/listener:Listener", {
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-2016-08",
      }),
    ],
    "production",
    [
      expect.stringMatching(
        /^sslPolicy "ELBSecurityPolicy-2016-08" is not a TLS 1.2\+ policy \(allowed: ELBSecurityPolicy-TLS13-1-2-2021-06, /,
      ) as unknown as string,
    ],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:lb/listener:Listener", {
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: "arn" }],
      }),
    ],
    "production",
    ["HTTP listener must only redirect to HTTPS"],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:lb/listener:Listener", {
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }],
      }),
    ],
    "staging",
    ["HTTP listener must only redirect to HTTPS"],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:cloudfront/distribution:Distribution", {
        viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" },
        defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
        orderedCacheBehaviors: [{ viewerProtocolPolicy: "allow-all" }],
      }),
    ],
    "production",
    [
      'viewerCertificate.minimumProtocolVersion must be one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025 (is "TLSv1")',
      'viewerProtocolPolicy "allow-all" serves plain HTTP',
    ],
  ],
  [
    "tls-1-2-minimum",
    [res("gcp:compute/sSLPolicy:SSLPolicy", { minTlsVersion: "TLS_1_0", profile: "COMPATIBLE" })],
    "production",
    [
      'minTlsVersion must be TLS_1_2 or TLS_1_3 (is "TLS_1_0")',
      'profile must be MODERN or RESTRICTED (is "COMPATIBLE")',
    ],
  ],
  [
    "tls-1-2-minimum",
    [res("gcp:compute/targetHttpsProxy:TargetHttpsProxy", { urlMap: "m" })],
    "staging",
    ["sslPolicy must be set (the default allows TLS 1.0)"],
  ],
  [
    "secrets-not-plain",
    [
      res("aws:ecs/taskDefinition:TaskDefinition", {
        containerDefinitions: JSON.stringify([
          {
            name: "api",
            environment: [
              { name: "LOG_LEVEL", value: "info" },
              { name: "SENTRY_DSN", value: "https://k@sentry.io/1" },
            ],
          },
        ]),
      }),
    ],
    "staging",
    ['container "api" has SENTRY_DSN as a plain environment variable; use secrets'],
  ],
  [
    "secrets-not-plain",
    [res("aws:ecs/taskDefinition:TaskDefinition", { containerDefinitions: "[{" })],
    "production",
    ["containerDefinitions is not valid JSON"],
  ],
  [
    "secrets-not-plain",
    [
      res(RUN, {
        template: {
          containers: [
            {
              name: "api",
              envs: [
                { name: "REDIS_PASSWORD", value: "hunter2" },
                {
                  name: "DATABASE_PASSWORD",
                  valueSource: { secretKeyRef: { secret: "s", version: "latest" } },
                },
              ],
            },
          ],
        },
      }),
    ],
    "production",
    ['container "api" sets REDIS_PASSWORD without a Secret Manager reference'],
  ],
  [
    "secrets-not-plain",
    [res(RDS, { password: "p" }, { secretInputs: [] })],
    "staging",
    ["password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [res(GROUP, { authToken: "t" }, { secretInputs: ["description"] })],
    "staging",
    ["authToken must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [res("gcp:sql/user:User", { password: "p" }, { secretInputs: [] })],
    "staging",
    ["password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [
      res(
        "aws:secretsmanager/secretVersion:SecretVersion",
        { secretString: "p" },
        { secretInputs: [] },
      ),
    ],
    "staging",
    [
      "secretString must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    ],
  ],
  [
    "secrets-not-plain",
    [
      res(
        "gcp:secretmanager/secretVersion:SecretVersion",
        { secretData: "p" },
        { secretInputs: [] },
      ),
    ],
    "staging",
    [
      "secretData must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    ],
  ],
  ...STATEFUL_TYPES.map((type): Case => [
    "production-protection",
    [res(type, {}, { protect: false })],
    "production",
    [
      "stateful resource must be protected (protect: true)",
      ...(type === RDS ? ["deletionProtection must be true (is unset)"] : []),
      ...(type === SQL
        ? [
            "deletionProtection must be true (is unset)",
            "settings.deletionProtectionEnabled must be true (is unset)",
          ]
        : []),
    ],
  ]),
  [
    "production-protection",
    [res(RDS, { deletionProtection: false })],
    "production",
    ["deletionProtection must be true (is false)"],
  ],
  [
    "production-protection",
    [res("aws:lb/loadBalancer:LoadBalancer", { enableDeletionProtection: false })],
    "production",
    ["enableDeletionProtection must be true (is false)"],
  ],
  [
    "production-protection",
    [res(SQL, { deletionProtection: true, settings: { deletionProtectionEnabled: false } })],
    "production",
    ["settings.deletionProtectionEnabled must be true (is false)"],
  ],
  [
    "backups",
    [res(RDS, { backupRetentionPeriod: 7 })],
    "production",
    ["backupRetentionPeriod must be at least 30 in production (is 7)"],
  ],
  [
    "backups",
    [res(RDS, { backupRetentionPeriod: 6 })],
    "staging",
    ["backupRetentionPeriod must be at least 7 in staging (is 6)"],
  ],
  [
    "backups",
    [res(RDS, {})],
    "staging",
    ["backupRetentionPeriod must be at least 7 in staging (is unset)"],
  ],
  [
    "backups",
    [
      res(SQL, {
        settings: {
          backupConfiguration: { enabled: false, backupRetentionSettings: { retainedBackups: 7 } },
        },
      }),
    ],
    "production",
    [
      "settings.backupConfiguration.enabled must be true (is false)",
      "settings.backupConfiguration.pointInTimeRecoveryEnabled must be true (is unset)",
      "settings.backupConfiguration.backupRetentionSettings.retainedBackups must be at least 30 in production (is 7)",
    ],
  ],
  [
    "high-availability",
    [res(RDS, { multiAz: false })],
    "production",
    ["multiAz must be true (is false)"],
  ],
  [
    "high-availability",
    [res(GROUP, { automaticFailoverEnabled: true })],
    "production",
    ["multiAzEnabled must be true (is unset)"],
  ],
  [
    "high-availability",
    [res(SQL, { settings: { availabilityType: "ZONAL" } })],
    "production",
    ['settings.availabilityType must be "REGIONAL" (is "ZONAL")'],
  ],
  [
    "high-availability",
    [res("gcp:redis/instance:Instance", { tier: "BASIC" })],
    "production",
    ['tier must be "STANDARD_HA" (is "BASIC")'],
  ],
  [
    "high-availability",
    [res("aws:appautoscaling/target:Target", { serviceNamespace: "ecs", minCapacity: 1 })],
    "production",
    ["minCapacity must be at least 2 in production (is 1)"],
  ],
  [
    "high-availability",
    [
      res(RUN, {
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        template: { scaling: { minInstanceCount: 1 } },
      }),
    ],
    "production",
    ["template.scaling.minInstanceCount must be at least 2 in production (is 1)"],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22 },
        { name: "entmoot-production-sg-api-in-22" },
      ),
    ],
    "production",
    [
      "only the load balancer's security group may accept traffic from the internet",
      'internet ingress must be tcp 80 or 443 (is "tcp" 22-22)',
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        INGRESS,
        { cidrIpv6: "::/0", ipProtocol: "-1" },
        { name: "entmoot-production-sg-lb-in-all" },
      ),
    ],
    "staging",
    ['internet ingress must be tcp 80 or 443 (is "-1" unset-unset)'],
  ],
  // "-from-lb" ends a rule on the API's group: the load balancer's rules carry "-lb-".
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 },
        { name: "entmoot-production-sg-api-from-lb" },
      ),
    ],
    "production",
    ["only the load balancer's security group may accept traffic from the internet"],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res("aws:ec2/securityGroupRule:SecurityGroupRule", {
        type: "ingress",
        cidrBlocks: ["0.0.0.0/0"],
        protocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
      }),
    ],
    "production",
    [
      "only the load balancer's security group may accept traffic from the internet",
      'internet ingress must be tcp 80 or 443 (is "tcp" 5432-5432)',
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        "aws:ec2/securityGroup:SecurityGroup",
        {
          ingress: [
            { cidrBlocks: ["10.0.0.0/8"], protocol: "tcp", fromPort: 22, toPort: 22 },
            { ipv6CidrBlocks: ["::/0"], protocol: "tcp", fromPort: 80, toPort: 443 },
          ],
        },
        { name: "entmoot-production-sg-lb" },
      ),
    ],
    "production",
    ['internet ingress must be tcp 80 or 443 (is "tcp" 80-443)'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res("gcp:compute/firewall:Firewall", {
        allows: [{ protocol: "tcp", ports: ["22"] }],
        sourceRanges: ["0.0.0.0/0"],
      }),
    ],
    "production",
    ["firewall allow rule must not admit 0.0.0.0/0 or ::/0"],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(RUN, { template: {} })],
    "staging",
    [
      "ingress must be INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER or INGRESS_TRAFFIC_INTERNAL_ONLY (is unset)",
    ],
  ],
  [
    "waf-in-front",
    [
      res("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "application" }),
      res(
        "aws:wafv2/webAclAssociation:WebAclAssociation",
        {},
        {
          name: "entmoot-production-other-waf",
          dependencies: { resourceArn: ["entmoot-production-other"] },
        },
      ),
    ],
    "production",
    ["internet-facing ALB has no WAFv2 web ACL association"],
  ],
  [
    "waf-in-front",
    [res("gcp:compute/backendService:BackendService", { loadBalancingScheme: "EXTERNAL_MANAGED" })],
    "production",
    ["securityPolicy must name a Cloud Armor policy"],
  ],
  [
    "log-retention",
    [res("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 0 })],
    "staging",
    [
      "retentionInDays must be set (is 0: logs kept forever)",
      "kmsKeyId must name a KMS key (is unset)",
    ],
  ],
];

describe("every rule can fail on a minimal resource", () => {
  it("covers every rule", () => {
    expect(new Set(FAILING.map(([policy]) => policy))).toEqual(new Set(RULES.map((r) => r.name)));
  });

  test.each(FAILING)("%s: %j", (policy, resources, env, messages) => {
    expect(check(policy, resources, env)).toEqual(messages);
  });
});

// [policy, resources, environment]: near misses that must pass, so the failures above are precise.
const PASSING: [string, PolicyResource[], Environment][] = [
  [
    "private-buckets",
    [
      res("aws:s3/bucket:Bucket", {}),
      res(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        {
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        { name: "entmoot-production-any", dependencies: { bucket: [NAME] } },
      ),
    ],
    "production",
  ],
  [
    "private-buckets",
    [
      res(
        GCS,
        { uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
  ],
  [
    "waf-in-front",
    [
      res("aws:lb/loadBalancer:LoadBalancer", {}),
      res(
        "aws:wafv2/webAclAssociation:WebAclAssociation",
        {},
        { name: "entmoot-production-acl", dependencies: { resourceArn: [NAME] } },
      ),
    ],
    "production",
  ],
  ["waf-in-front", [res("aws:lb/loadBalancer:LoadBalancer", { internal: true })], "production"],
  ["secrets-not-plain", [res(RDS, { password: "p" })], "production"],
  [
    "production-protection",
    [res(RDS, { deletionProtection: false }, { protect: false })],
    "staging",
  ],
  ["high-availability", [res(RDS, { multiAz: false, replicateSourceDb: "primary" })], "production"],
  [
    "backups",
    [
      res(SQL, {
        masterInstanceName: "primary",
        settings: { backupConfiguration: { enabled: false } },
      }),
    ],
    "production",
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res("gcp:compute/firewall:Firewall", {
        denies: [{ protocol: "all" }],
        sourceRanges: ["0.0.0.0/0"],
      }),
    ],
    "production",
  ],
];

test.each(PASSING)("%s passes %j", (policy, resources, env) => {
  expect(check(policy, resources, env)).toEqual([]);
});

/** The plan with one real resource replaced by a mutated deep copy. */
function mutate(
  key: PlanKey,
  type: string,
  name: string,
  change: (r: { inputs: any; protect: boolean; secretInputs: string[] }) => void,
): PolicyResource[] {
  const resources = plans[key];
  const target = resources.find((r) => r.type === type && r.name === name);
  if (!target) throw new Error(`${key} has no ${type} ${name}`);
  const copy = structuredClone({ ...target, secretInputs: [...target.secretInputs] });
  change(copy);
  return resources.map((r) => (r === target ? copy : r));
}

const without = (key: PlanKey, type: string, name: string): PolicyResource[] =>
  plans[key].filter((r) => !(r.type === type && r.name === name));

const envs = (run: { inputs: any }) =>
  run.inputs.template.containers[0].envs as { name: string; value?: string }[];

// [label, plan, environment, build, the one violation expected over the whole plan]
const MUTATED: [string, PlanKey, Environment, () => PolicyResource[], Violation][] = [
  [
    "public RDS",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        RDS,
        "entmoot-production-db",
        (r) => void (r.inputs.publiclyAccessible = true),
      ),
    {
      policy: "no-public-database",
      resource: "entmoot-production-db",
      message: "publiclyAccessible must be false (is true)",
    },
  ],
  [
    "force_ssl off",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        "aws:rds/parameterGroup:ParameterGroup",
        "entmoot-production-db",
        (r) => void (r.inputs.parameters[0].value = "0"),
      ),
    {
      policy: "database-encryption-in-transit-and-at-rest",
      resource: "entmoot-production-db",
      message: 'parameter rds.force_ssl must be "1" (is "0")',
    },
  ],
  [
    "cache without AUTH",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        GROUP,
        "entmoot-production-cache",
        (r) => void delete r.inputs.authToken,
      ),
    {
      policy: "cache-encryption",
      resource: "entmoot-production-cache",
      message: "authToken must be set (AUTH is off)",
    },
  ],
  [
    "data bucket without access block",
    "aws-production",
    "production",
    () =>
      without(
        "aws-production",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "entmoot-production-storage",
      ),
    {
      policy: "private-buckets",
      resource: "entmoot-production-storage",
      message: "S3 bucket has no BucketPublicAccessBlock",
    },
  ],
  [
    "HTTPS listener on the 2016 policy",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        "aws:lb/listener:Listener",
        "entmoot-production-lb-https",
        (r) => void (r.inputs.sslPolicy = "ELBSecurityPolicy-2016-08"),
      ),
    {
      policy: "tls-1-2-minimum",
      resource: "entmoot-production-lb-https",
      message: expect.stringContaining(
        'sslPolicy "ELBSecurityPolicy-2016-08"',
      ) as unknown as string,
    },
  ],
  [
    "DATABASE_PASSWORD as a plain ECS variable",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        "aws:ecs/taskDefinition:TaskDefinition",
        "entmoot-production-api",
        (r) => {
          const defs = JSON.parse(r.inputs.containerDefinitions);
          defs[0].environment.push({ name: "DATABASE_PASSWORD", value: "hunter2" });
          r.inputs.containerDefinitions = JSON.stringify(defs);
        },
      ),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-production-api",
      message: 'container "api" has DATABASE_PASSWORD as a plain environment variable; use secrets',
    },
  ],
  [
    "unprotected production database",
    "aws-production",
    "production",
    () => mutate("aws-production", RDS, "entmoot-production-db", (r) => void (r.protect = false)),
    {
      policy: "production-protection",
      resource: "entmoot-production-db",
      message: "stateful resource must be protected (protect: true)",
    },
  ],
  [
    "3-day staging backups",
    "aws-staging",
    "staging",
    () =>
      mutate(
        "aws-staging",
        RDS,
        "entmoot-staging-db",
        (r) => void (r.inputs.backupRetentionPeriod = 3),
      ),
    {
      policy: "backups",
      resource: "entmoot-staging-db",
      message: "backupRetentionPeriod must be at least 7 in staging (is 3)",
    },
  ],
  [
    "single-AZ production cache",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        GROUP,
        "entmoot-production-cache",
        (r) => void (r.inputs.multiAzEnabled = false),
      ),
    {
      policy: "high-availability",
      resource: "entmoot-production-cache",
      message: "multiAzEnabled must be true (is false)",
    },
  ],
  [
    "API group open to the internet",
    "aws-production",
    "production",
    () =>
      mutate("aws-production", INGRESS, "entmoot-production-sg-api-from-lb", (r) => {
        // On 443, so the group is the only thing wrong.
        Object.assign(r.inputs, { cidrIpv4: "0.0.0.0/0", fromPort: 443, toPort: 443 });
        delete r.inputs.referencedSecurityGroupId;
      }),
    {
      policy: "ingress-only-through-the-load-balancer",
      resource: "entmoot-production-sg-api-from-lb",
      message: "only the load balancer's security group may accept traffic from the internet",
    },
  ],
  [
    "ALB without its WAF",
    "aws-production",
    "production",
    () =>
      without(
        "aws-production",
        "aws:wafv2/webAclAssociation:WebAclAssociation",
        "entmoot-production-lb-waf",
      ),
    {
      policy: "waf-in-front",
      resource: "entmoot-production-lb",
      message: "internet-facing ALB has no WAFv2 web ACL association",
    },
  ],
  [
    "log group kept forever",
    "aws-staging",
    "staging",
    () =>
      mutate(
        "aws-staging",
        "aws:cloudwatch/logGroup:LogGroup",
        "entmoot-staging-api-logs",
        (r) => void delete r.inputs.retentionInDays,
      ),
    {
      policy: "log-retention",
      resource: "entmoot-staging-api-logs",
      message: "retentionInDays must be set (is unset: logs kept forever)",
    },
  ],
  [
    "Cloud SQL with a public IP",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        SQL,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.ipConfiguration.ipv4Enabled = true),
      ),
    {
      policy: "no-public-database",
      resource: "entmoot-production-database",
      message: "settings.ipConfiguration.ipv4Enabled must be false (is true)",
    },
  ],
  [
    "Memorystore without TLS",
    "gcp-staging",
    "staging",
    () =>
      mutate(
        "gcp-staging",
        "gcp:redis/instance:Instance",
        "entmoot-staging-cache",
        (r) => void (r.inputs.transitEncryptionMode = "DISABLED"),
      ),
    {
      policy: "cache-encryption",
      resource: "entmoot-staging-cache",
      message: 'transitEncryptionMode must be "SERVER_AUTHENTICATION" (is "DISABLED")',
    },
  ],
  [
    "data bucket without prevention",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        GCS,
        "entmoot-production-storage-data",
        (r) => void (r.inputs.publicAccessPrevention = "inherited"),
      ),
    {
      policy: "private-buckets",
      resource: "entmoot-production-storage-data",
      message: 'publicAccessPrevention must be "enforced" (is "inherited")',
    },
  ],
  [
    "COMPATIBLE SSL policy",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        "gcp:compute/sSLPolicy:SSLPolicy",
        "entmoot-production-lb-tls",
        (r) => void (r.inputs.profile = "COMPATIBLE"),
      ),
    {
      policy: "tls-1-2-minimum",
      resource: "entmoot-production-lb-tls",
      message: 'profile must be MODERN or RESTRICTED (is "COMPATIBLE")',
    },
  ],
  [
    "DATABASE_PASSWORD as a plain Cloud Run value",
    "gcp-production",
    "production",
    () =>
      mutate("gcp-production", RUN, "entmoot-production-api", (r) => {
        const env = envs(r).find((e) => e.name === "DATABASE_PASSWORD")!;
        env.value = "hunter2";
      }),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-production-api",
      message: 'container "api" sets DATABASE_PASSWORD without a Secret Manager reference',
    },
  ],
  [
    "SQL user password not secret",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        "gcp:sql/user:User",
        "entmoot-production-database-entmoot",
        (r) => void (r.secretInputs = []),
      ),
    {
      policy: "secrets-not-plain",
      resource: "entmoot-production-database-entmoot",
      message:
        "password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    },
  ],
  [
    "Cloud SQL API deletion protection off",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        SQL,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.deletionProtectionEnabled = false),
      ),
    {
      policy: "production-protection",
      resource: "entmoot-production-database",
      message: "settings.deletionProtectionEnabled must be true (is false)",
    },
  ],
  [
    "Cloud SQL without PITR",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        SQL,
        "entmoot-production-database",
        (r) => void (r.inputs.settings.backupConfiguration.pointInTimeRecoveryEnabled = false),
      ),
    {
      policy: "backups",
      resource: "entmoot-production-database",
      message: "settings.backupConfiguration.pointInTimeRecoveryEnabled must be true (is false)",
    },
  ],
  [
    "one Cloud Run instance in production",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        RUN,
        "entmoot-production-api",
        (r) => void (r.inputs.template.scaling.minInstanceCount = 1),
      ),
    {
      policy: "high-availability",
      resource: "entmoot-production-api",
      message: "template.scaling.minInstanceCount must be at least 2 in production (is 1)",
    },
  ],
  [
    "health-check firewall open to all",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        "gcp:compute/firewall:Firewall",
        "entmoot-production-network-allow-health-checks",
        (r) => void r.inputs.sourceRanges.push("0.0.0.0/0"),
      ),
    {
      policy: "ingress-only-through-the-load-balancer",
      resource: "entmoot-production-network-allow-health-checks",
      message: "firewall allow rule must not admit 0.0.0.0/0 or ::/0",
    },
  ],
  [
    "API backend without Cloud Armor",
    "gcp-production",
    "production",
    () =>
      mutate(
        "gcp-production",
        "gcp:compute/backendService:BackendService",
        "entmoot-production-lb-api",
        (r) => void delete r.inputs.securityPolicy,
      ),
    {
      policy: "waf-in-front",
      resource: "entmoot-production-lb-api",
      message: "securityPolicy must name a Cloud Armor policy",
    },
  ],
];

describe("every rule catches a mutated copy of a real resource", () => {
  it("covers every rule", () => {
    expect(new Set(MUTATED.map(([, , , , v]) => v.policy))).toEqual(
      new Set(RULES.map((r) => r.name)),
    );
  });

  test.each(MUTATED)("%s (%s)", (_label, _key, env, build, violation) => {
    expect(evaluate(build(), env)).toEqual([violation]);
  });
});
