import { beforeAll, describe, expect, it } from "vitest";
import { migrateCommandLine } from "../../providers/azure/apiSettings";
import { CLOUD_ONLY_ENV } from "../../providers/azure/appEnv";
import { drCidr, drDatabaseRange } from "../../providers/azure/dr";
import { recordNames } from "../../providers/azure/edge";
import { API_PATHS } from "../../src/apiPaths";
import { DR_REPLICA_LAG_SECONDS } from "../../providers/azure/monitoring";
import { nameProblem } from "../../providers/azure/names";
import { GRANT_PROPAGATION_SECONDS } from "../../providers/azure/propagation";
import { resourceProviderOf } from "../../providers/azure/regions";
import {
  deployedImage,
  PLACEHOLDER_IMAGE,
  placeholderCommand,
} from "../../providers/azure/placeholder";
import { appServiceSku, ZONE_REDUNDANT_MIN_INSTANCES } from "../../providers/azure/skus";
import { wafPolicyName } from "../../providers/azure/waf";
import { API_SECRET_ENV, OPERATOR_SECRET_ENV } from "../../src/appEnvironment";
import { OUTPUT_NAMES } from "../../src/platform";
import { planAzure, type AzurePlan } from "./platform";
import { named, ofType, one } from "./support";

const T = {
  plan: "azure-native:web:AppServicePlan",
  app: "azure-native:web:WebApp",
  slot: "azure-native:web:WebAppSlot",
  autoscale: "azure-native:monitor:AutoscaleSetting",
  acr: "azure-native:containerregistry:Registry",
  acrReplica: "azure-native:containerregistry:Replication",
  env: "azure-native:app:ManagedEnvironment",
  job: "azure-native:app:Job",
  profile: "azure-native:cdn:Profile",
  endpoint: "azure-native:cdn:AFDEndpoint",
  origin: "azure-native:cdn:AFDOrigin",
  route: "azure-native:cdn:Route",
  domain: "azure-native:cdn:AFDCustomDomain",
  waf: "azure-native:frontdoor:Policy",
  security: "azure-native:cdn:SecurityPolicy",
  record: "azure-native:dns:RecordSet",
  approval: "pulumi-nodejs:dynamic:Resource",
  diag: "azure-native:monitor:DiagnosticSetting",
  metricAlert: "azure-native:monitor:MetricAlert",
  logAlert: "azure-native:monitor:ScheduledQueryRule",
  group: "azure-native:monitor:ActionGroup",
  workspace: "azure-native:operationalinsights:Workspace",
  webTest: "azure-native:applicationinsights:WebTest",
  pg: "azure-native:dbforpostgresql:Server",
  pgConfig: "azure-native:dbforpostgresql:Configuration",
  account: "azure-native:storage:StorageAccount",
  replication: "azure-native:storage:ObjectReplicationPolicy",
} as const;

const settingsOf = (r: { inputs: any }) =>
  Object.fromEntries(
    (r.inputs.siteConfig.appSettings as { name: string; value: string }[]).map((s) => [
      s.name,
      s.value,
    ]),
  );

