import { describe, expect, it } from "vitest";
import { AWS_SKUS, fargateSize } from "../../providers/aws/skus";
import { TIER_SIZES } from "../../stacks/tiers";

describe("AWS SKU table", () => {
  it("matches the capacity plan's example SKUs", () => {
    expect(AWS_SKUS.database).toEqual({
      small: "db.t4g.large",
      medium: "db.r6i.xlarge",
      large: "db.r6i.2xlarge",
    });
    for (const tier of ["small", "medium", "large"] as const) {
      expect(AWS_SKUS.cache[tier]).toMatch(/^cache\./);
    }
  });
});

describe("fargateSize", () => {
  it.each([
    [0.5, 1, "512", "1024"],
    [1, 2, "1024", "2048"],
    [2, 4, "2048", "4096"],
  ])("%f vCPU / %f GiB -> %s / %s", (vcpu, gib, cpu, memory) => {
    expect(fargateSize(vcpu, gib)).toEqual({ cpu, memory });
  });

  it("refuses a size Fargate does not offer", () => {
    expect(() => fargateSize(1, 1)).toThrow(/no Fargate size for 1 vCPU \/ 1 GiB/);
  });

  it.each(["small", "medium", "large"] as const)("every %s API size exists on Fargate", (tier) => {
    expect(() =>
      fargateSize(TIER_SIZES[tier].api.vcpu, TIER_SIZES[tier].api.memoryGiB),
    ).not.toThrow();
  });
});
