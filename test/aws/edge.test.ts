import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "../../src/plan/harness";
import { runWithMocks } from "../../src/plan/harness";
import { DESIGN_PLAIN_ENV, testSpec } from "../support/spec";
import { dependencyMap } from "./dependencies";

let lastDeps = new Map<string, string[]>();

const SECRET = (n: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${n}-AbCdEf`;
const DATA_KEY = "arn:aws:kms:us-east-1:123456789012:key/data";
const BUCKET_ARN = "arn:aws:s3:::entmoot-data-abc1234";

interface Options {
  readonly environment: "production" | "staging";
  readonly tier: "small" | "medium";
  readonly region?: string;
  /** Defaults to "example.com": AWS needs a zone to validate managed certificates. */
  readonly dnsZone?: string | null;
  readonly frontend?: boolean;
  readonly image?: string;
  readonly allowedAccountIds?: readonly string[];
}

async function plan(o: Options) {
  const pulumi = await import("@pulumi/pulumi");
  const { createAwsContext } = await import("../../providers/aws/context");
  const { AwsKeys } = await import("../../providers/aws/keys");
  const { AwsNetwork } = await import("../../providers/aws/network");
  const { AwsSecurityGroups } = await import("../../providers/aws/securityGroups");
  const { AwsLoadBalancer } = await import("../../providers/aws/loadBalancer");
  const { AwsCompute } = await import("../../providers/aws/compute");
  const { AwsFrontend, frontendDomain } = await import("../../providers/aws/frontend");
  const { AwsMonitoring } = await import("../../providers/aws/monitoring");
  const { AwsAlertTopic } = await import("../../providers/aws/alertTopic");
  const region = o.region ?? "us-east-1";
  const spec = testSpec("aws", o.environment, o.tier, {
    region,
    dnsZone: o.dnsZone === null ? undefined : (o.dnsZone ?? "example.com"),
    frontend: o.frontend ?? true,
  });
  return runWithMocks(
    async () => {
      const context = createAwsContext(spec, {}, { allowedAccountIds: o.allowedAccountIds });
      const common = {
        environment: spec.environment,
        region: spec.region,
        tags: spec.tags,
        protect: spec.protect,
      };
      const copts = { provider: context.provider };
      const keys = new AwsKeys("keys", { context }, copts);
      const net = new AwsNetwork(
        "net",
        { ...common, spec: spec.network, logsKey: keys.logs },
        copts,
      );
      const sgs = new AwsSecurityGroups(
        "sg",
        {
          vpcId: net.vpc.id,
          apiPort: spec.compute.containerPort,
          databasePort: 5432,
          cachePort: 6379,
        },
        copts,
      );
      const lb = new AwsLoadBalancer(
        "lb",
        {
          ...common,
          spec: spec.loadBalancer,
          domain: spec.domain,
          dnsZone: spec.dnsZone,
          context,
          vpcId: net.vpc.id,
          publicSubnetIds: net.publicSubnetIds,
          securityGroupId: sgs.lb.id,
          containerPort: spec.compute.containerPort,
          healthCheckPath: spec.compute.healthCheckPath,
          logsKey: keys.logs,
        },
        copts,
      );
      const compute = new AwsCompute(
        "api",
        {
          ...common,
          spec: spec.compute,
          app: spec.app,
          image: pulumi.output(o.image),
          context,
          connections: {
            databaseSslMode: "require",
            frontendOrigin: "https://app.example.com",
            databaseHost: pulumi.output("db.internal"),
            databasePort: 5432,
            databaseName: "entmoot",
            databaseUser: "entmoot",
            databaseReadHosts: pulumi.output(["replica-0.internal"]),
            cacheHost: pulumi.output("cache.internal"),
            cachePort: 6379,
            bucketName: pulumi.output("entmoot-data-abc1234"),
          },
          privateSubnetIds: net.privateSubnetIds,
          securityGroupId: sgs.api.id,
          targetGroupArn: lb.servingTargetGroupArn,
          albArnSuffix: lb.albArnSuffix,
          targetGroupArnSuffix: lb.targetGroupArnSuffix,
          secrets: {
            DATABASE_PASSWORD: { arn: pulumi.output(SECRET("db")), versionId: pulumi.output("v1") },
            REDIS_PASSWORD: { arn: pulumi.output(SECRET("redis")), versionId: pulumi.output("v2") },
            SENTRY_DSN: { arn: pulumi.output(SECRET("sentry")), versionId: pulumi.output("v3") },
            SMTP_PASSWORD: { arn: pulumi.output(SECRET("smtp")) },
          },
          dataKeyArn: pulumi.output(DATA_KEY),
          logsKey: keys.logs,
          bucketArn: pulumi.output(BUCKET_ARN),
        },
        copts,
      );
      const frontend = new AwsFrontend(
        "web",
        {
          ...common,
          spec: spec.frontend,
          context,
          domain: frontendDomain(spec.domain),
          dnsZone: spec.dnsZone,
          logsKey: keys.logs,
        },
        copts,
      );
      const alerts = new AwsAlertTopic(
        "mon-alerts",
        { environment: spec.environment, alertEmails: spec.monitoring.alertEmails, key: keys.logs },
        copts,
      );
      const monitoring = new AwsMonitoring(
        "mon",
        {
          ...common,
          spec: spec.monitoring,
          context,
          topic: alerts.topic,
          healthCheckUrl: lb.apiUrl.apply((u) => `${u}/health`),
          albArnSuffix: lb.albArnSuffix,
          targetGroupArnSuffix: lb.targetGroupArnSuffix,
          clusterName: compute.cluster.name,
          serviceName: compute.service.name,
          databaseInstanceId: pulumi.output("entmoot-db"),
          replicaInstanceIds: Array.from({ length: spec.database.readReplicas }, (_, i) =>
            pulumi.output(`entmoot-db-replica-${i}`),
          ),
          databaseStorageGB: spec.database.storageGB,
          databaseMemoryGiB: spec.database.memoryGiB,
          cacheClusterIds: pulumi.output([
            "entmoot-cache-001",
            "entmoot-cache-002",
            "entmoot-cache-003",
          ]),
        },
        copts,
      );
      return {
        apiUrl: lb.apiUrl,
        address: lb.address,
        registryUrl: compute.registryUrl,
        serviceName: compute.serviceName,
        image: compute.image,
        migrateCommand: compute.migrateCommand,
        rolloutCheckCommand: compute.rolloutCheckCommand,
        frontendBucket: frontend.bucketName,
        frontendUrl: frontend.url,
        dashboardUrl: monitoring.dashboardUrl,
        alertTopic: monitoring.alertTopic,
        validation: lb.certificateValidationRecords,
      };
    },
    { stack: o.environment, config: { "entmoot:region": region } },
  ).then((run) => {
    lastDeps = dependencyMap(run.resources);
    return run;
  });
}

type Run = Awaited<ReturnType<typeof plan>>;
let prodRun: Run | undefined;
const prod0 = (): Run => prodRun!;
const ofType = (r: Run, t: string) => r.resources.filter((x) => x.type === t);
const one = (r: Run, t: string, name?: string): RecordedResource => {
  const found = ofType(r, t).filter((x) => name === undefined || x.name === name);
  expect(found, `${t} ${name ?? ""}`).toHaveLength(1);
  return found[0]!;
};
const json = (v: unknown) => JSON.parse(String(v)) as Record<string, any>;
/** Evaluates a WAF rule statement the way WAF does, for the statement kinds the stack uses. */
function evaluate(
  st: any,
  request: { labels: string[]; headers: Record<string, string> },
): boolean {
  if (st.andStatement) return st.andStatement.statements.every((x: any) => evaluate(x, request));
  if (st.orStatement) return st.orStatement.statements.some((x: any) => evaluate(x, request));
  if (st.notStatement) return !evaluate(st.notStatement.statement, request);
  if (st.labelMatchStatement) return request.labels.includes(st.labelMatchStatement.key);
  if (st.byteMatchStatement) {
    const b = st.byteMatchStatement;
    let value = request.headers[b.fieldToMatch.singleHeader.name] ?? "";
    for (const t of b.textTransformations) if (t.type === "LOWERCASE") value = value.toLowerCase();
    if (b.positionalConstraint === "STARTS_WITH") return value.startsWith(b.searchString);
  }
  throw new Error(`statement not understood: ${JSON.stringify(st)}`);
}

const alarm = (r: Run, name: string) => one(r, "aws:cloudwatch/metricAlarm:MetricAlarm", name);

describe("AWS edge and operations tier", () => {
  let prod: Run;
  let staging: Run;
  beforeAll(async () => {
    prod = await plan({ environment: "production", tier: "medium" });
    prodRun = prod;
    staging = await plan({ environment: "staging", tier: "small" });
  });

  describe("AwsLoadBalancer", () => {
    it("serves HTTPS with the restricted TLS 1.3/1.2 policy (AEAD ciphers only: TLS13-1-2-2021-06 also offers CBC suites) and redirects HTTP with a 301", () => {
      const https = one(prod, "aws:lb/listener:Listener", "lb-https");
      expect(https.inputs).toMatchObject({
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      });
      expect(https.inputs.certificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
      const http = one(prod, "aws:lb/listener:Listener", "lb-http");
      expect(http.inputs.defaultActions).toEqual([
        expect.objectContaining({
          type: "redirect",
          redirect: expect.objectContaining({
            protocol: "HTTPS",
            port: "443",
            statusCode: "HTTP_301",
          }),
        }),
      ]);
    });

    it("is internet-facing, drops invalid headers, logs access and is deletion-protected in production only", () => {
      const alb = one(prod, "aws:lb/loadBalancer:LoadBalancer");
      expect(alb.inputs).toMatchObject({
        internal: false,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
      });
      expect(alb.inputs.accessLogs).toMatchObject({ enabled: true, prefix: "alb" });
      expect(alb.inputs.subnets).toHaveLength(3);
      expect(one(staging, "aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).toBe(
        false,
      );
    });

    it("keeps access logs in a private, SSE-S3, TLS-only bucket the ELB may write to, expiring with retention", () => {
      const sse = one(
        prod,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "lb-logs",
      );
      expect((sse.inputs.rules as any[])[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe(
        "AES256",
      );
      const pab = one(prod, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "lb-logs");
      expect(pab.inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      const policy = json(one(prod, "aws:s3/bucketPolicy:BucketPolicy", "lb-logs").inputs.policy);
      const sids = policy.Statement.map((s: any) => s.Sid);
      expect(sids).toEqual(["DenyInsecureTransport", "ElbLogDelivery", "ElbLegacyLogDelivery"]);
      expect(policy.Statement[1].Principal.Service).toBe(
        "logdelivery.elasticloadbalancing.amazonaws.com",
      );
      const life = one(
        prod,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "lb-logs",
      );
      expect((life.inputs.rules as any[])[0].expiration.days).toBe(365);
      expect(one(prod, "aws:s3/bucket:Bucket", "lb-logs").protect).toBe(true);
      expect(one(staging, "aws:s3/bucket:Bucket", "lb-logs").protect).toBe(false);
    });

    it("health-checks Fargate task IPs over HTTP on the container port", () => {
      const tg = one(prod, "aws:lb/targetGroup:TargetGroup");
      expect(tg.inputs).toMatchObject({
        targetType: "ip",
        protocol: "HTTP",
        port: 8000,
        deregistrationDelay: 30,
      });
      expect(tg.inputs.healthCheck).toMatchObject({ path: "/health", matcher: "200" });
    });

    it("runs the managed WAF rule groups, rate-limits in production only, logs and is associated", () => {
      const acl = one(prod, "aws:wafv2/webAcl:WebAcl", "lb-waf");
      expect(acl.inputs.scope).toBe("REGIONAL");
      const groups = (acl.inputs.rules as any[])
        .map((r) => r.statement.managedRuleGroupStatement?.name)
        .filter(Boolean);
      expect(groups).toEqual(
        expect.arrayContaining([
          "AWSManagedRulesCommonRuleSet",
          "AWSManagedRulesKnownBadInputsRuleSet",
          "AWSManagedRulesSQLiRuleSet",
          "AWSManagedRulesAmazonIpReputationList",
        ]),
      );
      const rate = (rs: Run) =>
        (one(rs, "aws:wafv2/webAcl:WebAcl", "lb-waf").inputs.rules as any[]).find(
          (r) => r.statement.rateBasedStatement,
        );
      expect(rate(prod)?.statement.rateBasedStatement).toMatchObject({
        limit: 2000,
        aggregateKeyType: "IP",
      });
      expect(rate(prod)?.action).toEqual({ block: {} });
      expect(rate(staging)).toBeUndefined();
      expect(
        one(prod, "aws:wafv2/webAclAssociation:WebAclAssociation", "lb-waf").inputs.resourceArn,
      ).toMatch(/loadbalancer\/app\/lb\//);
      const logging = one(
        prod,
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        "lb-waf",
      );
      expect((logging.inputs.logDestinationConfigs as string[])[0]).toContain(
        ":log-group:aws-waf-logs-",
      );
    });

    it("counts the managed body rules that random upload bytes trip (SizeRestrictions, XSS, LFI, RFI, SQLi on the body) on the API only", () => {
      const overrides = (r: Run, acl: string, group: string) =>
        (one(r, "aws:wafv2/webAcl:WebAcl", acl).inputs.rules as any[]).find((x) => x.name === group)
          .statement.managedRuleGroupStatement.ruleActionOverrides;
      expect(overrides(prod, "lb-waf", "AWSManagedRulesCommonRuleSet")).toEqual(
        [
          "SizeRestrictions_BODY",
          "CrossSiteScripting_BODY",
          "GenericLFI_BODY",
          "GenericRFI_BODY",
        ].map((name) => ({ name, actionToUse: { count: {} } })),
      );
      expect(overrides(prod, "lb-waf", "AWSManagedRulesSQLiRuleSet")).toEqual([
        { name: "SQLi_BODY", actionToUse: { count: {} } },
      ]);
      // The CDN serves GETs only: every rule there keeps blocking, and no rule is added.
      for (const group of ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesSQLiRuleSet"])
        expect(overrides(prod, "web-waf", group)).toBeUndefined();
      const cdnRules = one(prod, "aws:wafv2/webAcl:WebAcl", "web-waf").inputs.rules as any[];
      expect(cdnRules.map((r) => r.name)).not.toContain("body-rules-except-uploads");
    });

    it("blocks the counted body rules' matches again unless the request is an upload, by the managed labels (awswaf:managed:aws:...:<Rule>_Body), after the groups that add them", () => {
      const rules = one(prod, "aws:wafv2/webAcl:WebAcl", "lb-waf").inputs.rules as any[];
      const rule = rules.find((r) => r.name === "body-rules-except-uploads");
      expect(rule.action).toEqual({ block: {} });
      // Labels are visible only to rules evaluated after the rule that adds them.
      const managed = rules.filter((r) => r.statement.managedRuleGroupStatement);
      expect(rule.priority).toBeGreaterThan(Math.max(...managed.map((r) => r.priority)));
      expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
      const labels = rule.statement.andStatement.statements[0].orStatement.statements.map(
        (x: any) => x.labelMatchStatement,
      );
      expect(labels).toEqual(
        [
          "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body",
          "awswaf:managed:aws:core-rule-set:GenericLFI_Body",
          "awswaf:managed:aws:core-rule-set:GenericRFI_Body",
          "awswaf:managed:aws:sql-database:SQLi_Body",
        ].map((key) => ({ scope: "LABEL", key })),
      );
      // WAF nests a web ACL rule's statements at most three deep: and > or/not > leaf.
      const depth = (st: any): number => {
        const children = [
          ...(st.andStatement?.statements ?? []),
          ...(st.orStatement?.statements ?? []),
          ...(st.notStatement ? [st.notStatement.statement] : []),
        ];
        return 1 + Math.max(0, ...children.map(depth));
      };
      expect(depth(rule.statement)).toBeLessThanOrEqual(3);

      const blocks = (labelsAdded: string[], contentType: string) =>
        evaluate(rule.statement, { labels: labelsAdded, headers: { "content-type": contentType } });
      const sqli = "awswaf:managed:aws:sql-database:SQLi_Body";
      const xss = "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body";
      expect(blocks([sqli], "application/json")).toBe(true);
      expect(blocks([xss], "application/x-www-form-urlencoded")).toBe(true);
      expect(blocks([sqli], "multipart/form-data; boundary=----x")).toBe(false);
      expect(blocks([xss], "Application/Octet-Stream")).toBe(false);
      // The size rule alone is not blocked again: the API enforces the upload limit.
      expect(
        blocks(["awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"], "application/json"),
      ).toBe(false);
      expect(blocks([], "application/json")).toBe(false);
    });

    it("attaches only an issued certificate: the HTTPS listener takes the ARN from its DNS validation", () => {
      const validation = one(
        prod,
        "aws:acm/certificateValidation:CertificateValidation",
        "lb-cert",
      );
      expect(validation.inputs.validationRecordFqdns).toEqual([
        "_0123456789abcdef.api.example.com",
      ]);
      // The mock's validation echoes the ARN; what matters is the listener waited for it, which
      // the dependency below proves (the listener's input is the validation's output).
      const https = one(prod, "aws:lb/listener:Listener", "lb-https");
      expect(https.inputs.certificateArn).toBe(validation.inputs.certificateArn);
      expect(prod.result.validation).toEqual([expect.objectContaining({ type: "CNAME" })]);
      expect(prod.result.apiUrl).toBe("https://api.example.com");
      expect(prod.result.address).toBe("lb-123.us-east-1.elb.amazonaws.com");
    });

    it("refuses a managed certificate without a DNS zone: ACM would not issue it and the first up would fail", async () => {
      await expect(
        plan({ environment: "staging", tier: "small", dnsZone: null, frontend: false }),
      ).rejects.toThrow(/AwsLoadBalancer lb: give certificate .* or dnsZone/);
    });
  });

  describe("AwsCompute", () => {
    const container = (r: Run) =>
      json(
        `{"c":${one(r, "aws:ecs/taskDefinition:TaskDefinition", "api").inputs.containerDefinitions}}`,
      ).c[0];

    it("injects secrets only by reference and every DESIGN variable in the environment", () => {
      const c = container(prod);
      const envNames = (c.environment as { name: string }[]).map((e) => e.name);
      for (const secret of ["DATABASE_PASSWORD", "REDIS_PASSWORD", "SENTRY_DSN"])
        expect(envNames).not.toContain(secret);
      // Platform-generated secrets pinned to their version (a rotation rolls the tasks);
      // operator-filled ones unpinned (the operator's latest value is used).
      expect(c.secrets).toEqual([
        { name: "DATABASE_PASSWORD", valueFrom: `${SECRET("db")}:::v1` },
        { name: "REDIS_PASSWORD", valueFrom: `${SECRET("redis")}:::v2` },
        { name: "SENTRY_DSN", valueFrom: `${SECRET("sentry")}:::v3` },
        { name: "SMTP_PASSWORD", valueFrom: SECRET("smtp") },
      ]);
      expect(envNames).toEqual(expect.arrayContaining(DESIGN_PLAIN_ENV));
      expect(c.environment).toContainEqual({ name: "DATABASE_HOST", value: "db.internal" });
    });

    it("hardens the container and sizes the task from the tier", () => {
      const c = container(prod);
      expect(c).toMatchObject({
        readonlyRootFilesystem: true,
        user: "10001:10001",
        privileged: false,
      });
      expect(c.mountPoints).toEqual([expect.objectContaining({ containerPath: "/tmp" })]);
      expect(c.healthCheck.command.join(" ")).toContain("http://localhost:8000/health");
      expect(c.logConfiguration.logDriver).toBe("awslogs");
      // No image deployed yet: the public placeholder, never the (empty) own repository.
      expect(c.image).toBe("public.ecr.aws/docker/library/python:3.12-alpine");
      const td = one(prod, "aws:ecs/taskDefinition:TaskDefinition", "api");
      expect(td.inputs).toMatchObject({
        cpu: "1024",
        memory: "2048",
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
      });
      expect(one(staging, "aws:ecs/taskDefinition:TaskDefinition", "api").inputs).toMatchObject({
        cpu: "512",
        memory: "1024",
      });
    });

    it("runs privately with circuit breaker and alarm rollback, leaving desiredCount to autoscaling", () => {
      const svc = one(prod, "aws:ecs/service:Service");
      expect(svc.inputs.networkConfiguration).toMatchObject({ assignPublicIp: false });
      expect(svc.inputs.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
      expect(svc.inputs).toMatchObject({
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        enableExecuteCommand: false,
        desiredCount: 3,
      });
      const alarms = svc.inputs.alarms as {
        alarmNames: string[];
        rollback: boolean;
        enable: boolean;
      };
      expect(alarms).toMatchObject({ enable: true, rollback: true });
      expect(alarms.alarmNames).toHaveLength(2);
      expect(svc.ignoreChanges).toEqual(["desiredCount"]);
      // Old revisions stay registered, so an operator can point the service back at one.
      for (const td of ofType(prod, "aws:ecs/taskDefinition:TaskDefinition"))
        expect(td.inputs.skipDestroy).toBe(true);
      expect(alarm(prod, "api-deploy-p95").inputs).toMatchObject({
        extendedStatistic: "p95",
        threshold: 0.5,
      });
    });

    it("autoscales within the tier's bounds on CPU and requests per target", () => {
      const bounds = (r: Run) => one(r, "aws:appautoscaling/target:Target").inputs;
      expect(bounds(prod)).toMatchObject({ minCapacity: 3, maxCapacity: 5 });
      expect(bounds(staging)).toMatchObject({ minCapacity: 1, maxCapacity: 2 });
      const metrics = ofType(prod, "aws:appautoscaling/policy:Policy").map(
        (p) =>
          (p.inputs.targetTrackingScalingPolicyConfiguration as any).predefinedMetricSpecification,
      );
      expect(metrics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ predefinedMetricType: "ECSServiceAverageCPUUtilization" }),
          {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: "app/lb/abc/targetgroup/lb/def",
          },
        ]),
      );
    });

    it("gives the task role only its bucket and key, and the execution role only its secrets", () => {
      const task = json(one(prod, "aws:iam/rolePolicy:RolePolicy", "api-task").inputs.policy);
      const resources = task.Statement.flatMap((s: any) => [s.Resource].flat());
      expect(resources).not.toContain("*");
      expect(resources).toEqual(expect.arrayContaining([BUCKET_ARN, `${BUCKET_ARN}/*`, DATA_KEY]));
      const exec = json(one(prod, "aws:iam/rolePolicy:RolePolicy", "api-execution").inputs.policy);
      const secrets = exec.Statement.find((s: any) => s.Action === "secretsmanager:GetSecretValue");
      expect(secrets.Resource).toEqual([
        SECRET("db"),
        SECRET("redis"),
        SECRET("sentry"),
        SECRET("smtp"),
      ]);
    });

    it("keeps images immutable, scanned and KMS-encrypted; protects the registry in production", () => {
      const repo = one(prod, "aws:ecr/repository:Repository");
      expect(repo.inputs).toMatchObject({
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
      });
      expect(repo.inputs.encryptionConfigurations).toEqual([
        { encryptionType: "KMS", kmsKey: DATA_KEY },
      ]);
      expect(repo.protect).toBe(true);
      // Tagged images are kept by count only, so a tagged copy is never expired by age.
      const rules = json(one(prod, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy).rules;
      expect(rules.map((r: any) => [r.selection.tagStatus, r.selection.countType])).toEqual([
        ["untagged", "sinceImagePushed"],
        ["any", "imageCountMoreThan"],
      ]);
      expect(one(staging, "aws:ecr/repository:Repository").protect).toBe(false);
      expect(one(prod, "aws:ecs/cluster:Cluster").inputs.settings).toEqual([
        { name: "containerInsights", value: "enabled" },
      ]);
    });
  });

  describe("AwsFrontend", () => {
    it("serves over HTTPS only with TLS 1.2+, a custom certificate, OAC and SPA routing", () => {
      const d = one(prod, "aws:cloudfront/distribution:Distribution");
      expect((d.inputs.defaultCacheBehavior as any).viewerProtocolPolicy).toBe("redirect-to-https");
      expect(d.inputs.viewerCertificate).toMatchObject({
        minimumProtocolVersion: "TLSv1.2_2021",
        sslSupportMethod: "sni-only",
      });
      expect((d.inputs.viewerCertificate as any).cloudfrontDefaultCertificate).toBeUndefined();
      expect(d.inputs.aliases).toEqual(["app.example.com"]);
      expect(d.inputs.defaultRootObject).toBe("index.html");
      // No error-page rewrite: a WAF block must stay a visible 403 (routes are handled below).
      expect(d.inputs.customErrorResponses ?? []).toEqual([]);
      const fn = one(prod, "aws:cloudfront/function:Function");
      expect(fn.inputs.runtime).toBe("cloudfront-js-2.0");
      expect((d.inputs.defaultCacheBehavior as any).functionAssociations).toEqual([
        { eventType: "viewer-request", functionArn: expect.stringContaining("web-spa") },
      ]);
      expect((d.inputs.origins as any[])[0].originAccessControlId).toBeTruthy();
      expect(
        one(prod, "aws:cloudfront/originAccessControl:OriginAccessControl").inputs,
      ).toMatchObject({ signingBehavior: "always", signingProtocol: "sigv4" });
      expect(d.inputs.webAclId).toMatch(/global\/webacl/);
      expect(prod.result.frontendUrl).toBe("https://app.example.com");
    });

    it("lets only this distribution read the KMS-encrypted bucket", () => {
      const policy = json(
        one(prod, "aws:s3/bucketPolicy:BucketPolicy", "web-assets").inputs.policy,
      );
      const read = policy.Statement.find((s: any) => s.Sid === "CloudFrontReadsAssets");
      expect(read.Condition.StringEquals["AWS:SourceArn"]).toMatch(
        /^arn:aws:cloudfront::123456789012:distribution\//,
      );
      const sse = one(
        prod,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "web-assets",
      );
      expect((sse.inputs.rules as any[])[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe(
        "aws:kms",
      );
      const headers = one(prod, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
      expect(
        (headers.inputs.securityHeadersConfig as any).strictTransportSecurity
          .accessControlMaxAgeSec,
      ).toBeGreaterThanOrEqual(31536000);
    });
  });

  describe("AwsMonitoring", () => {
    it("sends alerts to an encrypted topic with one email subscription per address", () => {
      const topic = one(prod, "aws:sns/topic:Topic");
      expect(topic.inputs.kmsMasterKeyId).toMatch(/^arn:aws:kms:/);
      const subs = ofType(prod, "aws:sns/topicSubscription:TopicSubscription");
      expect(subs.map((s) => s.inputs.endpoint)).toEqual(["ops@example.com", "oncall@example.com"]);
      expect(subs.every((s) => s.inputs.protocol === "email")).toBe(true);
      expect(prod.result.alertTopic).toBe("arn:aws:sns:us-east-1:123456789012:mon-alerts");
    });

    it("alarms on every service target with the topic as alarm and OK action", () => {
      const topic = "arn:aws:sns:us-east-1:123456789012:mon-alerts";
      expect(alarm(prod, "mon-api-latency-p95").inputs).toMatchObject({
        threshold: 0.5,
        extendedStatistic: "p95",
        metricName: "TargetResponseTime",
      });
      const errors = alarm(prod, "mon-api-error-rate").inputs;
      expect(errors.threshold).toBe(0.1);
      expect(
        (errors.metricQueries as any[]).map((q) => q.metric?.metricName).filter(Boolean),
      ).toEqual(["HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "RequestCount"]);
      expect(alarm(prod, "mon-db-read-latency").inputs.threshold).toBe(0.1);
      expect(alarm(prod, "mon-db-write-latency").inputs.threshold).toBe(0.1);
      expect(alarm(prod, "mon-cache-hit-rate").inputs).toMatchObject({
        threshold: 80,
        comparisonOperator: "LessThanThreshold",
      });
      expect(alarm(prod, "mon-db-free-storage").inputs.threshold).toBe(
        Math.round(200 * 1024 ** 3 * 0.05),
      );
      expect(
        (alarm(prod, "mon-db-replica-0-lag").inputs.metricQueries as any[]).map(
          (q) => q.metric?.metricName,
        ),
      ).toContain("ReplicaLag");
      expect(
        ofType(staging, "aws:cloudwatch/metricAlarm:MetricAlarm").some((a) =>
          a.name.includes("replica"),
        ),
      ).toBe(false);
      const monitoring = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) =>
        a.name.startsWith("mon-"),
      );
      expect(monitoring.length).toBeGreaterThanOrEqual(16);
      for (const a of monitoring) {
        expect(a.inputs.alarmActions, a.name).toEqual([topic]);
        expect(a.inputs.okActions, a.name).toEqual([topic]);
        expect(["notBreaching", "breaching", "missing"], a.name).toContain(
          a.inputs.treatMissingData,
        );
      }
    });

    it("5xx rate divides by the load balancer's RequestCount: the target group's is empty when no target is healthy, exactly when the ALB answers 5xx", () => {
      for (const name of ["mon-api-error-rate", "api-deploy-5xx"]) {
        const queries = alarm(prod, name).inputs.metricQueries as any[];
        const requests = queries.find((q) => q.metric?.metricName === "RequestCount");
        expect(Object.keys(requests.metric.dimensions), name).toEqual(["LoadBalancer"]);
        const result = queries.find((q) => q.returnData === true);
        // No errors is 0%, not 0 / 0; a minute without a count is filled, not empty.
        expect(result.expression, name).toBe(
          "IF(errors > 0, 100 * errors / MAX([FILL(requests, 0), errors]), 0)",
        );
        expect(queries.find((q) => q.id === "errors").expression).toBe(
          "FILL(target5xx, 0) + FILL(elb5xx, 0)",
        );
      }
    });

    it("replica-lag alarm counts lag only while the primary writes: RDS's ReplicaLag (now() minus the last replayed commit) grows without bound on a quiet primary", () => {
      const a = alarm(prod, "mon-db-replica-0-lag").inputs;
      const queries = a.metricQueries as any[];
      const byId = Object.fromEntries(queries.map((q) => [q.id, q]));
      expect(byId.lag.metric).toMatchObject({
        namespace: "AWS/RDS",
        metricName: "ReplicaLag",
        dimensions: { DBInstanceIdentifier: "entmoot-db-replica-0" },
      });
      expect(byId.writes.metric).toMatchObject({
        namespace: "AWS/RDS",
        metricName: "WriteIOPS",
        dimensions: { DBInstanceIdentifier: "entmoot-db" },
      });
      expect(byId.result.expression).toBe("IF(FILL(writes, 0) >= 1, lag, 0)");
      expect(a).toMatchObject({ threshold: 30, treatMissingData: "breaching" });
      expect(a.metricName).toBeUndefined();
    });

    it("free-storage alarm fires below 5% of the initial size for 15 minutes: RDS storage autoscaling already grows the disk at 10% free for 5 minutes", () => {
      expect(alarm(prod, "mon-db-free-storage").inputs).toMatchObject({
        threshold: Math.round(200 * 1024 ** 3 * 0.05),
        metricName: "FreeStorageSpace",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
      });
    });

    it("has no cache memory or eviction alarm: with allkeys-lru the cache fills and evicts by design, and the hit-rate alarm catches evictions that hurt", () => {
      const names = ofType(prod, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);
      expect(names).not.toContain("mon-cache-memory");
      expect(names).not.toContain("mon-cache-evictions");
      expect(names).toEqual(expect.arrayContaining(["mon-cache-hit-rate", "mon-cache-engine-cpu"]));
    });

    it("cache hit-rate alarm evaluates 5-minute periods: a metric-math alarm takes the period of each query's metric", () => {
      const a = alarm(prod, "mon-cache-hit-rate");
      const metrics = (a.inputs.metricQueries as any[]).filter((q) => q.metric);
      expect(metrics.length).toBeGreaterThan(0);
      for (const q of metrics) expect(q.metric.period).toBe(300);
      expect(a.inputs).toMatchObject({ evaluationPeriods: 6, datapointsToAlarm: 4 });
    });

    it("probes /health over HTTPS and alarms on it in us-east-1", () => {
      const hc = one(prod, "aws:route53/healthCheck:HealthCheck");
      expect(hc.inputs).toMatchObject({
        type: "HTTPS",
        fqdn: "api.example.com",
        port: 443,
        resourcePath: "/health",
        failureThreshold: 3,
        requestInterval: 30,
        measureLatency: true,
      });
      expect(alarm(prod, "mon-availability").inputs).toMatchObject({
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        treatMissingData: "breaching",
      });
    });

    it("draws a dashboard and links to it", () => {
      const body = json(one(prod, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
      const titles = body.widgets.map((w: any) => w.properties.title).join(" | ");
      for (const t of ["latency", "errors", "requests", "CPU", "Database", "Cache"])
        expect(titles).toContain(t);
      expect(prod.result.dashboardUrl).toBe(
        "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=mon",
      );
    });
  });
});

describe("AWS image flow: placeholder on the first up, migration job, rollout check", () => {
  const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/api-abc@sha256:${"a".repeat(64)}`;
  let first: Run;
  let deployed: Run;
  beforeAll(async () => {
    first = await plan({ environment: "staging", tier: "small" });
    deployed = await plan({ environment: "staging", tier: "small", image: IMAGE });
  });
  const containerOf = (r: Run, name: string) =>
    json(
      `{"c":${one(r, "aws:ecs/taskDefinition:TaskDefinition", name).inputs.containerDefinitions}}`,
    ).c[0];

  it("starts tasks only after the execution and task roles' policies exist (image pull, secrets)", () => {
    expect(lastDeps.get("aws:ecs/service:Service::api")).toEqual(
      expect.arrayContaining([
        "aws:iam/rolePolicy:RolePolicy::api-execution",
        "aws:iam/rolePolicy:RolePolicy::api-task",
      ]),
    );
  });

  it("runs a public placeholder that answers 200 on /health on the container port until an image is deployed (the own ECR repository is empty on a new stack)", async () => {
    const c = containerOf(first, "api");
    expect(c.image).toMatch(/^public\.ecr\.aws\//);
    expect(first.result.image).toBe(c.image);
    expect(c.environment).toContainEqual({ name: "APP_VERSION", value: "" });
    const script = String(c.command[2]);
    expect(c.command.slice(0, 2)).toEqual(["python", "-c"]);
    expect(script).toContain("'/health'");
    expect(script).toContain("8000");
    // The real thing, where a Python is at hand: the script must serve the health check.
    const { spawnSync } = await import("node:child_process");
    if (spawnSync("python3", ["--version"]).status !== 0) return;
    const port = 18_000 + Math.floor(Math.random() * 1000);
    const { spawn } = await import("node:child_process");
    const server = spawn("python3", ["-c", script.replace("8000", String(port))]);
    try {
      let status = 0;
      for (let i = 0; i < 50 && status === 0; i++) {
        await new Promise((r) => setImmediate(r));
        status = await fetch(`http://127.0.0.1:${port}/health`)
          .then((res) => res.status)
          .catch(() => 0);
        if (status === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.kill();
    }
  });

  it("keeps running the placeholder, command included, when the last image is the placeholder (nothing changes on the next up)", async () => {
    const again = await plan({
      environment: "staging",
      tier: "small",
      image: "public.ecr.aws/docker/library/python:3.12-alpine",
    });
    expect(containerOf(again, "api")).toEqual(containerOf(first, "api"));
    expect(containerOf(again, "api-migrate")).toEqual(containerOf(first, "api-migrate"));
  });

  it("runs the deployed image by digest with the image's own command", () => {
    const c = containerOf(deployed, "api");
    expect(c.image).toBe(IMAGE);
    expect(c.command).toBeUndefined();
    expect(deployed.result.image).toBe(IMAGE);
    expect(c.environment).toContainEqual({
      name: "APP_VERSION",
      value: `sha256:${"a".repeat(64)}`,
    });
  });

  it("defines the migration job as <compute>-migrate: the API's image, env, secrets and roles, the spec's command", () => {
    const api = one(deployed, "aws:ecs/taskDefinition:TaskDefinition", "api");
    const job = one(deployed, "aws:ecs/taskDefinition:TaskDefinition", "api-migrate");
    expect(job.inputs).toMatchObject({
      family: "api-migrate",
      executionRoleArn: api.inputs.executionRoleArn,
      taskRoleArn: api.inputs.taskRoleArn,
      skipDestroy: true,
    });
    const c = containerOf(deployed, "api-migrate");
    const a = containerOf(deployed, "api");
    expect(c.image).toBe(IMAGE);
    expect(c.command).toEqual(["alembic", "upgrade", "head"]);
    expect(c.environment).toEqual(a.environment);
    expect(c.secrets).toEqual(a.secrets);
    expect(c.portMappings).toBeUndefined();
    expect(c).toMatchObject({ readonlyRootFilesystem: true, user: "10001:10001" });
    // With the placeholder there is nothing to migrate, and the job says so and succeeds.
    expect(containerOf(first, "api-migrate").command.join(" ")).toContain("nothing to migrate");
  });

  it("migrateCommand is one line: run-task in the private subnets with the API's group, wait, fail on a non-zero exit code", () => {
    const cmd = String(deployed.result.migrateCommand);
    expect(cmd).not.toContain("\n");
    expect(cmd).toMatch(/^task=\$\(aws ecs run-task --region us-east-1 --cluster api /);
    expect(cmd).toContain(
      "--task-definition arn:aws:ecs:us-east-1:123456789012:task-definition/api-migrate:1",
    );
    expect(cmd).toContain("subnets=[net-private-0-id,net-private-1-id,net-private-2-id]");
    expect(cmd).toContain("securityGroups=[sg-api-id],assignPublicIp=DISABLED");
    expect(cmd).toContain("--query 'tasks[0].lastStatus'");
    expect(cmd).toMatch(/containers\[0\]\.exitCode.* && test "\$code" = 0$/);
  });

  it("the rollout check fails when the service runs another task definition than the one deployed (a rollback)", () => {
    const cmd = String(deployed.result.rolloutCheckCommand);
    expect(cmd).toContain(
      "aws ecs wait services-stable --region us-east-1 --cluster api --services api",
    );
    expect(cmd).toMatch(
      /test "\$running" = "arn:aws:ecs:us-east-1:123456789012:task-definition\/api:1"$/,
    );
  });
});

describe("AWS edge tier with a DNS zone, outside us-east-1", () => {
  let run: Run;
  let noFrontend: Run;
  beforeAll(async () => {
    run = await plan({
      environment: "production",
      tier: "medium",
      region: "eu-west-1",
      dnsZone: "example.com",
    });
    noFrontend = await plan({ environment: "staging", tier: "small", frontend: false });
  });
  const usEast1 = (r: Run) => {
    const providers = ofType(r, "pulumi:providers:aws").filter(
      (p) => p.inputs.region === "us-east-1",
    );
    return providers.map((p) => p.urn);
  };
  const providerOf = (r: RecordedResource) => r.provider?.split("::").slice(0, -1).join("::");

  it("validates the API certificate in the zone and aliases the domain to the ALB", () => {
    const validation = one(run, "aws:acm/certificateValidation:CertificateValidation", "lb-cert");
    expect(validation.inputs.validationRecordFqdns).toEqual(["_0123456789abcdef.api.example.com"]);
    const alias = one(run, "aws:route53/record:Record", "lb-alias");
    expect(alias.inputs).toMatchObject({
      name: "api.example.com",
      type: "A",
      zoneId: "Z0123456789ABCDEFGHIJ",
    });
    expect(providerOf(one(run, "aws:acm/certificate:Certificate", "lb-cert"))).not.toBe(
      usEast1(run)[0],
    );
  });

  it("puts the frontend's certificate and web ACL in us-east-1 through explicit providers", () => {
    const providers = usEast1(run);
    expect(providers).toHaveLength(2); // one for the frontend, one for monitoring
    expect(providers).toContain(
      providerOf(one(run, "aws:acm/certificate:Certificate", "web-cert")),
    );
    expect(providers).toContain(providerOf(one(run, "aws:wafv2/webAcl:WebAcl", "web-waf")));
    expect(one(run, "aws:wafv2/webAcl:WebAcl", "web-waf").inputs.scope).toBe("CLOUDFRONT");
    // A key in eu-west-1 cannot encrypt a us-east-1 log group: the web ACL's logs get a key there.
    const wafLogsKey = one(run, "aws:kms/key:Key", "web-logs-us-east-1");
    expect(providers).toContain(providerOf(wafLogsKey));
    expect(one(run, "aws:cloudwatch/logGroup:LogGroup", "web-waf-logs").inputs.kmsKeyId).toBe(
      "arn:aws:kms:eu-west-1:123456789012:web-logs-us-east-1",
    );
    const logsGrant = JSON.parse(String(wafLogsKey.inputs.policy)).Statement.find(
      (x: { Sid: string }) => x.Sid === "CloudWatchLogsEncrypt",
    );
    expect(logsGrant.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logsGrant.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toBe(
      "arn:aws:logs:us-east-1:123456789012:*",
    );
    const aliases = ofType(run, "aws:route53/record:Record").filter((r) =>
      r.name.startsWith("web-alias"),
    );
    expect(aliases.map((r) => r.inputs.type).sort()).toEqual(["A", "AAAA"]);
  });

  it("takes the domain's alias records over (allowOverwrite): a recovery stack's up fails with \"already exists\" on records the lost stack still owns", () => {
    const aliases = ofType(run, "aws:route53/record:Record").filter((r) =>
      /^(lb|web)-alias/.test(r.name),
    );
    expect(aliases.map((r) => `${r.inputs.name} ${r.inputs.type}`).sort()).toEqual([
      "api.example.com A",
      "app.example.com A",
      "app.example.com AAAA",
    ]);
    for (const r of aliases) expect(r.inputs.allowOverwrite, r.name).toBe(true);
  });

  it("guards every provider, us-east-1 ones included, with allowedAccountIds: a wrong profile cannot deploy into another account", async () => {
    const guarded = await plan({
      environment: "production",
      tier: "medium",
      region: "eu-west-1",
      allowedAccountIds: ["123456789012"],
    });
    const providers = ofType(guarded, "pulumi:providers:aws");
    expect(providers.length).toBeGreaterThanOrEqual(4);
    for (const p of providers)
      expect(JSON.parse(String(p.inputs.allowedAccountIds))).toEqual(["123456789012"]);
    for (const p of ofType(run, "pulumi:providers:aws"))
      expect(p.inputs.allowedAccountIds).toBeUndefined();
  });

  it("puts the availability alarm and its own topic in us-east-1", () => {
    const providers = usEast1(run);
    expect(providers).toContain(providerOf(alarm(run, "mon-availability")));
    expect(providers).toContain(
      providerOf(one(run, "aws:sns/topic:Topic", "mon-alerts-us-east-1")),
    );
    // The mock stamps ARNs with the run's region; the provider above is what places it.
    expect(alarm(run, "mon-availability").inputs.alarmActions).toEqual([
      "arn:aws:sns:eu-west-1:123456789012:mon-alerts-us-east-1",
    ]);
    expect(ofType(run, "aws:sns/topicSubscription:TopicSubscription")).toHaveLength(4);
    // In us-east-1 the primary provider serves; no extra one is made.
    expect(
      ofType(prod0(), "pulumi:providers:aws")
        .map((p) => p.name)
        .filter((n) => n.endsWith("-us-east-1")),
    ).toEqual([]);
  });

  it("creates nothing for a disabled frontend", () => {
    expect(ofType(noFrontend, "aws:cloudfront/distribution:Distribution")).toHaveLength(0);
    expect(ofType(noFrontend, "aws:s3/bucket:Bucket").map((b) => b.name)).toEqual(["lb-logs"]);
    expect(noFrontend.result.frontendUrl).toBe("");
  });
});

describe("pure helpers", () => {
  it.each([
    ["/", "/index.html"],
    ["/projects/42/map", "/index.html"],
    ["/assets/app.3f2a.js", "/assets/app.3f2a.js"],
    ["/favicon.ico", "/favicon.ico"],
  ])(
    "SPA routing sends deep link %s to %s, and asks the bucket for real files",
    async (uri, want) => {
      const { SPA_ROUTING_CODE } = await import("../../providers/aws/frontendEdge");
      // CloudFront Functions run ES5.1 (plus a few additions): no arrow functions, let or const.
      expect(SPA_ROUTING_CODE).not.toMatch(/=>|\blet\b|\bconst\b/);
      const handler = new Function(`${SPA_ROUTING_CODE}; return handler;`)() as (e: unknown) => {
        uri: string;
      };
      expect(handler({ request: { uri } }).uri).toBe(want);
    },
  );

  it.each([
    [8, 901],
    [32, 3604],
    [64, 5000],
  ])("postgresMaxConnections(%i GiB) = %i", async (gib, expected) => {
    const { postgresMaxConnections } = await import("../../providers/aws/monitoringAlarms");
    expect(postgresMaxConnections(gib)).toBe(expected);
  });

  it.each([
    [1, 3, "100 * SUM([hits0]) / (SUM([hits0]) + SUM([misses0]))"],
    [
      3,
      7,
      "100 * SUM([hits0,hits1,hits2]) / (SUM([hits0,hits1,hits2]) + SUM([misses0,misses1,misses2]))",
    ],
    [9, 10, "AVG([rate0,rate1,rate2,rate3,rate4,rate5,rate6,rate7,rate8])"],
  ])(
    "cache hit rate over %i nodes stays within the 10-metric limit",
    async (nodes, queries, expression) => {
      const { cacheHitRateQueries } = await import("../../providers/aws/monitoringAlarms");
      const qs = cacheHitRateQueries(Array.from({ length: nodes }, (_, i) => `c-00${i + 1}`));
      expect(qs).toHaveLength(queries);
      expect(qs.filter((q) => q.returnData === true)).toEqual([
        expect.objectContaining({ expression }),
      ]);
    },
  );

  it.each([
    ["api.example.com", "app.example.com"],
    ["entmoot.example.org", "app.entmoot.example.org"],
  ])("frontendDomain(%s) = %s", async (api, expected) => {
    const { frontendDomain } = await import("../../providers/aws/frontend");
    expect(frontendDomain(api)).toBe(expected);
  });
});
