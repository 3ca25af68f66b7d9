import type { CallFn, StateFn } from "./index";

const ACCOUNT = "123456789012";

/** Invokes the AWS components make, with the answers a real account would give. */
export const awsCalls: Record<string, CallFn> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, ctx) => ({
    names: ["a", "b", "c"].map((z) => `${ctx.region}${z}`),
    zoneIds: [1, 2, 3].map((n) => `use1-az${n}`),
    id: ctx.region,
  }),
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
