import type { CloudConfigView, ConfigIssueDraft } from "../../src/configRules";

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** GCP's rules for the keys whose meaning only GCP knows. SDK-free: config checks load no cloud. */
export function checkConfig(c: CloudConfigView): ConfigIssueDraft[] {
  const issues: ConfigIssueDraft[] = [];
  if (c.gcpProject === undefined) {
    issues.push({
      key: "gcpProject",
      value: undefined,
      message: "required when entmoot:cloud is gcp",
    });
  } else if (!PROJECT_ID.test(c.gcpProject)) {
    issues.push({
      key: "gcpProject",
      value: c.gcpProject,
      message:
        "not a GCP project id: 6-30 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen",
    });
  }
  return issues;
}
