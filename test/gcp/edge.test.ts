import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, test } from "vitest";
import type { EntmootConfig } from "../../src/config";
import type { RecordedResource } from "../../src/plan/harness";
import { runWithMocks } from "../../src/plan/harness";
import { DESIGN_PLAIN_ENV, DESIGN_SECRET_ENV, TEST_PROJECT, testSpec } from "../support/spec";

const PROJECT = TEST_PROJECT;
const CONFIG = { "entmoot:region": "us-central1", "entmoot:gcpProject": PROJECT };
const SECRETS = {
  DATABASE_PASSWORD: "projects/p/secrets/db",
  REDIS_PASSWORD: "projects/p/secrets/redis",
  SENTRY_DSN: "projects/p/secrets/sentry",
  SMTP_PASSWORD: "projects/p/secrets/smtp-password",
};
/** Pinned versions for what the platform writes; `latest` for what the operator fills. */
const VERSIONS: Record<keyof typeof SECRETS, string> = {
  DATABASE_PASSWORD: "3",
  REDIS_PASSWORD: "7",
  SENTRY_DSN: "1",
  SMTP_PASSWORD: "latest",
};
const CONNECTIONS = {
  databaseHost: pulumi.output("10.20.0.3"),
  databasePort: 5432,
  databaseName: "entmoot",
  databaseUser: "entmoot",
  databaseReadHosts: pulumi.output(["10.20.0.4"]),
  cacheHost: pulumi.output("10.30.0.5"),
  cachePort: 6378,
  bucketName: pulumi.output("entmoot-data"),
  databaseSslMode: "verify-ca" as const,
  frontendOrigin: "https://api.example.com",
};
const DESIGN_ENV = [...DESIGN_PLAIN_ENV, ...DESIGN_SECRET_ENV];
const REQUEST_COUNT_METRIC = "loadbalancing.googleapis.com/https/request_count";

type Overrides = Partial<EntmootConfig>;

/** Builds the four edge components the way providers/gcp/platform.ts wires them. */
async function plan(
  environment: "production" | "staging",
  tier: "small" | "medium",
  overrides: Overrides = {},
  image?: string,
) {
  const { createGcpContext } = await import("../../providers/gcp/context");
  const { GcpCompute } = await import("../../providers/gcp/compute");
  const { GcpFrontend } = await import("../../providers/gcp/frontend");
  const { GcpLoadBalancer } = await import("../../providers/gcp/loadBalancer");
  const { GcpMonitoring } = await import("../../providers/gcp/monitoring");
  const spec = testSpec("gcp", environment, tier, overrides);
  return runWithMocks(
    async () => {
      const context = createGcpContext(spec);
      const base = { environment, region: spec.region, tags: spec.tags, protect: spec.protect };
      const compute = new GcpCompute("api", {
        ...base,
        context,
        spec: spec.compute,
        app: spec.app,
        image: pulumi.output(image),
        connections: CONNECTIONS,
        network: "projects/p/global/networks/net",
        subnetwork: "projects/p/regions/us-central1/subnetworks/app",
        secrets: Object.entries(SECRETS).map(([name, secretId]) => ({
          name,
          secretId: pulumi.output(secretId),
          version: VERSIONS[name as keyof typeof SECRETS],
        })),
        extraEnv: { DATABASE_CA_CERT: "db-ca", REDIS_CA_CERT: "redis-ca" },
        bucketName: pulumi.output("entmoot-data"),
      });
      const frontend = new GcpFrontend("web", {
        ...base,
        context,
        spec: spec.frontend,
        domain: spec.domain,
      });
      const lb = new GcpLoadBalancer("edge", {
        ...base,
        context,
        spec: spec.loadBalancer,
        domain: spec.domain,
        dnsZone: spec.dnsZone,
        certificate: spec.certificate,
        cloudRunServiceName: compute.serviceName,
        frontendBackendBucket: frontend.backendBucketSelfLink,
      });
      const ops = new GcpMonitoring("ops", {
        ...base,
        context,
        spec: spec.monitoring,
        healthCheckUrl: pulumi.interpolate`${lb.apiUrl}/health`,
        cloudRunServiceName: compute.serviceName,
        backendServiceName: lb.backendService.name,
        databaseInstanceNames: [pulumi.output("db-primary"), pulumi.output("db-replica-0")],
        redisInstanceId: pulumi.output(`projects/${PROJECT}/locations/us-central1/instances/cache`),
        maxInstances: spec.compute.maxInstances,
      });
      const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
      return {
        registryUrl: await value(compute.registryUrl),
        migrateCommand: await value(compute.migrateCommand),
        image: await value(compute.image),
        address: await value(lb.address),
        apiUrl: await value(lb.apiUrl),
        frontendUrl: await value(frontend.url),
        dashboardUrl: await value(ops.dashboardUrl),
        alertTopic: await value(ops.alertTopic),
      };
    },
    { stack: environment, config: CONFIG },
  );
}

