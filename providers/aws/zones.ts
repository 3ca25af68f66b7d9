import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The region's Availability Zones, names and ids in the same order (one invoke, so index i of
 * each is the same zone). Local Zones and Wavelength Zones are opt-in and sort before the
 * region's own zones (`us-east-1-bos-1a` < `us-east-1a`); once an account opts into one it would
 * take a subnet, without the services (RDS Multi-AZ, ElastiCache, NAT) the platform needs there.
 * Only zones that need no opt-in are listed. Subnets are placed by zone id, which names the same
 * physical zone in every account, where zone names are shuffled per account.
 */
export function regionZones(opts: pulumi.InvokeOutputOptions) {
  return getAvailabilityZonesOutput(
    {
      state: "available",
      filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    },
    opts,
  );
}
