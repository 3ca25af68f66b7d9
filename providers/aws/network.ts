import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import type * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { subnet } from "../../src/cidr";
import type { NetworkArgs, NetworkOutputs } from "../../src/platform";
import { regionZones } from "./zones";

export interface AwsNetworkArgs extends NetworkArgs {
  /** Key for the flow-log group. */
  readonly logsKey: kms.Key;
}

/** The three subnet tiers and the /20 slots of the VPC's /16 each one takes, per zone. */
const TIERS = { public: 0, private: 3, isolated: 6 } as const;
/** A /16 split in /20s: 16 slots, 3 zones x 3 tiers used, the rest left for growth. */
const SUBNET_BITS = 4;

/** The /20 of `tier` in zone `zone`; pure, so the layout is tested without mocks. */
export function subnetCidr(vpcCidr: string, tier: keyof typeof TIERS, zone: number): string {
  return subnet(vpcCidr, SUBNET_BITS, TIERS[tier] + zone);
}

/**
 * A VPC over `spec.zones` availability zones with three subnet tiers:
 * - public: the load balancer and the NAT gateways only; nothing gets a public IP by default;
 * - private: the API tasks, with outbound internet through NAT;
 * - isolated: databases and caches, with no route to the internet at all.
 * Production runs a NAT gateway per zone so a zone outage cannot cut the others off; staging
 * shares one. VPC flow logs (all traffic) go to an encrypted log group, and S3 traffic stays on
 * the AWS network through a gateway endpoint (also cheaper than NAT).
 */
export class AwsNetwork extends pulumi.ComponentResource implements NetworkOutputs {
  readonly networkId: pulumi.Output<string>;
  readonly vpc: ec2.Vpc;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly isolatedSubnetIds: pulumi.Output<string>[];
  readonly privateRouteTableIds: pulumi.Output<string>[];
  readonly flowLogGroup: cloudwatch.LogGroup;

  constructor(name: string, args: AwsNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:network:AwsNetwork", name, {}, opts);
    const { spec, region } = args;
    if (spec.zones < 2 || spec.zones > 3) {
      throw new Error(`AwsNetwork ${name}: zones must be 2 or 3 (got ${spec.zones})`);
    }
    const parent = { parent: this };
    const zoneIds = regionZones(parent).apply((zones) => zones.map((z) => z.id));

    this.vpc = new ec2.Vpc(
      name,
      {
        cidrBlock: spec.cidr,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: name },
      },
      parent,
    );
    this.networkId = this.vpc.id;

    // AWS creates a default security group that allows all traffic between its members; strip it
    // so nothing can fall back to it.
    new ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: this.vpc.id, ingress: [], egress: [] },
      parent,
    );

    const igw = new ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: this.vpc.id, tags: { Name: `${name}-igw` } },
      parent,
    );
    const publicRoutes = new ec2.RouteTable(
      `${name}-public`,
      {
        vpcId: this.vpc.id,
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: { Name: `${name}-public` },
      },
      parent,
    );

    const zoneIndexes = Array.from({ length: spec.zones }, (_, i) => i);
    const makeSubnet = (tier: keyof typeof TIERS, i: number) =>
      new ec2.Subnet(
        `${name}-${tier}-${i}`,
        {
          vpcId: this.vpc.id,
          cidrBlock: subnetCidr(spec.cidr, tier, i),
          availabilityZoneId: zoneIds.apply((ids) => {
            const zone = ids[i];
            if (zone === undefined)
              throw new Error(`${region} has fewer than ${spec.zones} usable zones`);
            return zone;
          }),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-${tier}-${i}`, tier },
        },
        parent,
      );

    const publicSubnets = zoneIndexes.map((i) => makeSubnet("public", i));
    publicSubnets.forEach(
      (s, i) =>
        new ec2.RouteTableAssociation(
          `${name}-public-${i}`,
          { subnetId: s.id, routeTableId: publicRoutes.id },
          parent,
        ),
    );

    const natCount = spec.natGateways === "perZone" ? spec.zones : 1;
    const nats = zoneIndexes.slice(0, natCount).map((i) => {
      const eip = new ec2.Eip(
        `${name}-nat-${i}`,
        { domain: "vpc", tags: { Name: `${name}-nat-${i}` } },
        parent,
      );
      return new ec2.NatGateway(
        `${name}-nat-${i}`,
        {
          allocationId: eip.id,
          subnetId: publicSubnets[i]!.id,
          tags: { Name: `${name}-nat-${i}` },
        },
        { parent: this, dependsOn: [igw] },
      );
    });

    const privateSubnets = zoneIndexes.map((i) => makeSubnet("private", i));
    const privateRoutes = zoneIndexes.map((i) => {
      const nat = nats[Math.min(i, nats.length - 1)]!;
      const table = new ec2.RouteTable(
        `${name}-private-${i}`,
        {
          vpcId: this.vpc.id,
          routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
          tags: { Name: `${name}-private-${i}` },
        },
        parent,
      );
      new ec2.RouteTableAssociation(
        `${name}-private-${i}`,
        { subnetId: privateSubnets[i]!.id, routeTableId: table.id },
        parent,
      );
      return table;
    });

    const isolatedSubnets = zoneIndexes.map((i) => makeSubnet("isolated", i));
    const isolatedRoutes = new ec2.RouteTable(
      `${name}-isolated`,
      { vpcId: this.vpc.id, tags: { Name: `${name}-isolated` } },
      parent,
    );
    isolatedSubnets.forEach(
      (s, i) =>
        new ec2.RouteTableAssociation(
          `${name}-isolated-${i}`,
          { subnetId: s.id, routeTableId: isolatedRoutes.id },
          parent,
        ),
    );

    new ec2.VpcEndpoint(
      `${name}-s3`,
      {
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [...privateRoutes.map((t) => t.id), isolatedRoutes.id],
        tags: { Name: `${name}-s3` },
      },
      parent,
    );

    this.flowLogGroup = new cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        name: `/entmoot/${args.environment}/vpc-flow-logs`,
        retentionInDays: spec.flowLogRetentionDays,
        kmsKeyId: args.logsKey.arn,
      },
      parent,
    );
    const account = getCallerIdentityOutput({}, parent).accountId;
    const flowLogRole = new iam.Role(
      `${name}-flow-logs`,
      {
        assumeRolePolicy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "vpc-flow-logs.amazonaws.com" },
              Action: "sts:AssumeRole",
              // Confused-deputy guard: only flow logs of this account and region.
              Condition: {
                StringEquals: { "aws:SourceAccount": account },
                ArnLike: {
                  "aws:SourceArn": pulumi.interpolate`arn:aws:ec2:${region}:${account}:vpc-flow-log/*`,
                },
              },
            },
          ],
        }),
      },
      parent,
    );
    const flowLogPolicy = new iam.RolePolicy(
      `${name}-flow-logs`,
      {
        role: flowLogRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
              Resource: pulumi.interpolate`${this.flowLogGroup.arn}:*`,
            },
          ],
        }),
      },
      parent,
    );
    new ec2.FlowLog(
      `${name}-flow-logs`,
      {
        vpcId: this.vpc.id,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: flowLogRole.arn,
        maxAggregationInterval: 60,
      },
      // Flow logs check the role's permission when created and deliver nothing without it.
      { ...parent, dependsOn: [flowLogPolicy] },
    );

    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.isolatedSubnetIds = isolatedSubnets.map((s) => s.id);
    this.privateRouteTableIds = privateRoutes.map((t) => t.id);
    this.registerOutputs({
      networkId: this.networkId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
    });
  }
}
