/**
 * Pure naming and placement rules for GCP data resources, kept apart from the components so that
 * they are tested with `test.each` and no mocks.
 */

/**
 * The multi-region that may parent a configurable dual-region holding `region`. Cloud Storage
 * offers configurable dual-regions only inside the US, EU and ASIA multi-regions; the prefixes
 * below are the region families each one covers.
 */
const DUAL_REGION_PARENTS: readonly {
  readonly parent: string;
  readonly prefixes: readonly string[];
}[] = [
  { parent: "US", prefixes: ["us-", "northamerica-northeast"] },
  { parent: "EU", prefixes: ["europe-"] },
  { parent: "ASIA", prefixes: ["asia-"] },
];

/** US, EU or ASIA: the multi-region a dual-region holding `region` belongs to, if any. */
export function multiRegionOf(region: string): string | undefined {
  return DUAL_REGION_PARENTS.find((p) => p.prefixes.some((prefix) => region.startsWith(prefix)))
    ?.parent;
}

/** Where a bucket lives: a location, and the two regions of a configurable dual-region. */
export interface BucketPlacement {
  readonly location: string;
  readonly dataLocations?: readonly string[];
}

/**
 * A configurable dual-region over `region` and `drRegion` (`location` is their shared
 * multi-region, `dataLocations` the pair), or the single region when there is no `drRegion`.
 * Configurable rather than predefined dual-regions (NAM4, EUR4, ...) because they cover any pair
 * on one continent and still allow turbo replication. Pairs across continents do not exist.
 */
export function bucketPlacement(region: string, drRegion?: string): BucketPlacement {
  if (drRegion === undefined) return { location: region.toUpperCase() };
  if (drRegion === region)
    throw new Error(`dual-region needs two different regions (got ${region} twice)`);
  const parent = multiRegionOf(region);
  if (parent === undefined || multiRegionOf(drRegion) !== parent) {
    throw new Error(
      `no Cloud Storage dual-region spans ${region} and ${drRegion}: both must be in one of ` +
        `${DUAL_REGION_PARENTS.map((p) => p.parent).join(", ")}`,
    );
  }
  return { location: parent, dataLocations: [region.toUpperCase(), drRegion.toUpperCase()] };
}

/**
 * A bucket name, which is global across all of Cloud Storage: the project id keeps it unique,
 * `name` keeps two stacks in one project apart. 3-63 characters of [a-z0-9-], starting and ending
 * with a letter or digit, and never containing "google".
 */
export function bucketName(project: string, name: string, suffix: string): string {
  const full = `${project}-${name}-${suffix}`.toLowerCase();
  if (full.length > 63)
    throw new Error(`bucket name ${full} is ${full.length} characters; the limit is 63`);
  if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(full))
    throw new Error(`bucket name ${full} is not [a-z0-9-]`);
  if (full.includes("google")) throw new Error(`bucket name ${full} may not contain "google"`);
  return full;
}
