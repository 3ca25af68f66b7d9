import { beforeAll, describe, expect, it } from "vitest";
import { queryStoreOn, serverParameters, STATIC_PARAMETERS } from "../../providers/azure/database";
import { nameProblem } from "../../providers/azure/names";
import { PRIVATE_LINK_ZONES } from "../../providers/azure/network";
import { resourceProviderOf } from "../../providers/azure/regions";
import { OPERATOR_SECRET_ENV } from "../../src/appEnvironment";
import { named, ofType, one, planDataTier, type DataPlan } from "./support";

const T = {
  rg: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  nsg: "azure-native:network:NetworkSecurityGroup",
  zone: "azure-native:privatedns:PrivateZone",
  link: "azure-native:privatedns:VirtualNetworkLink",
  pe: "azure-native:network:PrivateEndpoint",
  peDns: "azure-native:network:PrivateDnsZoneGroup",
  vault: "azure-native:keyvault:Vault",
  secret: "azure-native:keyvault:Secret",
  role: "azure-native:authorization:RoleAssignment",
  lock: "azure-native:authorization:ManagementLockByScope",
  pg: "azure-native:dbforpostgresql:Server",
  pgConfig: "azure-native:dbforpostgresql:Configuration",
  redis: "azure-native:redisenterprise:RedisEnterprise",
  redisDb: "azure-native:redisenterprise:Database",
  account: "azure-native:storage:StorageAccount",
  blobService: "azure-native:storage:BlobServiceProperties",
  container: "azure-native:storage:BlobContainer",
  lifecycle: "azure-native:storage:ManagementPolicy",
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("Azure data tier", () => {
  let prod: DataPlan;
  let staging: DataPlan;
  beforeAll(async () => {
    prod = await planDataTier("production", "medium", { sentry: true });
    staging = await planDataTier("staging", "small");
  });

  const primary = (p: DataPlan) => ofType(p, T.pg).find((s) => s.inputs.createMode !== "Replica")!;
  const replicas = (p: DataPlan) =>
    ofType(p, T.pg).filter((s) => s.inputs.createMode === "Replica");

  describe("deployment base", () => {
    it("puts the stack in one resource group named after the environment, protected in production", () => {
      const rg = one(prod, T.rg);
      expect(rg.inputs.resourceGroupName).toBe("entmoot-production-base-rg");
      expect(rg.inputs.location).toBe("eastus");
      expect(rg.protect).toBe(true);
      expect(one(staging, T.rg).protect).toBe(false);
    });

    it("gives the API a user-assigned managed identity", () => {
      const id = one(prod, "azure-native:managedidentity:UserAssignedIdentity");
      expect(id.inputs.location).toBe("eastus");
    });

    it("every resource type's provider namespace is in the list the deployment guide registers", () => {
      const types = new Set(prod.resources.filter((r) => r.custom).map((r) => r.type));
      for (const type of types) {
        if (!type.startsWith("azure-native:")) continue;
        expect(resourceProviderOf(type), type).toMatch(/^Microsoft\./);
      }
    });

    it("locks every stateful resource CanNotDelete in production, and nothing in staging", () => {
      const locks = ofType(prod, T.lock);
      expect(locks.map((l) => l.name).sort()).toEqual(
        [
          "entmoot-production-cache-lock",
          "entmoot-production-database-lock",
          "entmoot-production-secrets-vault-lock",
          "entmoot-production-storage-account-lock",
        ].sort(),
      );
      for (const l of locks) expect(l.inputs.level).toBe("CanNotDelete");
      expect(ofType(staging, T.lock)).toHaveLength(0);
    });
  });

  describe("network", () => {
    it("lays one /20 per role inside the environment's /16, each with an NSG", () => {
      const subnets = ofType(prod, T.subnet);
      expect(
        Object.fromEntries(subnets.map((s) => [s.inputs.subnetName, s.inputs.addressPrefix])),
      ).toEqual({
        app: "10.40.0.0/20",
        database: "10.40.16.0/20",
        endpoints: "10.40.32.0/20",
        jobs: "10.40.48.0/20",
      });
      for (const s of subnets) {
        expect(s.inputs.networkSecurityGroup?.id, String(s.inputs.subnetName)).toBeTruthy();
        expect(s.inputs.defaultOutboundAccess).toBe(false);
      }
      expect(one(staging, T.vnet).inputs.addressSpace.addressPrefixes).toEqual(["10.50.0.0/16"]);
    });

    it("delegates the app, database and job subnets to their services", () => {
      const delegation = (role: string) =>
        ofType(prod, T.subnet).find((s) => s.inputs.subnetName === role)!.inputs.delegations;
      expect(delegation("app")).toEqual([
        { name: "app", serviceName: "Microsoft.Web/serverFarms" },
      ]);
      expect(delegation("database")).toEqual([
        { name: "database", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" },
      ]);
      expect(delegation("jobs")).toEqual([
        { name: "jobs", serviceName: "Microsoft.App/environments" },
      ]);
      expect(delegation("endpoints")).toEqual([]);
    });

    it("creates a VNet's subnets one after another: Azure refuses concurrent subnet writes (AnotherOperationInProgress)", () => {
      const names = ofType(prod, T.subnet).map((s) => s.name);
      for (let i = 1; i < names.length; i++) {
        expect(prod.dependsOn(names[i]!)).toContain(names[i - 1]);
      }
    });

    it("NSGs admit the database and endpoint ports only from the app and job subnets and deny the internet", () => {
      const rules = (suffix: string) =>
        named(prod, `entmoot-production-network-${suffix}-nsg`).inputs.securityRules as any[];
      const pg = rules("database").find((r) => r.access === "Allow");
      expect(pg.destinationPortRanges).toEqual(["5432"]);
      // The HA standby and replicas replicate inside the database subnet.
      expect(pg.sourceAddressPrefixes).toEqual(["10.40.0.0/20", "10.40.48.0/20", "10.40.16.0/20"]);
      const pe = rules("endpoints").find((r) => r.access === "Allow");
      expect(pe.destinationPortRanges).toEqual(["443", "10000"]);
      for (const role of ["app", "database", "endpoints", "jobs"]) {
        expect(
          rules(role).some((r) => r.access === "Deny" && r.sourceAddressPrefix === "Internet"),
        ).toBe(true);
      }
    });

    it("routes the app and job subnets' egress through a NAT gateway with a static address", () => {
      const nat = one(prod, "azure-native:network:NatGateway");
      expect(nat.inputs.sku).toEqual({ name: "Standard" });
      const ip = one(prod, "azure-native:network:PublicIPAddress");
      expect(ip.inputs).toMatchObject({
        publicIPAllocationMethod: "Static",
        sku: { name: "Standard" },
      });
      for (const s of ofType(prod, T.subnet)) {
        const egress = ["app", "jobs"].includes(s.inputs.subnetName as string);
        expect(Boolean(s.inputs.natGateway), String(s.inputs.subnetName)).toBe(egress);
      }
    });

    it("names the private-link DNS zones exactly as Azure resolves them, Managed Redis on privatelink.redis.azure.net", () => {
      const zones = ofType(prod, T.zone).map((z) => z.inputs.privateZoneName);
      expect(zones).toEqual(
        expect.arrayContaining([
          "privatelink.vaultcore.azure.net",
          "privatelink.blob.core.windows.net",
          "privatelink.redis.azure.net",
        ]),
      );
      expect(zones).not.toContain("privatelink.redis.cache.windows.net");
      expect(PRIVATE_LINK_ZONES.redis).toBe("privatelink.redis.azure.net");
    });

    it("PostgreSQL's VNet-integration zone ends in .postgres.database.azure.com and is not the private-endpoint zone", () => {
      const zone = ofType(prod, T.zone).find((z) =>
        String(z.inputs.privateZoneName).includes("postgres"),
      )!;
      expect(zone.inputs.privateZoneName).toMatch(/\.postgres\.database\.azure\.com$/);
      expect(zone.inputs.privateZoneName).not.toBe("privatelink.postgres.database.azure.com");
    });

    it("private DNS zones and their VNet links are in location global: ARM refuses a region", () => {
      for (const r of [...ofType(prod, T.zone), ...ofType(prod, T.link)]) {
        expect(r.inputs.location, r.name).toBe("global");
      }
      expect(ofType(prod, T.link)).toHaveLength(5);
    });

    it("creates the endpoints subnet's private endpoints one after another: Azure refuses parallel endpoint writes to a subnet (AnotherOperationInProgress)", () => {
      for (const p of [prod, staging]) {
        const names = ofType(p, T.pe).map((e) => e.name);
        expect(names.length).toBeGreaterThanOrEqual(3);
        for (let i = 1; i < names.length; i++) {
          expect(p.dependsOn(names[i]!), names[i]).toContain(names[i - 1]);
        }
      }
    });

    it("the jobs subnet admits Azure's load balancer probes and its own range in and out, below the VNet deny (a Container Apps environment needs both)", () => {
      const rules = named(prod, "entmoot-production-network-jobs-nsg").inputs
        .securityRules as any[];
      const deny = rules.find((r) => r.name === "deny-vnet-inbound");
      const lb = rules.find((r) => r.sourceAddressPrefix === "AzureLoadBalancer");
      expect(lb).toMatchObject({ access: "Allow", direction: "Inbound" });
      expect(lb.destinationPortRanges).toEqual(["30000-32767"]);
      const own = (direction: string) =>
        rules.find(
          (r) =>
            r.direction === direction &&
            r.access === "Allow" &&
            r.sourceAddressPrefix === "10.40.48.0/20" &&
            r.destinationAddressPrefix === "10.40.48.0/20",
        );
      expect(own("Inbound")).toBeDefined();
      expect(own("Outbound")).toBeDefined();
      for (const r of [lb, own("Inbound")]) expect(r.priority).toBeLessThan(deny.priority);
    });

    it("the database subnet reaches Azure Storage (WAL archiving) through a cross-region service endpoint, with no default outbound access and no NAT", () => {
      const db = ofType(prod, T.subnet).find((s) => s.inputs.subnetName === "database")!;
      expect(db.inputs.defaultOutboundAccess).toBe(false);
      expect(db.inputs.natGateway).toBeUndefined();
      expect(db.inputs.serviceEndpoints).toEqual([{ service: "Microsoft.Storage.Global" }]);
      const rules = named(prod, "entmoot-production-network-database-nsg").inputs
        .securityRules as any[];
      expect(
        rules.find((r) => r.direction === "Outbound" && r.destinationAddressPrefix === "Storage"),
      ).toMatchObject({ access: "Allow", protocol: "Tcp", destinationPortRanges: ["443"] });
      for (const s of ofType(prod, T.subnet).filter((x) => x.inputs.subnetName !== "database")) {
        expect(s.inputs.serviceEndpoints, String(s.inputs.subnetName)).toBeUndefined();
      }
    });

    it("private endpoints write into their zone only after the zone is linked to the VNet", () => {
      for (const g of ofType(prod, T.peDns)) {
        expect(
          prod.dependsOn(g.name).some((d) => d.endsWith("-link")),
          g.name,
        ).toBe(true);
      }
      expect(
        ofType(prod, T.pe)
          .map((p) => p.inputs.privateLinkServiceConnections[0].groupIds[0])
          .sort(),
      ).toEqual(["blob", "redisEnterprise", "vault"]);
    });
  });

  describe("Key Vault", () => {
    it("uses RBAC, soft delete with purge protection, and refuses public traffic", () => {
      const props = one(prod, T.vault).inputs.properties;
      expect(props).toMatchObject({
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        enablePurgeProtection: true,
        publicNetworkAccess: "Disabled",
        networkAcls: { defaultAction: "Deny" },
      });
      expect(props.accessPolicies).toBeUndefined();
      expect(one(prod, T.vault).protect).toBe(true);
    });

    it("fixes soft-delete retention at creation: 90 days in production, the minimum 7 in staging", () => {
      expect(one(prod, T.vault).inputs.properties.softDeleteRetentionInDays).toBe(90);
      expect(one(staging, T.vault).inputs.properties.softDeleteRetentionInDays).toBe(7);
    });

    it("vault name fits Key Vault's 3-24 letters, digits and hyphens, starting with a letter, and is unique per stack", () => {
      for (const p of [prod, staging]) {
        const name = String(one(p, T.vault).inputs.vaultName);
        expect(nameProblem("keyVault", name)).toBeUndefined();
        expect(name).toMatch(/^entmoot-(prd|stg)-kv-[a-z0-9]{6}$/);
      }
    });

    it("holds every secret, values marked secret, with a content type", () => {
      const names = ofType(prod, T.secret)
        .map((s) => s.inputs.secretName)
        .sort();
      expect(names).toEqual(
        [
          "database-password",
          "redis-password",
          "sentry-dsn",
          ...OPERATOR_SECRET_ENV.map((e) => e.toLowerCase().replace(/_/g, "-")),
        ].sort(),
      );
      for (const s of ofType(prod, T.secret)) {
        expect(s.secretInputs, s.name).toContain("properties");
        expect(s.inputs.properties.contentType).toBe("text/plain");
      }
      expect(ofType(staging, T.secret).map((s) => s.inputs.secretName)).not.toContain("sentry-dsn");
    });

    it("the stack never deletes a vault secret (retainOnDelete): azure-native deletes through the vault's data plane, which the private-only vault refuses", () => {
      for (const p of [prod, staging]) {
        const secrets = ofType(p, T.secret);
        expect(secrets.length).toBeGreaterThan(0);
        for (const secret of secrets) expect(secret.retainOnDelete, secret.name).toBe(true);
      }
    });

    it("operator secrets start as the placeholder and the stack never writes them again", () => {
      for (const env of OPERATOR_SECRET_ENV) {
        const s = named(prod, `entmoot-production-secrets-${env.toLowerCase().replace(/_/g, "-")}`);
        expect(s.inputs.properties.value).toBe("unset");
        expect(s.ignoreChanges).toEqual(["properties.value"]);
      }
      expect(named(prod, "entmoot-production-secrets-database-password").ignoreChanges).toEqual([]);
    });

    it("grants the API identity Key Vault Secrets User on the vault, by principal type and GUID name", () => {
      const grant = named(prod, "entmoot-production-secrets-api-reader");
      expect(grant.inputs.roleDefinitionId).toMatch(
        /^\/subscriptions\/[0-9a-f-]{36}\/providers\/Microsoft\.Authorization\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/,
      );
      expect(grant.inputs.scope).toBe("entmoot-production-secrets-vault-id");
    });

    it("role assignment names are deterministic GUIDs and say ServicePrincipal: a new identity is not yet in Entra ID (PrincipalNotFound)", () => {
      const grants = ofType(prod, T.role);
      expect(grants.length).toBeGreaterThanOrEqual(2);
      for (const g of grants) {
        expect(g.inputs.roleAssignmentName, g.name).toMatch(GUID);
        expect(g.inputs.principalType).toBe("ServicePrincipal");
      }
      const again = ofType(staging, T.role).map((g) => g.inputs.roleAssignmentName);
      expect(new Set([...grants.map((g) => g.inputs.roleAssignmentName), ...again]).size).toBe(
        grants.length + again.length,
      );
    });

    it("the database password is 32 characters of URL-safe classes Flexible Server accepts", () => {
      const pw = named(prod, "entmoot-production-secrets-database");
      expect(pw.inputs).toMatchObject({
        length: 32,
        overrideSpecial: "-_.~",
        minUpper: 1,
        minLower: 1,
        minNumeric: 1,
        minSpecial: 1,
      });
    });
  });

  describe("PostgreSQL Flexible Server", () => {
    it("runs version 16 in the delegated subnet with its DNS zone, never public", () => {
      const s = primary(prod);
      expect(s.inputs.version).toBe("16");
      expect(s.inputs.network.delegatedSubnetResourceId).toBe(
        "entmoot-production-network-database-id",
      );
      expect(s.inputs.network.privateDnsZoneArmResourceId).toBe(
        "entmoot-production-network-zone-postgres-id",
      );
      expect(s.inputs.network.publicNetworkAccess).toBeUndefined();
    });

    it("is created only after its DNS zone is linked to the VNet", () => {
      expect(prod.dependsOn(primary(prod).name)).toContain(
        "entmoot-production-network-zone-postgres-link",
      );
    });

    it("is zone-redundant on a General Purpose or Memory Optimized SKU in production", () => {
      const s = primary(prod);
      expect(s.inputs.highAvailability).toMatchObject({ mode: "ZoneRedundant" });
      expect(s.inputs.sku).toEqual({ name: "Standard_E4ds_v5", tier: "MemoryOptimized" });
      expect(primary(staging).inputs.highAvailability).toMatchObject({ mode: "Disabled" });
      expect(primary(staging).inputs.sku).toEqual({ name: "Standard_B2ms", tier: "Burstable" });
    });

    it("ignores the zone drift a failover causes, and the disk growth of auto-grow", () => {
      expect([...primary(prod).ignoreChanges].sort()).toEqual(
        [
          "availabilityZone",
          "highAvailability.standbyAvailabilityZone",
          "storage.storageSizeGB",
        ].sort(),
      );
    });

    it("keeps 30 days of backups, geo-redundant in production (fixed at creation), 7 local in staging", () => {
      expect(primary(prod).inputs.backup).toEqual({
        backupRetentionDays: 30,
        geoRedundantBackup: "Enabled",
      });
      expect(primary(staging).inputs.backup).toEqual({
        backupRetentionDays: 7,
        geoRedundantBackup: "Disabled",
      });
    });

    it("rounds storage up to a size Premium SSD offers and lets it grow", () => {
      expect(primary(prod).inputs.storage).toEqual({
        storageSizeGB: 256,
        autoGrow: "Enabled",
        type: "Premium_LRS",
      });
      expect(primary(staging).inputs.storage.storageSizeGB).toBe(64);
    });

    it("allows PostGIS, requires TLS 1.2+ and logs slow queries", () => {
      const configs = Object.fromEntries(
        ofType(prod, T.pgConfig).map((c) => [c.inputs.configurationName, c.inputs.value]),
      );
      expect(configs["azure.extensions"]).toContain("POSTGIS");
      expect(configs).toMatchObject({
        require_secure_transport: "on",
        ssl_min_protocol_version: "TLSv1.2",
        log_min_duration_statement: "500",
      });
    });

    it("applies server parameters one at a time: Flexible Server refuses a change while another runs", () => {
      const names = ofType(prod, T.pgConfig).map((c) => c.name);
      for (let i = 1; i < names.length; i++)
        expect(prod.dependsOn(names[i]!)).toContain(names[i - 1]);
    });

    it("authenticates by password from Key Vault only: Entra ID stays off while no Entra administrator exists to use it", () => {
      const s = primary(prod);
      expect(s.inputs.administratorLogin).toBe("entmoot");
      expect(s.secretInputs).toContain("administratorLoginPassword");
      expect(s.inputs.authConfig).toMatchObject({
        passwordAuth: "Enabled",
        activeDirectoryAuth: "Disabled",
      });
      expect(
        prod.resources.some((r) => r.type === "azure-native:dbforpostgresql:Administrator"),
      ).toBe(false);
    });

    it("allow-lists and preloads pgaudit (the first migration creates it), and restarts the server for the static preload before anything uses it", () => {
      for (const p of [prod, staging]) {
        const configs = Object.fromEntries(
          ofType(p, T.pgConfig).map((c) => [c.inputs.configurationName, c.inputs.value]),
        );
        expect(configs["azure.extensions"]!.split(",")).toEqual(
          expect.arrayContaining(["POSTGIS", "PGAUDIT"]),
        );
        expect(configs.shared_preload_libraries!.split(",")).toContain("pgaudit");
        const restart = named(p, `entmoot-${p.spec.environment}-database-restart`);
        expect(restart.type).toBe("pulumi-nodejs:dynamic:Resource");
        expect(restart.inputs.parameters).toEqual(STATIC_PARAMETERS);
        const configNames = ofType(p, T.pgConfig).map((c) => c.name);
        // After the last parameter (each waits for the one before), before the database.
        expect(p.dependsOn(restart.name)).toContain(configNames.at(-1));
        expect(p.dependsOn(`entmoot-${p.spec.environment}-database-entmoot`)).toContain(
          restart.name,
        );
      }
    });

    it("turns Query Store on only off Burstable: Microsoft advises against it on Burstable", () => {
      const capture = (p: DataPlan) =>
        ofType(p, T.pgConfig).find((c) => c.inputs.configurationName === "pg_qs.query_capture_mode")
          ?.inputs.value;
      expect(primary(prod).inputs.sku.tier).toBe("MemoryOptimized");
      expect(capture(prod)).toBe("TOP");
      expect(primary(staging).inputs.sku.tier).toBe("Burstable");
      expect(capture(staging)).toBeUndefined();
      expect(queryStoreOn("Burstable")).toBe(false);
      expect(queryStoreOn("GeneralPurpose")).toBe(true);
      expect(serverParameters(500, "Burstable").map(([n]) => n)).not.toContain(
        "pg_qs.query_capture_mode",
      );
    });

    it("server names fit 3-63 lowercase letters, digits and hyphens (globally unique DNS names)", () => {
      for (const s of ofType(prod, T.pg)) {
        expect(nameProblem("postgresServer", String(s.inputs.serverName))).toBeUndefined();
      }
    });

    it("adds the tier's read replicas, after the primary's parameters, unprotected", () => {
      expect(replicas(prod)).toHaveLength(1);
      const r = replicas(prod)[0]!;
      expect(r.inputs.sourceServerResourceId).toBe("entmoot-production-database-id");
      expect(r.inputs.sku).toEqual(primary(prod).inputs.sku);
      expect(r.protect).toBe(false);
      expect(prod.dependsOn(r.name)).toContain("entmoot-production-database-entmoot");
      expect(replicas(staging)).toHaveLength(0);
    });

    it("protects the primary and its database in production", () => {
      expect(primary(prod).protect).toBe(true);
      expect(named(prod, "entmoot-production-database-entmoot").protect).toBe(true);
      expect(primary(staging).protect).toBe(false);
    });
  });

  describe("Managed Redis", () => {
    it("is Azure Managed Redis with TLS 1.2, no public access and HA in production", () => {
      const c = one(prod, T.redis);
      expect(c.inputs).toMatchObject({
        sku: { name: "Balanced_B5" },
        highAvailability: "Enabled",
        minimumTlsVersion: "1.2",
        publicNetworkAccess: "Disabled",
      });
      expect(one(staging, T.redis).inputs.highAvailability).toBe("Disabled");
      expect(one(staging, T.redis).inputs.sku).toEqual({ name: "Balanced_B1" });
    });

    it("its one database is named default (Azure refuses any other), encrypted, on port 10000", () => {
      const d = one(prod, T.redisDb);
      expect(d.inputs).toMatchObject({
        databaseName: "default",
        clientProtocol: "Encrypted",
        port: 10000,
        evictionPolicy: "AllKeysLRU",
      });
    });

    it("uses the EnterpriseCluster policy: the API's plain client cannot follow OSS cluster redirects", () => {
      expect(one(prod, T.redisDb).inputs.clusteringPolicy).toBe("EnterpriseCluster");
    });

    it("turns access-key authentication on explicitly (new clusters default to Entra only), key into Key Vault", () => {
      expect(one(prod, T.redisDb).inputs.accessKeysAuthentication).toBe("Enabled");
      const s = named(prod, "entmoot-production-secrets-redis-password");
      expect(s.inputs.properties.value).toBe("mock-primary-key");
      expect(s.secretInputs).toContain("properties");
    });

    it("its secret reference is known before the cache exists and points at the same secret", async () => {
      expect(prod.result.cachePasswordRef).toBe(prod.result.cacheSecretRef);
      expect(prod.result.cachePort).toBe(10000);
      expect(prod.result.cacheEndpoint).toMatch(/\.eastus\.redis\.azure\.net$/);
    });

    it("cluster names fit Managed Redis's 1-60 letters, digits and single hyphens", () => {
      expect(
        nameProblem("redisEnterprise", String(one(prod, T.redis).inputs.clusterName)),
      ).toBeUndefined();
    });
  });

  describe("storage", () => {
    const account = (p: DataPlan) => one(p, T.account);

    it("is StorageV2, RA-GZRS in production and ZRS in staging, HTTPS-only with TLS 1.2", () => {
      expect(account(prod).inputs).toMatchObject({
        kind: "StorageV2",
        sku: { name: "Standard_RAGZRS" },
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
      });
      expect(account(staging).inputs.sku).toEqual({ name: "Standard_ZRS" });
    });

    it("allows no anonymous blobs, no shared keys and no public network", () => {
      expect(account(prod).inputs).toMatchObject({
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        publicNetworkAccess: "Disabled",
        networkRuleSet: { defaultAction: "Deny" },
      });
      expect(one(prod, T.container).inputs.publicAccess).toBe("None");
    });

    it("chooses infrastructure encryption at creation, the only time Azure allows it", () => {
      expect(account(prod).inputs.encryption.requireInfrastructureEncryption).toBe(true);
      expect(account(prod).inputs.isHnsEnabled).toBe(false);
    });

    it("account names fit 3-24 lowercase letters and digits only", () => {
      for (const p of [prod, staging]) {
        const name = String(account(p).inputs.accountName);
        expect(nameProblem("storageAccount", name)).toBeUndefined();
      }
    });

    it("versions blobs, soft-deletes blobs and containers, and keeps a change feed", () => {
      const svc = one(prod, T.blobService).inputs;
      expect(svc).toMatchObject({
        blobServicesName: "default",
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: 30, allowPermanentDelete: false },
        containerDeleteRetentionPolicy: { enabled: true, days: 30 },
        changeFeed: { enabled: true },
      });
      expect(one(staging, T.blobService).inputs.deleteRetentionPolicy.days).toBe(7);
    });

    it("point-in-time restore in production reaches back less far than soft delete, as Azure requires", () => {
      const restore = one(prod, T.blobService).inputs.restorePolicy;
      expect(restore.enabled).toBe(true);
      expect(restore.days).toBeLessThan(one(prod, T.blobService).inputs.deleteRetentionPolicy.days);
      expect(one(staging, T.blobService).inputs.restorePolicy).toEqual({ enabled: false });
    });

    it("lifecycle tiers to Cool then Cold, never Archive, which ZRS and GZRS accounts do not offer", () => {
      const rule = one(prod, T.lifecycle).inputs.policy.rules[0];
      const base = rule.definition.actions.baseBlob;
      expect(base.tierToCool.daysAfterModificationGreaterThan).toBe(30);
      expect(base.tierToCold.daysAfterModificationGreaterThan).toBe(90);
      expect(base.tierToArchive).toBeUndefined();
      expect(rule.definition.actions.version.delete.daysAfterCreationGreaterThan).toBe(90);
    });

    it("grants the API blob read/write on the data container only", () => {
      const grant = named(prod, "entmoot-production-storage-api-data");
      expect(grant.inputs.scope).toBe("entmoot-production-storage-data-id");
      expect(grant.inputs.roleDefinitionId).toMatch(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
      expect(prod.result.bucketName).toMatch(
        /^https:\/\/entmootprddata[a-z0-9]{6}\.blob\.core\.windows\.net\/data$/,
      );
    });
  });

  it("never outputs a secret value: the references are Key Vault URIs", () => {
    expect(prod.result.dbSecretRef).toMatch(
      /^https:\/\/entmoot-prd-kv-[a-z0-9]{6}\.vault\.azure\.net\/secrets\/database-password$/,
    );
    expect(prod.result.dbEndpoint).toMatch(/\.postgres\.database\.azure\.com$/);
    expect(prod.result.readers).toHaveLength(1);
  });
});
