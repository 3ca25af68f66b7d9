import { describe, expect, it } from "vitest";
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS, loadPlatform } from "../providers";
import { CLOUDS } from "../src/cloud";

describe("the cloud registry", () => {
  it("has one entry per cloud, each with distinct address ranges", () => {
    expect(Object.keys(CLOUD_ENTRIES).sort()).toEqual([...CLOUDS].sort());
    const ranges = CLOUDS.flatMap((c) => Object.values(CLOUD_ENTRIES[c].addressPlan));
    expect(new Set(ranges).size).toBe(ranges.length);
  });

  it("builds on AWS, GCP and Azure", () => {
    expect(IMPLEMENTED_CLOUDS).toEqual(["aws", "gcp", "azure"]);
  });

  it("refuses a cloud still being built, naming the ones it builds on, without loading it", async () => {
    let loaded = false;
    const building = {
      ...CLOUD_ENTRIES,
      azure: {
        ...CLOUD_ENTRIES.azure,
        implemented: false,
        loadPlatform: () => {
          loaded = true;
          return CLOUD_ENTRIES.azure.loadPlatform();
        },
      },
    };
    await expect(loadPlatform("azure", building)).rejects.toThrow(
      "entmoot:cloud azure is not implemented yet; this version builds on: aws, gcp",
    );
    expect(loaded).toBe(false);
  });
});
