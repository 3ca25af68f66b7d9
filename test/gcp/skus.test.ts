import { describe, expect, it } from "vitest";
import { GCP_SKUS } from "../../providers/gcp/skus";

describe("GCP SKU table", () => {
  it("matches the capacity plan's example SKUs", () => {
    expect(GCP_SKUS.database).toEqual({
      small: "db-custom-2-7680",
      medium: "db-custom-4-16384",
      large: "db-custom-8-32768",
    });
  });

  it.each(["small", "medium", "large"] as const)(
    "sizes the %s tier's Memorystore in whole GiB",
    (tier) => {
      expect(Number.isInteger(Number(GCP_SKUS.cache[tier]))).toBe(true);
    },
  );
});
