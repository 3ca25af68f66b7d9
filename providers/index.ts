import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../src/cloud";
import type { CloudConfigCheck } from "../src/configRules";
import type { CloudPlatform } from "../src/platform";
import { checkConfig as awsConfigRules } from "./aws/configRules";
import { checkConfig as azureConfigRules } from "./azure/configRules";
import { checkConfig as gcpConfigRules } from "./gcp/configRules";

/**
 * Each cloud's own config rules, applied by parseConfig. These files load no provider SDK, so
 * validating a config never loads a cloud.
 */
export const CLOUD_CONFIG_RULES: Readonly<Record<Cloud, CloudConfigCheck>> = {
  aws: awsConfigRules,
  gcp: gcpConfigRules,
  // Its platform is refused by loadPlatform until the implementation is whole.
  azure: azureConfigRules,
};

/**
 * Loads the chosen cloud's implementation, and only that one: each provider SDK costs hundreds of
 * megabytes and seconds to load, so the others are never imported.
 */
export async function loadPlatform(cloud: Cloud): Promise<CloudPlatform> {
  switch (cloud) {
    case "aws":
      return (await import("./aws/platform")).platform;
    case "gcp":
      return (await import("./gcp/platform")).platform;
    case "azure":
      throw new pulumi.RunError(
        "entmoot:cloud azure is not implemented yet; this version builds on: aws, gcp",
      );
    default: {
      const unknown: never = cloud;
      throw new pulumi.RunError(`entmoot:cloud ${String(unknown)} is not a supported cloud`);
    }
  }
}
