import { describe, expect, it, test } from "vitest";
import { checkConfig, parseCertificate } from "../../providers/gcp/configRules";
import type { CloudConfigView } from "../../src/configRules";

const VALID: CloudConfigView = {
  environment: "production",
  tier: "medium",
  region: "us-central1",
  drRegion: "us-east1",
  gcpProject: "entmoot-prod-123",
  domain: "api.example.com",
  frontend: true,
};

const keys = (c: CloudConfigView) => checkConfig(c).map((i) => i.key);

describe("GCP config rules", () => {
  it("accepts the README's GCP stack", () => {
    expect(checkConfig(VALID)).toEqual([]);
  });

  test.each([
    [undefined, "required when entmoot:cloud is gcp"],
    ["Entmoot_Prod", "not a GCP project id"],
    ["abc", "not a GCP project id"],
  ])("gcpProject %s is refused", (gcpProject, message) => {
    const [issue, ...rest] = checkConfig({ ...VALID, gcpProject });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ key: "gcpProject", value: gcpProject });
    expect(issue?.message).toContain(message);
  });

  test.each([
    ["us-central1", "europe-west1"],
    ["europe-west1", "asia-northeast1"],
    ["australia-southeast1", "australia-southeast2"],
    ["southamerica-east1", "us-east1"],
  ])(
    "production %s + %s is refused: Cloud Storage has no dual-region across multi-regions",
    (region, drRegion) => {
      const issues = checkConfig({ ...VALID, region, drRegion });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ key: "drRegion", value: drRegion });
      expect(issues[0]?.message).toContain("dual-region");
    },
  );

  test.each([
    ["us-central1", "us-east1"],
    ["northamerica-northeast1", "us-east4"],
    ["europe-west1", "europe-west4"],
    ["asia-northeast1", "asia-northeast2"],
  ])("production %s + %s forms a dual-region", (region, drRegion) => {
    expect(checkConfig({ ...VALID, region, drRegion })).toEqual([]);
  });

  it("leaves the region pair alone in staging, which keeps no cross-region copies", () => {
    expect(
      checkConfig({
        ...VALID,
        environment: "staging",
        region: "us-central1",
        drRegion: "europe-west1",
      }),
    ).toEqual([]);
  });

  test.each([
    "projects/entmoot-prod-123/global/sslCertificates/api-cert",
    "https://www.googleapis.com/compute/v1/projects/entmoot-prod-123/global/sslCertificates/api-cert",
    "projects/entmoot-prod-123/locations/global/certificateMaps/entmoot",
    "//certificatemanager.googleapis.com/projects/entmoot-prod-123/locations/global/certificateMaps/entmoot",
  ])("certificate %s is a form the global external load balancer takes", (certificate) => {
    expect(checkConfig({ ...VALID, certificate })).toEqual([]);
  });

  test.each([
    "api-cert",
    "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    "projects/entmoot-prod-123/regions/us-central1/sslCertificates/api-cert",
    "projects/entmoot-prod-123/locations/global/certificates/api-cert",
    "projects/entmoot-prod-123/global/sslCertificates/Api_Cert",
  ])(
    "certificate %s is refused: a global HTTPS proxy takes global SSL certificates or a certificate map",
    (certificate) => {
      expect(keys({ ...VALID, certificate })).toEqual(["certificate"]);
    },
  );

  test.each(["43201", "86400", "604800"])(
    "STORAGE_SIGNED_URL_TTL_SECONDS=%s is refused: URLs Cloud Run signs through IAM Credentials signBlob hold 12 hours at most",
    (ttl) => {
      const issues = checkConfig({
        ...VALID,
        appSettings: { STORAGE_SIGNED_URL_TTL_SECONDS: ttl, STORAGE_MAX_UPLOAD_MB: "50" },
      });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({
        key: "appSettings",
        value: `STORAGE_SIGNED_URL_TTL_SECONDS=${ttl}`,
      });
      expect(issues[0]?.message).toContain("43200");
    },
  );

  test.each(["60", "900", "43200"])(
    "STORAGE_SIGNED_URL_TTL_SECONDS=%s fits the 12 hours of a signBlob signature",
    (ttl) => {
      expect(
        checkConfig({ ...VALID, appSettings: { STORAGE_SIGNED_URL_TTL_SECONDS: ttl } }),
      ).toEqual([]);
    },
  );

  it("hands a certificate map to the proxy in the prefixed form it accepts", () => {
    expect(parseCertificate("projects/p-123456/locations/global/certificateMaps/m")).toEqual({
      kind: "certificateMap",
      ref: "//certificatemanager.googleapis.com/projects/p-123456/locations/global/certificateMaps/m",
    });
    expect(parseCertificate("projects/p-123456/global/sslCertificates/c")).toEqual({
      kind: "sslCertificate",
      ref: "projects/p-123456/global/sslCertificates/c",
    });
  });
});
