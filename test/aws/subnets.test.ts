import { describe, expect, it } from "vitest";
import { subnetCidr } from "../../providers/aws/network";

describe("AWS subnet layout", () => {
  it("gives every tier and zone its own /20 without overlap", () => {
    const blocks = (["public", "private", "isolated"] as const).flatMap((tier) =>
      [0, 1, 2].map((z) => subnetCidr("10.0.0.0/16", tier, z)),
    );
    expect(new Set(blocks).size).toBe(9);
    expect(subnetCidr("10.0.0.0/16", "private", 0)).toBe("10.0.48.0/20");
    expect(subnetCidr("10.0.0.0/16", "isolated", 2)).toBe("10.0.128.0/20");
  });
});
