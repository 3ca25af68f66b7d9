import type { CallFn, CloudMocks, GenericFn, MockContext, StateFn } from "../../src/plan/mocks";

/*
 * What Azure computes for the platform's resources, for the offline plan and the tests. Nothing
 * here imports the SDK.
 */

export const MOCK_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
export const MOCK_TENANT = "00000000-0000-4000-8000-000000000002";

/** The input holding a resource's own name, where it is not `<lowerCamelType>Name`. */
const NAME_INPUT: Record<string, string> = {
  StorageAccount: "accountName",
  BlobContainer: "containerName",
  BlobServiceProperties: "blobServicesName",
  UserAssignedIdentity: "resourceName",
  RedisEnterprise: "clusterName",
  PublicIPAddress: "publicIpAddressName",
  ManagementLockByScope: "lockName",
  Registry: "registryName",
  WebApp: "name",
  AppServicePlan: "name",
  WebAppSlot: "slot",
  WebAppFtpAllowed: "name",
  WebAppScmAllowed: "name",
  WebAppFtpAllowedSlot: "slot",
  WebAppScmAllowedSlot: "slot",
  Component: "resourceName",
  Workspace: "workspaceName",
  MetricAlert: "ruleName",
  ScheduledQueryRule: "ruleName",
  DiagnosticSetting: "name",
  Profile: "profileName",
  AFDEndpoint: "endpointName",
  Policy: "policyName",
};

/** Attributes every azure-native resource has: its name, from the input Azure names it by. */
const generic: GenericFn = (type, name, inputs) => {
  const kind = type.split(":")[2] ?? "";
  const key = NAME_INPUT[kind] ?? `${kind.charAt(0).toLowerCase()}${kind.slice(1)}Name`;
  const given = inputs[key];
  return { name: typeof given === "string" ? given : name, azureApiVersion: "mock" };
};

const str = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);
const guidOf = (seed: string) => {
  let h = 0;
  for (const c of seed) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
};

export const azureState: Record<string, StateFn> = {
  "azure-native:dbforpostgresql:Server": (name, inputs) => ({
    fullyQualifiedDomainName: `${str(inputs.serverName, name)}.postgres.database.azure.com`,
  }),
  "azure-native:redisenterprise:RedisEnterprise": (name, inputs, ctx: MockContext) => ({
    hostName: `${str(inputs.clusterName, name)}.${str(inputs.location, ctx.region)}.redis.azure.net`,
  }),
  "azure-native:keyvault:Vault": (name, inputs) => ({
    properties: {
      ...(inputs.properties as Record<string, unknown>),
      vaultUri: `https://${str(inputs.vaultName, name)}.vault.azure.net/`,
    },
  }),
  "azure-native:keyvault:Secret": (name, inputs) => {
    const uri = `https://${str(inputs.vaultName, "vault")}.vault.azure.net/secrets/${str(inputs.secretName, name)}`;
    return {
      properties: {
        contentType: (inputs.properties as Record<string, unknown> | undefined)?.contentType,
        secretUri: uri,
        secretUriWithVersion: `${uri}/0123456789abcdef0123456789abcdef`,
      },
    };
  },
  "azure-native:storage:StorageAccount": (name, inputs) => {
    const account = str(inputs.accountName, name);
    return {
      primaryEndpoints: {
        blob: `https://${account}.blob.core.windows.net/`,
        web: `https://${account}.z13.web.core.windows.net/`,
      },
    };
  },
  "azure-native:web:WebApp": (name, inputs) => ({
    defaultHostName: `${str(inputs.name, name)}.azurewebsites.net`,
  }),
  "azure-native:containerregistry:Registry": (name, inputs) => ({
    loginServer: `${str(inputs.registryName, name)}.azurecr.io`,
  }),
  "azure-native:cdn:AFDEndpoint": (name, inputs) => ({
    hostName: `${str(inputs.endpointName, name)}-abcdefgh12345678.z01.azurefd.net`,
  }),
  "azure-native:cdn:AFDCustomDomain": () => ({
    domainValidationState: "Pending",
    validationProperties: { validationToken: "mock-validation-token", expirationDate: "" },
  }),
  "azure-native:storage:ObjectReplicationPolicy": (_name, inputs) => ({
    policyId: "00000000-0000-4000-8000-0000000000aa",
    rules: ((inputs.rules as Record<string, unknown>[] | undefined) ?? []).map((r, i) => ({
      ...r,
      ruleId: `00000000-0000-4000-8000-00000000010${i}`,
    })),
  }),
  // A system-assigned identity gets its principal when the resource is created.
  "azure-native:cdn:Profile": (name, inputs) =>
    inputs.identity === undefined
      ? {}
      : {
          identity: {
            ...(inputs.identity as Record<string, unknown>),
            principalId: guidOf(`principal-${name}`),
            tenantId: MOCK_TENANT,
          },
        },
  "azure-native:managedidentity:UserAssignedIdentity": (name) => ({
    principalId: guidOf(`principal-${name}`),
    clientId: guidOf(`client-${name}`),
    tenantId: MOCK_TENANT,
  }),
};

export const azureCalls: Record<string, CallFn> = {
  "azure-native:authorization:getClientConfig": () => ({
    subscriptionId: MOCK_SUBSCRIPTION,
    tenantId: MOCK_TENANT,
    clientId: "00000000-0000-4000-8000-000000000003",
    objectId: "00000000-0000-4000-8000-000000000004",
  }),
  "azure-native:redisenterprise:listDatabaseKeys": () => ({
    primaryKey: "mock-primary-key",
    secondaryKey: "mock-secondary-key",
  }),
};

/** Azure's fake for the offline plan and the tests (the registry's `loadMocks`). */
export const mocks: CloudMocks = {
  packages: ["azure-native"],
  generic,
  state: azureState,
  calls: azureCalls,
};
