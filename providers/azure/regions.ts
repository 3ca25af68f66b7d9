/*
 * What Azure's regions offer, for the regions src/regions.ts accepts. SDK-free: config rules and
 * components read it without loading @pulumi/azure-native.
 */

/**
 * Each region's paired region. Geo-redundant PostgreSQL backups, GZRS/RA-GZRS storage and Key
 * Vault's own replication all copy to this pair and nowhere else; drRegion may be another region,
 * where the platform keeps copies of its own (providers/azure/dr.ts). Regions Azure gives no pair
 * (Mexico Central, Poland Central, Italy North, Spain Central, Qatar Central, Israel Central) are
 * absent; pairs outside the accepted list (France South, Germany North, ...) are kept so the
 * message can name them.
 */
export const PAIRED_REGIONS: Readonly<Record<string, string>> = {
  eastus: "westus",
  westus: "eastus",
  eastus2: "centralus",
  centralus: "eastus2",
  northcentralus: "southcentralus",
  southcentralus: "northcentralus",
  westus2: "westcentralus",
  westcentralus: "westus2",
  westus3: "eastus",
  canadacentral: "canadaeast",
  canadaeast: "canadacentral",
  // One-way: Brazil South's pair is South Central US, whose own pair is North Central US.
  brazilsouth: "southcentralus",
  northeurope: "westeurope",
  westeurope: "northeurope",
  uksouth: "ukwest",
  ukwest: "uksouth",
  francecentral: "francesouth",
  germanywestcentral: "germanynorth",
  switzerlandnorth: "switzerlandwest",
  norwayeast: "norwaywest",
  swedencentral: "swedensouth",
  eastasia: "southeastasia",
  southeastasia: "eastasia",
  japaneast: "japanwest",
  japanwest: "japaneast",
  koreacentral: "koreasouth",
  koreasouth: "koreacentral",
  centralindia: "southindia",
  southindia: "centralindia",
  westindia: "southindia",
  australiaeast: "australiasoutheast",
  australiasoutheast: "australiaeast",
  australiacentral: "australiacentral2",
  uaenorth: "uaecentral",
  southafricanorth: "southafricawest",
};

/**
 * Regions with availability zones. Zone-redundant PostgreSQL HA, GZRS storage and zone-redundant
 * App Service plans are refused elsewhere. Japan West is left out: its zones are recent and not
 * offered for every service, and a refused config is better than a half-failed `pulumi up`.
 */
export const ZONED_REGIONS: ReadonlySet<string> = new Set([
  "eastus",
  "eastus2",
  "centralus",
  "southcentralus",
  "westus2",
  "westus3",
  "canadacentral",
  "brazilsouth",
  "mexicocentral",
  "northeurope",
  "westeurope",
  "uksouth",
  "francecentral",
  "germanywestcentral",
  "switzerlandnorth",
  "norwayeast",
  "swedencentral",
  "polandcentral",
  "italynorth",
  "spaincentral",
  "eastasia",
  "southeastasia",
  "japaneast",
  "koreacentral",
  "centralindia",
  "australiaeast",
  "uaenorth",
  "qatarcentral",
  "israelcentral",
  "southafricanorth",
]);

/**
 * Regions where Front Door Premium has Private Link origins (Microsoft's "Secure your origin with
 * Private Link in Azure Front Door Premium", region availability; Azure offers it only in regions
 * with availability zones). The edge reaches the API only through Private Link, in `region`.
 */
export const FRONT_DOOR_PRIVATE_LINK_REGIONS: ReadonlySet<string> = new Set([
  "brazilsouth",
  "canadacentral",
  "centralus",
  "eastus",
  "eastus2",
  "southcentralus",
  "westus2",
  "westus3",
  "francecentral",
  "germanywestcentral",
  "northeurope",
  "norwayeast",
  "uksouth",
  "westeurope",
  "swedencentral",
  "southafricanorth",
  "uaenorth",
  "australiaeast",
  "centralindia",
  "japaneast",
  "koreacentral",
  "eastasia",
  "southeastasia",
]);

export function pairedRegion(region: string): string | undefined {
  return PAIRED_REGIONS[region];
}

export function hasZones(region: string): boolean {
  return ZONED_REGIONS.has(region);
}

/**
 * Resource providers the platform creates resources through, by azure-native module. A fresh
 * subscription has most of them unregistered, and azure-native does not register them: the
 * deployment guide runs `az provider register` for each before the first `pulumi up`.
 */
export const RESOURCE_PROVIDERS: Readonly<Record<string, string>> = {
  resources: "Microsoft.Resources",
  authorization: "Microsoft.Authorization",
  managedidentity: "Microsoft.ManagedIdentity",
  network: "Microsoft.Network",
  privatedns: "Microsoft.Network",
  keyvault: "Microsoft.KeyVault",
  dbforpostgresql: "Microsoft.DBforPostgreSQL",
  redisenterprise: "Microsoft.Cache",
  storage: "Microsoft.Storage",
  containerregistry: "Microsoft.ContainerRegistry",
  web: "Microsoft.Web",
  app: "Microsoft.App",
  cdn: "Microsoft.Cdn",
  // Front Door's WAF policies (frontdoor:Policy) are Microsoft.Network resources.
  frontdoor: "Microsoft.Network",
  operationalinsights: "Microsoft.OperationalInsights",
  applicationinsights: "Microsoft.Insights",
  monitor: "Microsoft.Insights",
  insights: "Microsoft.Insights",
  portal: "Microsoft.Portal",
  dns: "Microsoft.Network",
};

/**
 * The namespace an azure-native type token (`azure-native:storage:StorageAccount`) deploys
 * through.
 */
export function resourceProviderOf(type: string): string | undefined {
  const [pkg, module] = type.split(":");
  if (pkg !== "azure-native" || module === undefined) return undefined;
  return RESOURCE_PROVIDERS[module];
}
