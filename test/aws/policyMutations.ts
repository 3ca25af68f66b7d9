/**
 * Mutated copies of the AWS plans, each breaking exactly one policy once (run by
 * test/policy/realPlans.test.ts; see test/policy/plans.ts).
 */
import { expect } from "vitest";
import { T } from "../../providers/aws/policy";
import { mutate, without, type Mutation } from "../policy/plans";

export const MUTATIONS: Mutation[] = [
  [
    "public RDS",
    "aws-production",
    "production",
    () =>
      mutate(
        "aws-production",
        T.rds,
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
        T.rdsParams,
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
        T.redisGroup,
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
    () => without("aws-production", T.s3Block, "entmoot-production-storage"),
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
        T.listener,
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
      mutate("aws-production", T.taskDef, "entmoot-production-api", (r) => {
        const defs = JSON.parse(r.inputs.containerDefinitions);
        defs[0].environment.push({ name: "DATABASE_PASSWORD", value: "hunter2" });
        r.inputs.containerDefinitions = JSON.stringify(defs);
      }),
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
    () => mutate("aws-production", T.rds, "entmoot-production-db", (r) => void (r.protect = false)),
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
        T.rds,
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
        T.redisGroup,
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
      mutate("aws-production", T.sgIngress, "entmoot-production-sg-api-from-lb", (r) => {
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
    () => without("aws-production", T.wafAssoc, "entmoot-production-lb-waf"),
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
        T.logGroup,
        "entmoot-staging-api-logs",
        (r) => void delete r.inputs.retentionInDays,
      ),
    {
      policy: "log-retention",
      resource: "entmoot-staging-api-logs",
      message: "retentionInDays must be set (is unset: logs kept forever)",
    },
  ],
];