describe("Azure platform", () => {
  let prod: AzurePlan;
  let staging: AzurePlan;
  beforeAll(async () => {
    prod = await planAzure("production", "medium", { sentry: true });
    staging = await planAzure("staging", "small");
  });

  describe("outputs", () => {
    it("returns every stack output, none empty, and no secret value", () => {
      for (const run of [prod, staging]) {
        expect(Object.keys(run.result).sort()).toEqual([...OUTPUT_NAMES].sort());
        for (const name of OUTPUT_NAMES) expect(run.result[name], name).not.toEqual("");
      }
      expect(prod.result.imageRepository).toMatch(
        /^entmootprdacr[a-z0-9]{6}\.azurecr\.io\/entmoot\/api$/,
      );
      expect(prod.result.apiService).toBe(one(prod, T.app).inputs.name);
      expect(prod.result.databaseSecretRef).toMatch(/\/secrets\/database-password$/);
      expect(prod.result.frontendBucket).toMatch(/\.blob\.core\.windows\.net\/\$web$/);
      expect(prod.result.alertTopic).toBe("entmoot-production-monitoring-alerts-id");
      expect(JSON.stringify(prod.result)).not.toMatch(/mock-x{8}|mock-primary-key/);
    });

    it("every azure-native type of the full plan (production and staging) deploys through a namespace the guide registers: azure-native registers no resource provider", () => {
      for (const run of [prod, staging]) {
        const types = new Set(
          run.resources.filter((r) => r.type.startsWith("azure-native:")).map((r) => r.type),
        );
        for (const type of types) expect(resourceProviderOf(type), type).toMatch(/^Microsoft\./);
      }
      expect(resourceProviderOf(T.waf)).toBe("Microsoft.Network");
    });

    it("staging is visibly smaller", () => {
      expect(staging.resources.length).toBeLessThan(prod.resources.length);
    });
  });

  describe("compute", () => {
    it("maps the tier to Premium v3 and the zone-redundant minimum Azure asks for now (2)", () => {
      expect(appServiceSku(0.5, 1)).toBe("P0v3");
      expect(appServiceSku(2, 4)).toBe("P1v3");
      expect(ZONE_REDUNDANT_MIN_INSTANCES).toBe(2);
      const plan = one(prod, T.plan).inputs;
      expect(plan).toMatchObject({ kind: "linux", reserved: true, zoneRedundant: true });
      expect(plan.sku).toMatchObject({ name: "P0v3", tier: "PremiumV3", capacity: 3 });
      expect(one(staging, T.plan).inputs.zoneRedundant).toBe(false);
      expect(one(prod, T.plan).ignoreChanges).toEqual(["sku.capacity"]);
    });

    it("runs HTTPS only with TLS 1.2, FTP off, always on, the health check, no public access, all outbound through the VNet", () => {
      const app = one(prod, T.app).inputs;
      expect(app).toMatchObject({
        httpsOnly: true,
        publicNetworkAccess: "Disabled",
        virtualNetworkSubnetId: "entmoot-production-network-app-id",
        outboundVnetRouting: { allTraffic: true, imagePullTraffic: true },
      });
      expect(app.siteConfig).toMatchObject({
        ftpsState: "Disabled",
        minTlsVersion: "1.2",
        scmMinTlsVersion: "1.2",
        alwaysOn: true,
        healthCheckPath: "/health",
        vnetRouteAllEnabled: true,
      });
      for (const kind of ["ftp", "scm"]) {
        expect(named(prod, `entmoot-production-api-${kind}-basic-auth`).inputs.allow).toBe(false);
      }
    });

    it("web app names fit App Service's 2-60 characters (global *.azurewebsites.net names)", () => {
      for (const p of [prod, staging]) {
        expect(nameProblem("webApp", String(one(p, T.app).inputs.name))).toBeUndefined();
      }
    });

    it("gives secrets as Key Vault references: platform ones pinned to a version, operator ones versionless", () => {
      const settings = settingsOf(one(prod, T.app));
      for (const name of API_SECRET_ENV) {
        expect(settings[name], name).toMatch(
          /^@Microsoft\.KeyVault\(SecretUri=https:\/\/.+\/secrets\/[a-z-]+\/[0-9a-f]{32}\)$/,
        );
      }
      for (const name of OPERATOR_SECRET_ENV) {
        expect(settings[name], name).toMatch(
          /^@Microsoft\.KeyVault\(SecretUri=https:\/\/.+\/secrets\/[a-z-]+\)$/,
        );
      }
      expect(settings.WEBSITES_PORT).toBe("8000");
      for (const name of CLOUD_ONLY_ENV) expect(settings[name], name).toMatch(/-/);
      expect(JSON.stringify(one(prod, T.app).inputs)).not.toMatch(/mock-x{8}|mock-primary-key/);
    });

    it("uses the user-assigned identity for Key Vault references", () => {
      const app = one(prod, T.app).inputs;
      expect(app.identity.type).toBe("UserAssigned");
      expect(app.keyVaultReferenceIdentity).toBe("entmoot-production-base-api-identity-id");
      expect(app.siteConfig.keyVaultReferenceIdentity).toBe(app.keyVaultReferenceIdentity);
    });

    it("starts only after its AcrPull and Key Vault grants and the vault, cache, storage and registry DNS exist", () => {
      const deps = prod.dependsOn(one(prod, T.app).name);
      for (const d of [
        "entmoot-production-registry-pull",
        "entmoot-production-secrets-api-reader",
        "entmoot-production-secrets-vault-pe-dns",
        "entmoot-production-cache-pe-dns",
        "entmoot-production-storage-blob-pe-dns",
        "entmoot-production-registry-registry-pe-dns",
      ]) {
        expect(deps, d).toContain(d);
      }
    });

    it("has a staging slot that runs the app's image and startup command together, so a swap never pairs the placeholder's command with a real image", async () => {
      const slot = one(prod, T.slot);
      expect(slot.inputs.slot).toBe("staging");
      expect(slot.inputs.publicNetworkAccess).toBe("Disabled");
      expect(slot.ignoreChanges).toEqual([]);
      const image = `${String(prod.result.imageRepository)}@sha256:${"ab".repeat(32)}`;
      const deployed = await planAzure("staging", "small", { image });
      for (const run of [prod, deployed]) {
        const app = one(run, T.app).inputs.siteConfig;
        const slotConfig = one(run, T.slot).inputs.siteConfig;
        expect(slotConfig.linuxFxVersion).toBe(app.linuxFxVersion);
        expect(slotConfig.appCommandLine).toBe(app.appCommandLine);
      }
      expect(one(deployed, T.slot).inputs.siteConfig).toMatchObject({
        linuxFxVersion: `DOCKER|${image}`,
        appCommandLine: "",
      });
    });

    it("a swap warms the slot on /health and goes ahead only on a 200", () => {
      for (const r of [one(prod, T.app), one(prod, T.slot)]) {
        expect(settingsOf(r)).toMatchObject({
          WEBSITE_SWAP_WARMUP_PING_PATH: "/health",
          WEBSITE_SWAP_WARMUP_PING_STATUSES: "200",
        });
      }
    });

    it("turns FTP and SCM basic-auth publishing off on the staging slot too (slots have their own policies)", () => {
      for (const kind of ["ftp", "scm"]) {
        const policy = named(prod, `entmoot-production-api-staging-${kind}-basic-auth`);
        expect(policy.inputs).toMatchObject({ slot: "staging", allow: false });
        expect(prod.dependsOn(policy.name)).toContain("entmoot-production-api-staging");
      }
      expect(ofType(prod, "azure-native:web:WebAppFtpAllowedSlot")).toHaveLength(1);
      expect(ofType(prod, "azure-native:web:WebAppScmAllowedSlot")).toHaveLength(1);
    });

    it("autoscales between the tier's bounds on CPU and requests per instance", () => {
      const a = one(prod, T.autoscale).inputs;
      expect(a.profiles[0].capacity).toEqual({ minimum: "3", maximum: "5", default: "3" });
      const metrics = a.profiles[0].rules.map((r: any) => r.metricTrigger.metricName);
      expect(metrics).toEqual(["CpuPercentage", "Requests", "CpuPercentage", "Requests"]);
      expect(a.profiles[0].rules[1].metricTrigger.dividePerInstance).toBe(true);
    });
  });

  describe("first up without an image", () => {
    it("runs the public placeholder with a command that answers the health path", () => {
      const cfg = one(prod, T.app).inputs.siteConfig;
      expect(cfg.linuxFxVersion).toBe(`DOCKER|${PLACEHOLDER_IMAGE}`);
      expect(cfg.appCommandLine).toBe(placeholderCommand(8000, "/health"));
      expect(cfg.acrUseManagedIdentityCreds).toBe(false);
      expect(prod.result.apiImage).toBe(PLACEHOLDER_IMAGE);
    });

    it("the placeholder command has no double quote inside its script (App Service splits it shell-style)", () => {
      const cmd = placeholderCommand(8000, "/health");
      expect(cmd.startsWith('python -c "')).toBe(true);
      expect(cmd.slice('python -c "'.length, -1)).not.toContain('"');
      expect(cmd).toContain("8000");
    });

    it("reads the placeholder's own reference back as no image, so a second update changes nothing", async () => {
      const values: (string | undefined)[] = [];
      deployedImage(PLACEHOLDER_IMAGE).apply((v) => values.push(v));
      await new Promise((r) => setTimeout(r, 10));
      expect(values).toEqual([undefined]);
      const again = await planAzure("staging", "small", { image: PLACEHOLDER_IMAGE });
      const inputs = (p: AzurePlan) =>
        p.resources.map((r) => `${r.name} ${JSON.stringify(r.inputs)}`);
      expect(inputs(again)).toEqual(inputs(staging));
    });

    it("a deployed image is pulled from the registry with the identity, with no placeholder command", async () => {
      const image = `${String(prod.result.imageRepository)}@sha256:${"ab".repeat(32)}`;
      const run = await planAzure("staging", "small", { image });
      const cfg = one(run, T.app).inputs.siteConfig;
      expect(cfg).toMatchObject({
        linuxFxVersion: `DOCKER|${image}`,
        appCommandLine: "",
        acrUseManagedIdentityCreds: true,
      });
      expect(one(run, T.job).inputs.configuration.registries).toHaveLength(1);
      expect(run.result.apiImage).toBe(image);
    });
  });

  describe("registry", () => {
    it("is Premium with a private endpoint and a geo-replica in drRegion in production, Standard in staging", () => {
      expect(one(prod, T.acr).inputs).toMatchObject({
        sku: { name: "Premium" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        zoneRedundancy: "Enabled",
      });
      expect(one(prod, T.acrReplica).inputs.location).toBe("westus2");
      expect(one(staging, T.acr).inputs.sku).toEqual({ name: "Standard" });
      expect(ofType(staging, T.acrReplica)).toHaveLength(0);
      expect(one(prod, T.acr).protect).toBe(true);
    });

    it("creates the geo-replica before the private endpoint, so its DNS carries the replica's data endpoint", () => {
      expect(prod.dependsOn("entmoot-production-registry-registry-pe")).toContain(
        "entmoot-production-registry-replica",
      );
    });

    it("registry names fit ACR's 5-50 letters and digits", () => {
      for (const p of [prod, staging]) {
        expect(
          nameProblem("containerRegistry", String(one(p, T.acr).inputs.registryName)),
        ).toBeUndefined();
      }
    });
  });

  describe("migration job", () => {
    it("is created only after the identity's grants have had time to propagate: Container Apps checks its Key Vault references at creation", () => {
      const wait = named(prod, "entmoot-production-migration-grants-settled");
      expect(wait.type).toBe("pulumi-nodejs:dynamic:Resource");
      expect(wait.inputs.seconds).toBe(GRANT_PROPAGATION_SECONDS);
      expect(GRANT_PROPAGATION_SECONDS).toBeGreaterThanOrEqual(60);
      const grants = [
        "entmoot-production-secrets-api-reader",
        "entmoot-production-storage-api-data",
        "entmoot-production-registry-pull",
      ];
      for (const g of grants) expect(prod.dependsOn(wait.name), g).toContain(g);
      expect(wait.inputs.grantIds).toEqual(grants.map((g) => `${g}-id`));
      expect(prod.dependsOn("entmoot-production-migration-job")).toContain(wait.name);
    });

    it("runs in a workload-profiles environment on the delegated jobs subnet, internal", () => {
      const env = one(prod, T.env).inputs;
      expect(env.vnetConfiguration).toEqual({
        infrastructureSubnetId: "entmoot-production-network-jobs-id",
        internal: true,
      });
      expect(env.workloadProfiles).toEqual([
        { name: "Consumption", workloadProfileType: "Consumption" },
      ]);
      expect(env.zoneRedundant).toBe(true);
    });

    it("is `<api>-migrate`, manual, one replica, never retried, with secrets from Key Vault", () => {
      const job = one(prod, T.job).inputs;
      expect(job.jobName).toBe("entmoot-production-api-migrate");
      expect(job.configuration).toMatchObject({
        triggerType: "Manual",
        replicaRetryLimit: 0,
        manualTriggerConfig: { parallelism: 1, replicaCompletionCount: 1 },
      });
      for (const s of job.configuration.secrets) {
        expect(s.keyVaultUrl).toMatch(/^https:\/\/.+\.vault\.azure\.net\/secrets\//);
        expect(s.identity).toBe("entmoot-production-base-api-identity-id");
      }
      const env = job.template.containers[0].env as { name: string; secretRef?: string }[];
      expect(env.filter((e) => e.secretRef).map((e) => e.name)).toEqual(
        expect.arrayContaining([...API_SECRET_ENV]),
      );
    });

    it("job and environment names fit Container Apps' 2-32 lowercase characters", () => {
      for (const p of [prod, staging]) {
        expect(nameProblem("containerApp", String(one(p, T.job).inputs.jobName))).toBeUndefined();
        expect(
          nameProblem("containerApp", String(one(p, T.env).inputs.environmentName)),
        ).toBeUndefined();
      }
    });

    it("migrateCommand waits for the execution and fails unless it Succeeded", () => {
      const line = migrateCommandLine("job", "rg");
      expect(line).toMatch(/^e=\$\(az containerapp job start -n job -g rg --query name -o tsv\)/);
      expect(line).toContain('[ "$s" = Running ] || [ "$s" = Processing ]');
      expect(line.endsWith('[ "$s" = Succeeded ]')).toBe(true);
      expect(prod.result.migrateCommand).toContain("entmoot-production-api-migrate");
    });
  });

  describe("edge", () => {
    it("is Front Door Premium with a managed certificate, TLS 1.2 and HTTP redirected", () => {
      expect(one(prod, T.profile).inputs.sku).toEqual({ name: "Premium_AzureFrontDoor" });
      expect(one(prod, T.domain).inputs.tlsSettings).toMatchObject({
        certificateType: "ManagedCertificate",
        minimumTlsVersion: "TLS12",
      });
      for (const r of ofType(prod, T.route)) {
        expect(r.inputs).toMatchObject({
          httpsRedirect: "Enabled",
          forwardingProtocol: "HttpsOnly",
        });
      }
    });

    it("reaches the API over Private Link, probed on /health, approved before the route serves", () => {
      const origin = named(prod, "entmoot-production-edge-api-origin").inputs;
      expect(origin.sharedPrivateLinkResource).toMatchObject({
        privateLink: { id: "entmoot-production-api-id" },
        groupId: "sites",
        privateLinkLocation: "eastus",
      });
      const approval = named(prod, "entmoot-production-edge-api-approval");
      expect(approval.inputs.requestMessage).toBe(origin.sharedPrivateLinkResource.requestMessage);
      expect(prod.dependsOn(approval.name)).toContain("entmoot-production-edge-api-origin");
      expect(prod.dependsOn("entmoot-production-edge-api-route")).toContain(approval.name);
      const group = named(prod, "entmoot-production-edge-api").inputs;
      expect(group.healthProbeSettings).toMatchObject({
        probePath: "/health",
        probeProtocol: "Https",
      });
    });

    it("routes the API's paths to the app and everything else to the cached static website", () => {
      expect(named(prod, "entmoot-production-edge-api-route").inputs.patternsToMatch).toEqual(
        API_PATHS,
      );
      const frontend = named(prod, "entmoot-production-edge-frontend-route").inputs;
      expect(frontend.patternsToMatch).toEqual(["/*"]);
      expect(frontend.cacheConfiguration.compressionSettings.isCompressionEnabled).toBe(true);
    });

    it("WAF: DRS and bot manager in Prevention in both environments, the rate limit only in production", () => {
      for (const p of [prod, staging]) {
        const waf = one(p, T.waf).inputs;
        expect(waf.sku).toEqual({ name: "Premium_AzureFrontDoor" });
        expect(waf.policySettings.mode).toBe("Prevention");
        expect(waf.managedRules.managedRuleSets.map((r: any) => r.ruleSetType)).toEqual([
          "Microsoft_DefaultRuleSet",
          "Microsoft_BotManagerRuleSet",
        ]);
      }
      const [rule] = one(prod, T.waf).inputs.customRules.rules;
      expect(rule).toMatchObject({
        ruleType: "RateLimitRule",
        rateLimitDurationInMinutes: 5,
        rateLimitThreshold: prod.spec.loadBalancer.rateLimitPerFiveMinutes,
        groupBy: [{ variableName: "SocketAddr" }],
      });
      expect(one(staging, T.waf).inputs.customRules.rules).toEqual([]);
      const sec = one(prod, T.security).inputs.parameters;
      expect(sec.wafPolicy.id).toBe("entmoot-production-edge-waf-id");
      expect(sec.associations[0].domains).toHaveLength(2);
    });

    it("WAF policy names are letters and digits only, starting with a letter (Front Door refuses hyphens)", () => {
      expect(wafPolicyName("entmoot-production-edge")).toBe("entmootproductionedgewaf");
      expect(nameProblem("frontDoorWafPolicy", "entmoot-production")).toBeDefined();
      expect(
        nameProblem("frontDoorWafPolicy", String(one(prod, T.waf).inputs.policyName)),
      ).toBeUndefined();
    });

    it("endpoint names fit Front Door's 2-46 characters and get a hash suffix for global uniqueness", () => {
      const e = one(prod, T.endpoint).inputs;
      expect(nameProblem("frontDoorEndpoint", String(e.endpointName))).toBeUndefined();
      expect(e.autoGeneratedDomainNameLabelScope).toBe("TenantReuse");
    });

    it("with <rg>/<zone> writes the validation TXT and the CNAME into that zone", () => {
      const records = ofType(prod, T.record).map((r) => r.inputs);
      expect(records).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            recordType: "TXT",
            relativeRecordSetName: "_dnsauth.api",
            resourceGroupName: "dns-rg",
          }),
          expect.objectContaining({ recordType: "CNAME", relativeRecordSetName: "api" }),
        ]),
      );
      expect(recordNames("entmoot.example.com", "entmoot.example.com")).toEqual({
        host: "@",
        validation: "_dnsauth",
      });
    });

    it("with the zone name alone manages no record (validation is asynchronous: the first up completes)", async () => {
      const run = await planAzure("staging", "small", {
        overrides: { dnsZone: "entmoot.example.com" },
      });
      expect(ofType(run, T.record)).toHaveLength(0);
      expect(one(run, T.domain).inputs.azureDnsZone).toBeUndefined();
    });
  });

  describe("certificate from Key Vault", () => {
    const certificate =
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/certs/providers/Microsoft.KeyVault/vaults/entmoot-certs/secrets/api-example-com";

    it("Front Door reads entmoot:certificate as its own system identity, granted Key Vault Secrets User on that vault, the secret waiting for the grant to propagate", async () => {
      const run = await planAzure("staging", "small", { overrides: { certificate } });
      expect(one(run, T.profile).inputs.identity).toEqual({ type: "SystemAssigned" });
      const grant = named(run, "entmoot-staging-edge-certificate-reader").inputs;
      expect(grant.scope).toBe(certificate.slice(0, certificate.indexOf("/secrets/")));
      expect(grant.principalId).toMatch(/^[0-9a-f]{8}-/);
      expect(grant.roleDefinitionId).toMatch(/4633458b-17de-408a-b874-0445c86b69e6$/);
      const wait = named(run, "entmoot-staging-edge-certificate-grant-settled");
      expect(run.dependsOn(wait.name)).toContain("entmoot-staging-edge-certificate-reader");
      expect(run.dependsOn("entmoot-staging-edge-certificate")).toContain(wait.name);
      expect(named(run, "entmoot-staging-edge-certificate").inputs.parameters.secretSource).toEqual(
        { id: certificate },
      );
    });

    it("with Front Door's managed certificate the profile has no identity", () => {
      expect(one(staging, T.profile).inputs.identity).toBeUndefined();
    });
  });

  describe("monitoring", () => {
    it("keeps logs a year in production and a month in staging", () => {
      expect(one(prod, T.workspace).inputs.retentionInDays).toBe(365);
      expect(one(staging, T.workspace).inputs.retentionInDays).toBe(30);
    });

    it("sends every resource's logs and metrics to the workspace", () => {
      const uris = ofType(prod, T.diag).map((d) => d.inputs.resourceUri);
      for (const id of [
        "entmoot-production-database-id",
        "entmoot-production-cache-id",
        "entmoot-production-storage-account-id",
        "entmoot-production-secrets-vault-id",
        "entmoot-production-edge-profile-id",
        "entmoot-production-api-id",
        "entmoot-production-registry-id",
        "entmoot-production-migration-environment-id",
      ]) {
        expect(uris, id).toContain(id);
      }
      // Storage accounts and Managed Redis clusters have no log categories: allLogs is refused.
      const account = ofType(prod, T.diag).find(
        (d) => d.inputs.resourceUri === "entmoot-production-storage-account-id",
      )!;
      expect(account.inputs.logs).toEqual([]);
    });

    it("alerts on p95 latency, 5xx rate, PostgreSQL CPU, storage, failed connections and latency, Redis hit rate and load", () => {
      const metric = Object.fromEntries(
        ofType(prod, T.metricAlert)
          .filter((a) => a.inputs.criteria.allOf)
          .map((a) => [
            a.inputs.criteria.allOf[0].metricName,
            a.inputs.criteria.allOf[0].threshold,
          ]),
      );
      expect(metric).toMatchObject({
        Percentage5XX: 0.1,
        cpu_percent: 80,
        storage_percent: 85,
        connections_failed: 10,
        serverLoad: 80,
      });
      const logs = Object.fromEntries(
        ofType(prod, T.logAlert).map((a) => [
          a.inputs.criteria.allOf[0].metricMeasureColumn,
          a.inputs.criteria.allOf[0].threshold,
        ]),
      );
      expect(logs).toEqual({ p95_ms: 500, mean_ms: 100, hit_rate: 80 });
      for (const a of [...ofType(prod, T.metricAlert), ...ofType(prod, T.logAlert)]) {
        expect(JSON.stringify(a.inputs), a.name).toContain(
          "entmoot-production-monitoring-alerts-id",
        );
      }
    });

    it("log alerts skip query validation: their tables exist only once the first record arrives", () => {
      for (const a of ofType(prod, T.logAlert)) expect(a.inputs.skipQueryValidation).toBe(true);
    });

    it("turns Query Store on, which the database latency alert reads", () => {
      const configs = ofType(prod, T.pgConfig).map((c) => [
        c.inputs.configurationName,
        c.inputs.value,
      ]);
      expect(configs).toContainEqual(["pg_qs.query_capture_mode", "TOP"]);
    });

    it("alerts on database latency only where Query Store runs (not Burstable), over 30 minutes: Query Store writes 15-minute buckets", () => {
      const latency = (run: AzurePlan) =>
        ofType(run, T.logAlert).find((a) => a.name.endsWith("-database-latency"));
      expect(latency(prod)!.inputs.windowSize).toBe("PT30M");
      expect(latency(prod)!.inputs.criteria.allOf[0].query).toContain("bin(TimeGenerated, 15m)");
      expect(ofType(staging, T.pg)[0]!.inputs.sku.tier).toBe("Burstable");
      expect(latency(staging)).toBeUndefined();
      expect(ofType(staging, T.pgConfig).map((c) => c.inputs.configurationName)).not.toContain(
        "pg_qs.query_capture_mode",
      );
    });

    it("alerts when the DR replica lags past 300 s for 30 minutes (physical_replication_delay_in_seconds), the region-loss RPO being 15 minutes", () => {
      const lag = named(prod, "entmoot-production-monitoring-database-dr-lag").inputs;
      expect(lag.scopes).toEqual(["entmoot-production-dr-database-replica-id"]);
      expect(lag.criteria.allOf[0]).toMatchObject({
        metricName: "physical_replication_delay_in_seconds",
        metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
        operator: "GreaterThan",
        threshold: DR_REPLICA_LAG_SECONDS,
        timeAggregation: "Minimum",
      });
      expect(DR_REPLICA_LAG_SECONDS).toBe(300);
      expect(lag.windowSize).toBe("PT30M");
      expect(lag.actions).toEqual([{ actionGroupId: "entmoot-production-monitoring-alerts-id" }]);
      expect(ofType(staging, T.metricAlert).some((a) => a.name.endsWith("-dr-lag"))).toBe(false);
    });

    it("exports only the metric categories each service accepts: a storage account refuses AllMetrics (Capacity and Transaction only)", () => {
      const diag = (run: AzurePlan, key: string) =>
        named(run, `entmoot-${run.spec.environment}-monitoring-${key}-diagnostics`).inputs;
      for (const run of [prod, staging]) {
        const account = diag(run, "storage").metrics.map((m: any) => m.category);
        expect(account.length).toBeGreaterThan(0);
        for (const c of account) expect(["Capacity", "Transaction"]).toContain(c);
        expect(diag(run, "storage-blob").metrics).toEqual([]);
        expect(diag(run, "database").metrics).toEqual([{ category: "AllMetrics", enabled: true }]);
      }
    });

    it("asks for resource-specific tables only where the service writes them: Key Vault and Front Door read the setting back empty", () => {
      const diag = (key: string) =>
        named(prod, `entmoot-production-monitoring-${key}-diagnostics`).inputs;
      expect(diag("vault").logAnalyticsDestinationType).toBeUndefined();
      expect(diag("frontdoor").logAnalyticsDestinationType).toBeUndefined();
      for (const key of ["database", "app", "registry", "jobs", "storage-blob"]) {
        expect(diag(key).logAnalyticsDestinationType, key).toBe("Dedicated");
      }
    });

    it("the availability test carries the hidden-link tag Azure requires and probes /health on the domain", () => {
      const t = one(prod, T.webTest).inputs;
      expect(t.kind).toBe("standard");
      expect(t.request.requestUrl).toBe("https://api.entmoot.example.com/health");
      expect(t.tags["hidden-link:entmoot-production-monitoring-insights-id"]).toBe("Resource");
      expect(t.locations).toHaveLength(5);
    });

    it("the action group e-mails the alert recipients under a short name within 12 characters", () => {
      const g = one(prod, T.group).inputs;
      expect(g.groupShortName.length).toBeLessThanOrEqual(12);
      expect(g.emailReceivers.map((e: any) => e.emailAddress)).toEqual(
        prod.spec.monitoring.alertEmails,
      );
    });
  });

  describe("copies in drRegion", () => {
    it("adds a cross-region PostgreSQL replica in drRegion on a DR VNet whose subnet is delegated, the zone linked to it", () => {
      const replica = ofType(prod, T.pg).find((s) => s.inputs.location === "westus2")!;
      expect(replica.inputs).toMatchObject({
        createMode: "Replica",
        sourceServerResourceId: "entmoot-production-database-id",
        network: {
          delegatedSubnetResourceId: "entmoot-production-dr-database-id",
          privateDnsZoneArmResourceId: "entmoot-production-network-zone-postgres-id",
        },
      });
      expect(prod.dependsOn(replica.name)).toContain("entmoot-production-dr-zone-postgres-link");
      expect(drCidr("10.40.0.0/16")).toBe("10.41.0.0/16");
      expect(ofType(staging, T.pg).every((s) => s.inputs.location === "eastus")).toBe(true);
    });

    it("peers the primary and DR VNets both ways, after every subnet write on each, and the replica waits for both peerings (cross-region replication needs VNet connectivity)", () => {
      const peerings = ofType(prod, "azure-native:network:VirtualNetworkPeering");
      expect(
        peerings.map((p) => [p.inputs.virtualNetworkName, p.inputs.remoteVirtualNetwork.id]),
      ).toEqual(
        expect.arrayContaining([
          ["entmoot-production-dr-vnet", "entmoot-production-network-id"],
          ["entmoot-production-network", "entmoot-production-dr-vnet-id"],
        ]),
      );
      expect(peerings).toHaveLength(2);
      for (const p of peerings) {
        expect(p.inputs).toMatchObject({
          allowVirtualNetworkAccess: true,
          useRemoteGateways: false,
        });
      }
      const fromPrimary = peerings.find(
        (p) => p.inputs.virtualNetworkName === "entmoot-production-network",
      )!;
      for (const role of ["app", "database", "endpoints", "jobs"]) {
        expect(prod.dependsOn(fromPrimary.name)).toContain(`entmoot-production-network-${role}`);
      }
      const replica = ofType(prod, T.pg).find((s) => s.inputs.location === "westus2")!;
      for (const p of peerings) expect(prod.dependsOn(replica.name)).toContain(p.name);
      expect(ofType(staging, "azure-native:network:VirtualNetworkPeering")).toHaveLength(0);
    });

    it("opens 5432 between the two database ranges both ways and 443 to Azure Storage from both database subnets, through cross-region service endpoints", () => {
      const rules = (nsg: string) => named(prod, nsg).inputs.securityRules as any[];
      const primary = rules("entmoot-production-network-database-nsg");
      const dr = rules("entmoot-production-dr-database-nsg");
      const allows = (list: any[], direction: string, from: string, to: string, port: string) =>
        list.some(
          (r) =>
            r.access === "Allow" &&
            r.direction === direction &&
            [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].includes(from) &&
            (to === "*" ? true : r.destinationAddressPrefix === to) &&
            [r.destinationPortRange, ...(r.destinationPortRanges ?? [])].includes(port),
        );
      const [p, d] = ["10.40.16.0/20", "10.41.16.0/20"];
      expect(drDatabaseRange("10.40.0.0/16")).toBe(d);
      expect(allows(primary, "Inbound", d, "*", "5432")).toBe(true);
      expect(allows(primary, "Outbound", p, d, "5432")).toBe(true);
      expect(allows(dr, "Inbound", p, "*", "5432")).toBe(true);
      expect(allows(dr, "Outbound", d, p, "5432")).toBe(true);
      expect(allows(primary, "Outbound", p, "Storage", "443")).toBe(true);
      expect(allows(dr, "Outbound", d, "Storage", "443")).toBe(true);
      const drSubnet = named(prod, "entmoot-production-dr-database").inputs;
      expect(drSubnet.serviceEndpoints).toEqual([{ service: "Microsoft.Storage.Global" }]);
      // Staging has no DR site: its database NSG admits no other range.
      const stagingRules = named(staging, "entmoot-staging-network-database-nsg").inputs
        .securityRules as any[];
      expect(stagingRules.some((r) => r.name === "allow-postgres-dr")).toBe(false);
    });

    it("expires old versions on the DR account after the source's noncurrent-version expiry", () => {
      const policy = named(prod, "entmoot-production-dr-lifecycle").inputs.policy;
      expect(policy.rules[0].definition.actions.version.delete).toEqual({
        daysAfterCreationGreaterThan: prod.spec.storage.noncurrentVersionExpiryDays,
      });
      expect(prod.dependsOn("entmoot-production-dr-lifecycle")).toContain(
        "entmoot-production-dr-blob-service",
      );
    });

    it("keeps geo-redundant backup on as well (Azure copies it to the pair, westus)", () => {
      const primary = ofType(prod, T.pg).find((s) => s.inputs.createMode !== "Replica")!;
      expect(primary.inputs.backup.geoRedundantBackup).toBe("Enabled");
    });

    it("replicates the data container to an account in drRegion, destination policy first", () => {
      const dest = named(prod, "entmoot-production-dr-replication-destination").inputs;
      const src = named(prod, "entmoot-production-dr-replication-source").inputs;
      expect(dest.objectReplicationPolicyId).toBe("default");
      expect(src.objectReplicationPolicyId).toBe("00000000-0000-4000-8000-0000000000aa");
      expect(src.rules[0].ruleId).toMatch(/-/);
      const drAccount = ofType(prod, T.account).find((a) => a.inputs.location === "westus2")!;
      expect(nameProblem("storageAccount", String(drAccount.inputs.accountName))).toBeUndefined();
      expect(ofType(staging, T.replication)).toHaveLength(0);
    });
  });
});
