import { describe, expect, it } from "vitest";
import { parseCidr, subnet } from "../src/cidr";

describe("subnet", () => {
  it.each([
    ["10.0.0.0/16", 4, 0, "10.0.0.0/20"],
    ["10.0.0.0/16", 4, 2, "10.0.32.0/20"],
    ["10.0.0.0/16", 4, 15, "10.0.240.0/20"],
    ["10.10.0.0/16", 8, 1, "10.10.1.0/24"],
  ])("subnet(%s, %i, %i) = %s", (cidr, bits, index, expected) => {
    expect(subnet(cidr, bits, index)).toBe(expected);
  });

  it.each([
    ["10.0.0.0/16", 4, 16, /has no subnet 16/],
    ["10.0.0.0/16", 0, 0, /cannot split/],
    ["10.0.0.0/16", 13, 0, /cannot split/],
    ["10.0.0.1/16", 4, 0, /host bits set/],
    ["10.0.0/16", 4, 0, /not an IPv4 address/],
    ["10.0.0.0", 4, 0, /not a CIDR block/],
  ])("subnet(%s, %i, %i) is refused", (cidr, bits, index, error) => {
    expect(() => subnet(cidr, bits, index)).toThrow(error);
  });

  it("parses a block", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ base: 10 * 2 ** 24, prefix: 16 });
  });
});
