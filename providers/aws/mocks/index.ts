import type { CallFn, CloudMocks, GenericFn, StateFn } from "../../../src/plan/mocks";
import { ACCOUNT } from "./account";
import { awsDataCalls, awsDataState } from "./data";
import { awsEdgeCalls, awsEdgeState } from "./edge";

/** Every AWS resource has an ARN (in the run's region and the mock account) and a name. */
const generic: GenericFn = (type, name, _inputs, ctx) => {
  const service = (type.split(":")[1] ?? "index").split("/")[0];
  return { arn: `arn:aws:${service}:${ctx.region}:${ACCOUNT}:${name}`, name };
};

/** Invokes the AWS components make, with the answers a real account would give. */
export const awsCalls: Record<string, CallFn> = {
  // An account opted into a Local Zone, as a real one may be: it sorts before the region's own
  // zones and is listed unless the caller filters on opt-in-status.
  "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, ctx) => {
    const filters = Array.isArray(inputs.filters)
      ? (inputs.filters as Record<string, unknown>[])
      : [];
    const ownOnly = filters.some(
      (f) =>
        f.name === "opt-in-status" &&
        Array.isArray(f.values) &&
        f.values.length === 1 &&
        f.values[0] === "opt-in-not-required",
    );
    // Zone ids as AWS forms them (us-east-1 -> use1-az1, ap-northeast-1 -> apne1-az1); us-east-1
    // lists six zones, use1-az3 among them, which lacks current instance families.
    const [geo = "", direction = "", number = ""] = ctx.region.split("-");
    const prefix = `${geo}${direction
      .replace("north", "n")
      .replace("south", "s")
      .replace("east", "e")
      .replace("west", "w")
      .replace("central", "c")}${number}`;
    const local = ownOnly ? [] : [{ name: `${ctx.region}-bos-1a`, id: `${prefix}-bos1-az1` }];
    const letters = ctx.region === "us-east-1" ? ["a", "b", "c", "d", "e", "f"] : ["a", "b", "c"];
    const zones = [
      ...local,
      ...letters.map((z, i) => ({ name: `${ctx.region}${z}`, id: `${prefix}-az${i + 1}` })),
    ];
    return { names: zones.map((z) => z.name), zoneIds: zones.map((z) => z.id), id: ctx.region };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
    userId: "AIDAEXAMPLE",
    id: ACCOUNT,
  }),
  "aws:index/getPartition:getPartition": () => ({
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    id: "aws",
  }),
  "aws:index/getRegion:getRegion": (_inputs, ctx) => ({
    name: ctx.region,
    region: ctx.region,
    id: ctx.region,
  }),
};

/** Attributes AWS computes, by resource type. */
export const awsState: Record<string, StateFn> = {
  "aws:kms/key:Key": (name) => ({ keyId: `${name}-key-id` }),
};

/** AWS's fake for the offline plan and the tests (the registry's `loadMocks`). */
export const mocks: CloudMocks = {
  packages: ["aws"],
  generic,
  state: { ...awsState, ...awsDataState, ...awsEdgeState },
  calls: { ...awsCalls, ...awsDataCalls, ...awsEdgeCalls },
};