const ofType = (rs: readonly RecordedResource[], t: string) => rs.filter((r) => r.type === t);
const one = (rs: readonly RecordedResource[], t: string) => {
  const found = ofType(rs, t);
  expect(found, t).toHaveLength(1);
  return found[0]!;
};

type Any = any;

describe("GCP edge tier", () => {
  let prod: Awaited<ReturnType<typeof plan>>;
  let staging: Awaited<ReturnType<typeof plan>>;
  beforeAll(async () => {
    prod = await plan("production", "medium");
    staging = await plan("staging", "small");
  });
  const run = (rs: readonly RecordedResource[]) =>
    one(rs, "gcp:cloudrunv2/service:Service").inputs as Any;
  const container = (rs: readonly RecordedResource[]) => run(rs).template.containers[0];

  describe("GcpCompute", () => {
    it("takes traffic from the load balancer only, without an allUsers invoker", () => {
      expect(run(prod.resources).ingress).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
      expect(run(prod.resources).invokerIamDisabled).toBe(true);
      expect(
        prod.resources.some(
          (r) => r.inputs.member === "allUsers" && r.type.startsWith("gcp:cloudrunv2"),
        ),
      ).toBe(false);
      expect(run(prod.resources).deletionProtection).toBe(true);
      expect(run(staging.resources).deletionProtection).toBe(false);
    });

    it("scales within the tier's bounds", () => {
      expect(run(prod.resources).template.scaling).toMatchObject({
        minInstanceCount: 3,
        maxInstanceCount: 5,
      });
      expect(run(staging.resources).template.scaling).toMatchObject({
        minInstanceCount: 1,
        maxInstanceCount: 2,
      });
      expect(container(prod.resources).resources.limits).toEqual({ cpu: "1", memory: "2Gi" });
      expect(container(staging.resources).resources.limits).toEqual({ cpu: "1", memory: "1Gi" });
    });

    it("pins the secrets the platform writes, so a rotation rolls a revision; operator secrets at latest", () => {
      const envs = container(prod.resources).envs as Any[];
      for (const [secretEnv, id] of Object.entries(SECRETS)) {
        const entry = envs.find((e) => e.name === secretEnv);
        expect(entry, secretEnv).toBeDefined();
        expect(entry.value).toBeUndefined();
        expect(entry.valueSource.secretKeyRef).toEqual({
          secret: id,
          version: VERSIONS[secretEnv as keyof typeof SECRETS],
        });
      }
      expect(envs.filter((e) => e.valueSource !== undefined)).toHaveLength(4);
    });

    it("sets every environment variable of the design", () => {
      const names = (container(prod.resources).envs as Any[]).map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(DESIGN_ENV));
      expect(new Set(names).size).toBe(names.length);
      const plain = Object.fromEntries(
        (container(staging.resources).envs as Any[]).map((e) => [e.name, e.value]),
      );
      expect(plain).toMatchObject({
        CLOUD_PROVIDER: "gcp",
        STORAGE_PROVIDER: "gcs",
        RATE_LIMIT_ENABLED: "false",
        REDIS_PORT: "6378",
      });
    });

    it("allows 180-240 s to start: Direct VPC egress can take a minute, Cloud Run caps the window at 240 s", () => {
      for (const rs of [prod.resources, staging.resources]) {
        const probe = container(rs).startupProbe;
        expect(probe.httpGet).toEqual({ path: "/health", port: 8000 });
        const window = probe.periodSeconds * probe.failureThreshold;
        expect(window).toBeGreaterThanOrEqual(180);
        expect(window).toBeLessThanOrEqual(240);
        expect(probe.timeoutSeconds).toBeLessThan(probe.periodSeconds);
      }
    });

    it("sets no liveness probe: Cloud Run takes HTTP or gRPC liveness probes only (TCP is for startup probes), and one on the health path would restart every instance when the database blips", () => {
      for (const rs of [prod.resources, staging.resources]) {
        const c = container(rs);
        expect(c.ports.containerPort).toBe(8000);
        expect(c.livenessProbe).toBeUndefined();
        expect(c.startupProbe.httpGet).toBeDefined();
        const job = one(rs, "gcp:cloudrunv2/job:Job").inputs as Any;
        const migrate = job.template.template.containers[0];
        expect(migrate.livenessProbe).toBeUndefined();
        expect(migrate.startupProbe).toBeUndefined();
      }
    });

    it("disables the run.app URL so the load balancer (Cloud Armor, rate limit, logs) is the only way in", () => {
      expect(run(prod.resources).defaultUriDisabled).toBe(true);
      expect(run(staging.resources).defaultUriDisabled).toBe(true);
    });

    it("runs as a dedicated service account with least privilege", () => {
      const sa = one(prod.resources, "gcp:serviceaccount/account:Account");
      const email = `${sa.inputs.accountId}@${PROJECT}.iam.gserviceaccount.com`;
      expect(run(prod.resources).template.serviceAccount).toBe(email);
      expect(email).not.toMatch(/compute@developer|appspot/);
      const member = `serviceAccount:${email}`;

      const accessors = ofType(prod.resources, "gcp:secretmanager/secretIamMember:SecretIamMember");
      expect(accessors.map((a) => a.inputs.secretId).sort()).toEqual(Object.values(SECRETS).sort());
      expect(
        accessors.every(
          (a) =>
            a.inputs.role === "roles/secretmanager.secretAccessor" && a.inputs.member === member,
        ),
      ).toBe(true);

      const projectRoles = ofType(prod.resources, "gcp:projects/iAMMember:IAMMember").map(
        (r) => r.inputs.role,
      );
      expect(projectRoles.sort()).toEqual([
        "roles/cloudtrace.agent",
        "roles/logging.logWriter",
        "roles/monitoring.metricWriter",
      ]);

      const data = ofType(prod.resources, "gcp:storage/bucketIAMMember:BucketIAMMember").filter(
        (b) => b.inputs.member === member,
      );
      expect(data.map((b) => [b.inputs.bucket, b.inputs.role])).toEqual([
        ["entmoot-data", "roles/storage.objectUser"],
      ]);
    });

    it("sends all egress through the VPC (ALL_TRAFFIC): with PRIVATE_RANGES_ONLY internet calls would skip Cloud NAT's fixed addresses and the flow logs", () => {
      expect(run(prod.resources).template.vpcAccess).toEqual({
        networkInterfaces: [
          {
            network: "projects/p/global/networks/net",
            subnetwork: "projects/p/regions/us-central1/subnetworks/app",
          },
        ],
        egress: "ALL_TRAFFIC",
      });
      expect(run(prod.resources).template.executionEnvironment).toBe("EXECUTION_ENVIRONMENT_GEN2");
    });

    it("sends traffic to the latest revision and tags a candidate", () => {
      const traffics = run(prod.resources).traffics as Any[];
      expect(traffics).toContainEqual({
        type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST",
        percent: 100,
      });
      expect(traffics.some((t) => t.tag === "candidate")).toBe(true);
      expect(traffics.reduce((sum, t) => sum + (t.percent ?? 0), 0)).toBe(100);
    });

    it("keeps images in a scanned, pruned registry", () => {
      const repo = one(prod.resources, "gcp:artifactregistry/repository:Repository");
      expect(repo.inputs).toMatchObject({
        format: "DOCKER",
        location: "us-central1",
        cleanupPolicyDryRun: false,
      });
      expect((repo.inputs as Any).vulnerabilityScanningConfig.enablementConfig).toBe("INHERITED");
      const policies = (repo.inputs as Any).cleanupPolicies as Any[];
      expect(policies.some((p) => p.action === "KEEP" && p.mostRecentVersions.keepCount > 0)).toBe(
        true,
      );
      expect(
        policies.some((p) => p.action === "DELETE" && p.condition.tagState === "UNTAGGED"),
      ).toBe(true);
      expect(repo.protect).toBe(true);
      expect(one(staging.resources, "gcp:artifactregistry/repository:Repository").protect).toBe(
        false,
      );
      expect(prod.result.registryUrl).toBe(
        `us-central1-docker.pkg.dev/${PROJECT}/${repo.inputs.repositoryId}`,
      );
    });

    it("runs Google's public sample image until one is deployed: no push needed, it answers /health on $PORT", async () => {
      expect(container(prod.resources).image).toBe("us-docker.pkg.dev/cloudrun/container/hello");
      expect(prod.result.image).toBe("us-docker.pkg.dev/cloudrun/container/hello");
      const digest = `us-central1-docker.pkg.dev/${PROJECT}/api-images/api@sha256:${"a".repeat(64)}`;
      const deployed = await plan("staging", "small", {}, digest);
      expect(container(deployed.resources).image).toBe(digest);
      expect(deployed.result.image).toBe(digest);
      const job = one(deployed.resources, "gcp:cloudrunv2/job:Job").inputs as Any;
      expect(job.template.template.containers[0].image).toBe(digest);
    });

    it("runs migrations as a Cloud Run job with the API's image, env, secrets, network and identity", () => {
      const job = one(prod.resources, "gcp:cloudrunv2/job:Job");
      expect(job.name).toBe("api-migrate");
      const t = (job.inputs as Any).template;
      expect(t).toMatchObject({ taskCount: 1, parallelism: 1 });
      const api = run(prod.resources).template;
      expect(t.template.serviceAccount).toBe(api.serviceAccount);
      expect(t.template.vpcAccess).toEqual(api.vpcAccess);
      expect(t.template.maxRetries).toBe(0);
      const c = t.template.containers[0];
      expect([...c.commands, ...c.args]).toEqual(["alembic", "upgrade", "head"]);
      expect(c.image).toBe(container(prod.resources).image);
      expect(c.envs).toEqual(container(prod.resources).envs);
      expect((job.inputs as Any).deletionProtection).toBe(true);
      expect(prod.result.migrateCommand).toBe(
        "gcloud run jobs execute api-migrate --region us-central1 --project entmoot-prod-123 --wait",
      );
    });
  });

  describe("GcpLoadBalancer", () => {
    it("enforces TLS 1.2+ with AEAD ciphers only (RESTRICTED: MODERN still offers the ECDHE CBC-SHA suites at TLS 1.2) and a managed certificate", () => {
      const policy = one(prod.resources, "gcp:compute/sSLPolicy:SSLPolicy");
      expect(policy.inputs).toMatchObject({ profile: "RESTRICTED", minTlsVersion: "TLS_1_2" });
      const cert = one(prod.resources, "gcp:compute/managedSslCertificate:ManagedSslCertificate");
      expect((cert.inputs as Any).managed.domains).toEqual(["api.example.com"]);
      const proxy = one(prod.resources, "gcp:compute/targetHttpsProxy:TargetHttpsProxy")
        .inputs as Any;
      expect(proxy.sslPolicy).toMatch(/sSLPolicy|tls/);
      expect(proxy.sslCertificates).toHaveLength(1);
      expect(proxy.sslCertificates[0]).toMatch(/sslCertificates\/edge-cert$/);
    });

    it("redirects HTTP to HTTPS on the same address", () => {
      const maps = ofType(prod.resources, "gcp:compute/uRLMap:URLMap");
      const redirect = maps.find((m) => m.name === "edge-http")!.inputs as Any;
      expect(redirect.defaultUrlRedirect).toEqual({
        httpsRedirect: true,
        redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
        stripQuery: false,
      });
      expect(redirect.defaultService).toBeUndefined();
      const rules = ofType(prod.resources, "gcp:compute/globalForwardingRule:GlobalForwardingRule");
      expect(rules.map((r) => r.inputs.portRange).sort()).toEqual(["443", "80"]);
      expect(
        rules.every(
          (r) =>
            r.inputs.ipAddress === "34.120.0.10" &&
            r.inputs.loadBalancingScheme === "EXTERNAL_MANAGED",
        ),
      ).toBe(true);
      expect(one(prod.resources, "gcp:compute/globalAddress:GlobalAddress").protect).toBe(true);
      expect(prod.result).toMatchObject({
        address: "34.120.0.10",
        apiUrl: "https://api.example.com",
      });
    });

    it("filters with Cloud Armor: OWASP CRS and Log4Shell, rate limit in production only", () => {
      const armor = (rs: readonly RecordedResource[]) =>
        one(rs, "gcp:compute/securityPolicy:SecurityPolicy").inputs as Any;
      const expressions = (armor(prod.resources).rules as Any[]).map(
        (r) => r.match.expr?.expression ?? "",
      );
      for (const set of [
        "sqli",
        "xss",
        "lfi",
        "rfi",
        "rce",
        "scannerdetection",
        "protocolattack",
        "sessionfixation",
      ]) {
        expect(
          expressions.some((e) => e.includes(`'${set}-v33-stable'`)),
          set,
        ).toBe(true);
      }
      const log4j = (armor(prod.resources).rules as Any[]).find(
        (r) => r.match.expr?.expression === "evaluatePreconfiguredExpr('cve-canary')",
      );
      expect(log4j).toMatchObject({ action: "deny(403)", preview: false });

      const rate = (rs: readonly RecordedResource[]) =>
        (armor(rs).rules as Any[]).find((r) => r.rateLimitOptions !== undefined);
      expect(rate(prod.resources)).toMatchObject({
        action: "rate_based_ban",
        rateLimitOptions: {
          conformAction: "allow",
          exceedAction: "deny(429)",
          enforceOnKey: "IP",
          rateLimitThreshold: { count: 2000, intervalSec: 300 },
        },
      });
      expect(rate(staging.resources)).toBeUndefined();
      const defaults = (armor(prod.resources).rules as Any[]).filter(
        (r) => r.priority === 2147483647,
      );
      expect(defaults).toEqual([expect.objectContaining({ action: "allow" })]);
      expect(armor(prod.resources).adaptiveProtectionConfig.layer7DdosDefenseConfig.enable).toBe(
        true,
      );
      expect(armor(prod.resources).advancedOptionsConfig.logLevel).toBe("NORMAL");
      expect(armor(staging.resources).advancedOptionsConfig.logLevel).toBe("VERBOSE");
    });

    it("logs every API request through a serverless NEG behind the WAF", () => {
      const backend = one(prod.resources, "gcp:compute/backendService:BackendService")
        .inputs as Any;
      expect(backend).toMatchObject({
        loadBalancingScheme: "EXTERNAL_MANAGED",
        protocol: "HTTPS",
        logConfig: { enable: true, sampleRate: 1 },
      });
      expect(backend.securityPolicy).toMatch(/securityPolicies\/edge-armor$/);
      const neg = one(
        prod.resources,
        "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
      ).inputs as Any;
      expect(neg).toMatchObject({
        networkEndpointType: "SERVERLESS",
        region: "us-central1",
        cloudRun: { service: run(prod.resources).name ?? "api" },
      });
    });

    it("routes the API's paths to Cloud Run and the rest to the frontend on one host", () => {
      const map = ofType(prod.resources, "gcp:compute/uRLMap:URLMap").find(
        (m) => m.name === "edge-https",
      )!.inputs as Any;
      expect(map.hostRules).toEqual([{ hosts: ["api.example.com"], pathMatcher: "entmoot" }]);
      const matcher = map.pathMatchers[0];
      expect(matcher.defaultService).toMatch(/backendBuckets\/web$/);
      expect(matcher.pathRules[0].paths).toEqual(
        expect.arrayContaining(["/api/*", "/health", "/docs", "/openapi.json"]),
      );
      expect(matcher.pathRules[0].service).toMatch(/backendServices\/edge-api$/);
      expect(map.defaultUrlRedirect).toMatchObject({
        hostRedirect: "api.example.com",
        httpsRedirect: true,
      });
    });
  });

  describe("GcpFrontend", () => {
    it("serves the build through Cloud CDN from a versioned bucket, with no legacy usage logs", () => {
      const site = ofType(prod.resources, "gcp:storage/bucket:Bucket").find(
        (b) => b.name === "web",
      )!;
      expect(site.inputs).toMatchObject({
        uniformBucketLevelAccess: true,
        versioning: { enabled: true },
        website: { mainPageSuffix: "index.html", notFoundPage: "index.html" },
      });
      // Usage logs need a grant to cloud-storage-analytics@google.com, which domain-restricted
      // sharing refuses; the load balancer logs every request to a backend bucket instead.
      expect((site.inputs as Any).logging).toBeUndefined();
      expect(
        prod.resources.filter((r) => String(r.inputs.member).includes("cloud-storage-analytics")),
      ).toEqual([]);
      const logs = ofType(prod.resources, "gcp:storage/bucket:Bucket").find(
        (b) => b.name === "web-logs",
      )!;
      expect(logs.inputs.publicAccessPrevention).toBe("enforced");
      const cdn = one(prod.resources, "gcp:compute/backendBucket:BackendBucket").inputs as Any;
      expect(cdn).toMatchObject({
        enableCdn: true,
        cdnPolicy: { cacheMode: "CACHE_ALL_STATIC", negativeCaching: true },
      });
      expect(cdn.cdnPolicy.serveWhileStale).toBeGreaterThan(0);
      expect(prod.result.frontendUrl).toBe("https://api.example.com/");
    });

    it("grants the public objects.get on the frontend bucket and nothing else: legacyObjectReader, since objectViewer would let anyone list the bucket and its old versions", () => {
      const publicGrants = prod.resources.filter(
        (r) => r.inputs.member === "allUsers" || r.inputs.member === "allAuthenticatedUsers",
      );
      expect(publicGrants.map((g) => [g.type, g.name, g.inputs.role])).toEqual([
        [
          "gcp:storage/bucketIAMMember:BucketIAMMember",
          "web-public-read",
          "roles/storage.legacyObjectReader",
        ],
      ]);
    });
  });

  describe("GcpMonitoring", () => {
    const policies = (rs: readonly RecordedResource[]) =>
      ofType(rs, "gcp:monitoring/alertPolicy:AlertPolicy");
    const threshold = (rs: readonly RecordedResource[], key: string) =>
      (policies(rs).find((p) => p.name === `ops-${key}`)?.inputs as Any)?.conditions[0]
        .conditionThreshold;

    it("mails every address and notifies all channels from every policy", () => {
      const channels = ofType(
        prod.resources,
        "gcp:monitoring/notificationChannel:NotificationChannel",
      );
      expect(channels.map((c) => [c.inputs.type, (c.inputs as Any).labels.email_address])).toEqual([
        ["email", "ops@example.com"],
        ["email", "oncall@example.com"],
      ]);
      const names = channels.map((c) => `projects/${PROJECT}/notificationChannels/${c.name}`);
      expect(prod.result.alertTopic).toBe(names.join(","));
      for (const p of policies(prod.resources)) {
        expect(p.inputs, p.name).toMatchObject({
          // The hit rate needs both a low ratio and traffic; every other policy any condition.
          combiner: p.name === "ops-cache-hit-rate" ? "AND" : "OR",
          notificationChannels: names,
          alertStrategy: { autoClose: "1800s" },
        });
        expect((p.inputs as Any).documentation.content).toContain("docs/operations.md#");
      }
    });

    it("alerts at the service targets", () => {
      expect(threshold(prod.resources, "api-latency")).toMatchObject({
        thresholdValue: 500,
        comparison: "COMPARISON_GT",
      });
      expect(threshold(prod.resources, "api-errors").filter).toContain(REQUEST_COUNT_METRIC);
      const errors = threshold(prod.resources, "api-errors");
      expect(errors.thresholdValue).toBeCloseTo(0.001, 9);
      expect(errors.filter).toContain("response_code_class=500");
      expect(errors.denominatorFilter).toContain('backend_target_name="edge-api"');
      expect(threshold(prod.resources, "db-latency")).toMatchObject({ thresholdValue: 100_000 });
      expect(threshold(prod.resources, "cache-hit-rate")).toMatchObject({
        thresholdValue: 0.8,
        comparison: "COMPARISON_LT",
      });
      expect(threshold(prod.resources, "db-cpu")).toMatchObject({ thresholdValue: 0.8 });
      expect(threshold(prod.resources, "db-cpu").filter).toContain(
        `one_of("${PROJECT}:db-primary","${PROJECT}:db-replica-0")`,
      );
      expect(threshold(prod.resources, "db-replica-lag").filter).toContain(
        `one_of("${PROJECT}:db-replica-0")`,
      );
      expect(threshold(prod.resources, "cache-memory")).toMatchObject({
        thresholdValue: 0.8,
        comparison: "COMPARISON_GT",
      });
      expect(threshold(prod.resources, "api-saturated").thresholdValue).toBeCloseTo(4.5);
    });

    it("measures the p95 on backend_latencies: total_latencies includes the client's network", () => {
      const latency = threshold(prod.resources, "api-latency");
      expect(latency.filter).toContain(
        'metric.type="loadbalancing.googleapis.com/https/backend_latencies"',
      );
      expect(latency.filter).not.toContain("total_latencies");
      const dash = one(prod.resources, "gcp:monitoring/dashboard:Dashboard").inputs.dashboardJson;
      expect(dash).toContain("https/backend_latencies");
      expect(dash).not.toContain("total_latencies");
    });

    it("checks /health over verified TLS and alerts when it fails", () => {
      const check = one(prod.resources, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig")
        .inputs as Any;
      expect(check.monitoredResource).toEqual({
        type: "uptime_url",
        labels: { project_id: PROJECT, host: "api.example.com" },
      });
      expect(check.httpCheck).toMatchObject({
        path: "/health",
        port: 443,
        useSsl: true,
        validateSsl: true,
      });
      expect(check.period).toBe("60s");
      expect(threshold(prod.resources, "availability").filter).toContain(
        'check_id="ops-health-check"',
      );
    });

    it("holds a 99.95% request-based SLO with burn-rate alerts", () => {
      const slo = one(prod.resources, "gcp:monitoring/slo:Slo").inputs as Any;
      expect(slo.goal).toBeCloseTo(0.9995, 9);
      expect(slo.rollingPeriodDays).toBe(30);
      expect(slo.requestBasedSli.goodTotalRatio.badServiceFilter).toContain(
        "response_code_class=500",
      );
      const burn = (policies(prod.resources).find((p) => p.name === "ops-slo-burn")!.inputs as Any)
        .conditions as Any[];
      const sloName = `projects/${PROJECT}/services/${slo.service}/serviceLevelObjectives/${slo.sloId}`;
      expect(
        burn.map((c) => [c.conditionThreshold.filter, c.conditionThreshold.thresholdValue]),
      ).toEqual([
        [`select_slo_burn_rate("${sloName}", "3600s")`, 14.4],
        [`select_slo_burn_rate("${sloName}", "21600s")`, 6],
      ]);
    });

    it("draws a dashboard of the API, database and cache", () => {
      const dash = JSON.parse(
        one(prod.resources, "gcp:monitoring/dashboard:Dashboard").inputs.dashboardJson as string,
      );
      const titles = (dash.mosaicLayout.tiles as Any[]).map((t) => t.widget.title).join("|");
      for (const word of ["latency", "requests", "5xx", "instances", "Database", "Redis"])
        expect(titles).toContain(word);
      expect(prod.result.dashboardUrl).toBe(
        `https://console.cloud.google.com/monitoring/dashboards/custom/ops-dashboard-id?project=${PROJECT}`,
      );
    });
  });

  it("builds every child under its component with the explicit provider", () => {
    for (const r of prod.resources.filter(
      (x) => x.custom && !x.type.startsWith("pulumi:providers:"),
    )) {
      expect(r.provider, r.name).toMatch(/pulumi:providers:gcp::entmoot-production-gcp::/);
      expect(r.parent, r.name).toMatch(/entmoot:(compute|frontend|loadBalancer|monitoring):Gcp/);
    }
  });

  it("creates no frontend when it is disabled", async () => {
    const off = await plan("staging", "small", { frontend: false });
    expect(ofType(off.resources, "gcp:compute/backendBucket:BackendBucket")).toHaveLength(0);
    expect(ofType(off.resources, "gcp:storage/bucket:Bucket")).toHaveLength(0);
    expect(off.result.frontendUrl).toBe("");
    const map = ofType(off.resources, "gcp:compute/uRLMap:URLMap").find(
      (m) => m.name === "edge-https",
    )!.inputs as Any;
    expect(map.pathMatchers[0].defaultService).toMatch(/backendServices\/edge-api$/);
    expect(map.pathMatchers[0].pathRules).toBeUndefined();
  });

  describe("refuses impossible arguments before registering anything", async () => {
    const { GcpCompute } = await import("../../providers/gcp/compute");
    const { GcpLoadBalancer } = await import("../../providers/gcp/loadBalancer");
    const { GcpMonitoring } = await import("../../providers/gcp/monitoring");
    const spec = testSpec("gcp", "staging", "small", { drRegion: undefined, alertEmails: [] });
    // Validation runs before the provider is touched, so no stack or provider is needed.
    const context = { spec, project: PROJECT, provider: undefined as never };
    const base = {
      environment: "staging" as const,
      region: spec.region,
      tags: spec.tags,
      protect: false,
    };
    const id = pulumi.output("x");

    it("an API with no minimum instance", () => {
      expect(
        () =>
          new GcpCompute("api", {
            ...base,
            context,
            spec: { ...spec.compute, minInstances: 0 },
            app: spec.app,
            image: pulumi.output(undefined),
            connections: CONNECTIONS,
            network: "n",
            subnetwork: "s",
            secrets: [],
            bucketName: id,
          }),
      ).toThrow("GcpCompute api: need 1 <= minInstances <= maxInstances (got 0-2)");
    });

    it("a wildcard domain on the load balancer", () => {
      expect(
        () =>
          new GcpLoadBalancer("edge", {
            ...base,
            context,
            spec: spec.loadBalancer,
            domain: "*.example.com",
            cloudRunServiceName: id,
          }),
      ).toThrow('GcpLoadBalancer edge: domain must be a plain host name (got "*.example.com")');
    });

    it("monitoring without a database or with a plain-HTTP health check", () => {
      const args = {
        ...base,
        context,
        spec: spec.monitoring,
        healthCheckUrl: "https://api.example.com/health",
        cloudRunServiceName: id,
        backendServiceName: id,
        databaseInstanceNames: [id],
        redisInstanceId: id,
        maxInstances: 2,
      };
      expect(() => new GcpMonitoring("ops", { ...args, databaseInstanceNames: [] })).toThrow(
        "databaseInstanceNames needs at least the primary",
      );
      expect(
        () =>
          new GcpMonitoring("ops", { ...args, healthCheckUrl: "http://api.example.com/health" }),
      ).toThrow("healthCheckUrl must be https");
    });
  });
});

