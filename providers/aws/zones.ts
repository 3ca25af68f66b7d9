import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Zones that exist for some accounts but cannot run the platform, by zone id (the same physical
 * zone in every account):
 * - use1-az3 (us-east-1): no current instance families (no Nitro or Graviton classes such as
 *   db.r6i, cache.r7g, db.t4g), so RDS, ElastiCache and their standbys cannot be placed there;
 * - usw1-az2 (us-west-1): closed to new accounts; Fargate runs in usw1-az1 and usw1-az3 only;
 * - apne1-az3 (ap-northeast-1): closed to new accounts; Fargate runs in apne1-az1, -az2 and -az4
 *   only.
 * A constrained zone that an account does not see is simply absent from its list.
 */
export const CONSTRAINED_ZONE_IDS: ReadonlySet<string> = new Set([
  "use1-az3",
  "usw1-az2",
  "apne1-az3",
]);

/** One Availability Zone: its per-account name and its zone id. */
export interface Zone {
  readonly name: string;
  readonly id: string;
}

/**
 * What the platform asks EC2 for: only zones that need no opt-in. Local Zones and Wavelength
 * Zones are opt-in and sort before the region's own zones (`us-east-1-bos-1a` < `us-east-1a`);
 * once an account opts into one it would take a subnet, without the services (RDS Multi-AZ,
 * ElastiCache, NAT) the platform needs there. No `state` filter: a zone that is impaired for a
 * while would drop out of the list and shift every later zone's index, and a new index means a
 * new zone for subnets and replicas, which replaces them.
 */
export const ZONE_QUERY = {
  filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
} as const;

/**
 * The zones the platform uses, in the order EC2's list gives them (by zone name, which is fixed
 * for an account), without the constrained ones: the same list on every run for a region and
 * account. Name order rather than id order keeps the zones stacks already run in. Pure, so the
 * selection is tested without mocks.
 */
export function usableZones(names: readonly string[], zoneIds: readonly string[]): Zone[] {
  if (names.length !== zoneIds.length) {
    throw new Error(`usableZones: ${names.length} zone names but ${zoneIds.length} zone ids`);
  }
  return names
    .map((name, i) => ({ name, id: zoneIds[i]! }))
    .filter((z) => !CONSTRAINED_ZONE_IDS.has(z.id));
}

/**
 * The region's usable Availability Zones (see usableZones). One invoke, so AwsNetwork's subnets
 * and AwsDatabase's replicas index the same list. Subnets are placed by zone id, which names the
 * same physical zone in every account, where zone names are shuffled per account.
 */
export function regionZones(opts: pulumi.InvokeOutputOptions): pulumi.Output<Zone[]> {
  return getAvailabilityZonesOutput(
    { filters: ZONE_QUERY.filters.map((f) => ({ name: f.name, values: [...f.values] })) },
    opts,
  ).apply((zones) => usableZones(zones.names, zones.zoneIds));
}
