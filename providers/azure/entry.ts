import type { CloudEntry } from "../../src/cloudEntry";
import { checkConfig } from "./configRules";
import { cost } from "./cost";

/** Azure in the registry. SDK-free: the platform is imported only when Azure is chosen. */
export const azure: CloudEntry = {
  // Regions with PostgreSQL Flexible Server, Azure Managed Redis and App Service.
  regions: [
    "eastus",
    "eastus2",
    "centralus",
    "northcentralus",
    "southcentralus",
    "westus",
    "westus2",
    "westus3",
    "westcentralus",
    "canadacentral",
    "canadaeast",
    "brazilsouth",
    "mexicocentral",
    "northeurope",
    "westeurope",
    "uksouth",
    "ukwest",
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
    "japanwest",
    "koreacentral",
    "koreasouth",
    "centralindia",
    "southindia",
    "westindia",
    "australiaeast",
    "australiasoutheast",
    "australiacentral",
    "uaenorth",
    "qatarcentral",
    "israelcentral",
    "southafricanorth",
  ],
  checkConfig,
  cost,
  addressPlan: { production: "10.40.0.0/16", staging: "10.50.0.0/16" },
  storageProvider: "azure-blob",
  // With its resource group, the stack writes the records into the Azure DNS zone, as the
  // committed stacks do in theirs on AWS.
  stackSets: [
    "entmoot:cloud=azure",
    "entmoot:region=eastus",
    "entmoot:drRegion=westus2",
    "entmoot:dnsZone=dns-rg/entmoot.example.com",
  ],
  // Refused until every component has landed.
  implemented: false,
  loadPlatform: () => Promise.reject(new Error("the Azure platform is not complete yet")),
  loadPolicy: async () => (await import("./policy")).policy,
  loadMocks: async () => (await import("./mocks")).mocks,
  loadPlanView: async () => (await import("./planView")).planView,
};