describe("edge helpers", async () => {
  const { cloudRunLimits, gcpId } = await import("../../providers/gcp/edgeSizing");
  const { trafficTargets } = await import("../../providers/gcp/compute");
  const { armorRules } = await import("../../providers/gcp/armor");

  test.each([
    [0.5, 1, { cpu: "1", memory: "1Gi" }],
    [1, 2, { cpu: "1", memory: "2Gi" }],
    [2, 4, { cpu: "2", memory: "4Gi" }],
    [1, 6, { cpu: "2", memory: "6Gi" }],
    [4, 1, { cpu: "4", memory: "2Gi" }],
  ])("cloudRunLimits(%s vCPU, %s GiB)", (vcpu, mem, expected) => {
    expect(cloudRunLimits(vcpu, mem)).toEqual(expected);
  });

  test.each([
    [0, 1],
    [16, 64],
    [1, 0],
  ])("cloudRunLimits refuses %s vCPU / %s GiB", (vcpu, mem) => {
    expect(() => cloudRunLimits(vcpu, mem)).toThrow();
  });

  test.each([
    ["api-run", 30, 6, "api-run"],
    ["Entmoot_Production-API-run-identity-long-name", 30, 6, "entmoot-production-api-run-ide"],
    ["1st", 30, 6, "e-1st-entmoot"],
    ["a-", 63, 1, "a"],
  ])("gcpId(%s)", (name, max, min, expected) => {
    const id = gcpId(name, max, min);
    expect(id).toBe(expected);
    expect(id).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/);
  });

  it("moves all traffic to a pinned revision while the candidate waits", () => {
    expect(trafficTargets("api-00007-xyz")).toEqual([
      {
        type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
        revision: "api-00007-xyz",
        percent: 100,
        tag: "stable",
      },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 0, tag: "candidate" },
    ]);
  });

  it("orders WAF rules before the rate limit and the default last", () => {
    const spec = {
      rateLimitEnabled: true,
      rateLimitPerFiveMinutes: 100,
      minTlsVersion: "1.2",
      accessLogRetentionDays: 30,
      deletionProtection: false,
    } as const;
    const rules = armorRules(spec);
    const priorities = rules.map((r) => r.priority as number);
    expect([...priorities].sort((a, b) => a - b)).toEqual(priorities);
    expect(new Set(priorities).size).toBe(priorities.length);
    const rate = rules.findIndex((r) => r.action === "rate_based_ban");
    expect(rules.slice(0, rate).every((r) => r.action === "deny(403)")).toBe(true);
    expect(rules.at(-1)?.priority).toBe(2147483647);
    expect(
      armorRules({ ...spec, rateLimitEnabled: false }).some(
        (r) => r.rateLimitOptions !== undefined,
      ),
    ).toBe(false);
  });
});
