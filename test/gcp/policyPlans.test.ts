import { beforeAll, expect, test } from "vitest";
import { isFrontendBucket } from "../../providers/gcp/policy";
import { ENVIRONMENTS } from "../../src/cloud";
import { loadPlans, plans } from "../policy/plans";

/** The one exception the GCP binding makes to private buckets, on the real plans. */

beforeAll(loadPlans);

test.each(ENVIRONMENTS)(
  "gcp-%s exempts exactly the frontend bucket from access prevention",
  (env) => {
    expect(plans[`gcp-${env}`].filter(isFrontendBucket).map((r) => r.name)).toEqual([
      `entmoot-${env}-frontend`,
    ]);
  },
);
