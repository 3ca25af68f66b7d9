import type { CloudEntry } from "../../src/cloudEntry";
import { checkConfig } from "./configRules";

/** AWS in the registry. SDK-free: the platform is imported only when AWS is chosen. */
export const aws: CloudEntry = {
  // Commercial regions, as of the @pulumi/aws version pinned in package.json.
  regions: [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "mx-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "ap-south-1",
    "ap-south-2",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "me-south-1",
    "me-central-1",
    "il-central-1",
    "af-south-1",
  ],
  checkConfig,
  loadCost: async () => (await import("./cost")).cost,
  addressPlan: { production: "10.0.0.0/16", staging: "10.10.0.0/16" },
  storageProvider: "s3",
  // The committed stacks are on AWS as they stand.
  // The committed stacks are on AWS already.
  stackSets: () => [],
  implemented: true,
  loadPlatform: async () => (await import("./platform")).platform,
  loadPolicy: async () => (await import("./policy")).policy,
  loadMocks: async () => (await import("./mocks")).mocks,
  loadPlanView: async () => (await import("./planView")).planView,
};
