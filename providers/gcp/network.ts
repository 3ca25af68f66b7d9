import * as compute from "@pulumi/gcp/compute";
import * as servicenetworking from "@pulumi/gcp/servicenetworking";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, subnet } from "../../src/cidr";
import type { NetworkArgs, NetworkOutputs } from "../../src/platform";
import type { GcpContext } from "./context";

export interface GcpNetworkArgs extends NetworkArgs {
  readonly context: GcpContext;
}

/**
 * The network's /16 in /20 slots: workloads, Cloud Run egress, and the range lent to Google's
 * producer networks (Cloud SQL, Memorystore). Pinning the last one inside the environment's /16
 * keeps production and staging free of overlap, so they can be peered later.
 */
const SLOTS = { workloads: 0, run: 1, services: 8 } as const;
const SLOT_BITS = 4;

/** The /20 of `slot` inside the network's range; pure, so the layout is tested without mocks. */
export function networkSlot(cidr: string, slot: keyof typeof SLOTS): string {
  return subnet(cidr, SLOT_BITS, SLOTS[slot]);
}

/**
 * A custom-mode VPC for one environment:
 * - `subnet` for workloads, and `runSubnet` for Cloud Run Direct VPC egress. Cloud Run holds on to
 *   an address per instance for a while after scale-in, so its own range keeps that churn from
 *   starving anything else and makes its flow logs and NAT usage easy to tell apart;
 * - both subnets reach Google APIs privately and log flows with all metadata;
 * - Cloud NAT (regional, so one gateway covers every zone) for outbound calls, logging errors.
 *   Cloud Run sends all its egress into `runSubnet` (compute.ts VPC_EGRESS), so the API's calls to
 *   the internet leave from the NAT's addresses: stable per network, which external APIs that
 *   allowlist callers need, and visible in the flow logs;
 * - private service access: a reserved /20 peered to Google's service producers, which is how
 *   Cloud SQL and Memorystore get private addresses and no public ones;
 * - firewall: every inbound packet is denied and logged by an explicit rule just above GCP's
 *   implied (and unloggable) deny. Nothing in the VPC serves the load balancer: it reaches Cloud
 *   Run through a serverless NEG, which takes no health checks and crosses no VPC firewall, so
 *   no rule admits Google's health-check ranges.
 * Flow logs land in Cloud Logging, whose bucket (not the subnet) sets their retention.
 */
export class GcpNetwork extends pulumi.ComponentResource implements NetworkOutputs {
  readonly network: compute.Network;
  readonly subnet: compute.Subnetwork;
  readonly runSubnet: compute.Subnetwork;
  readonly privateServiceRange: compute.GlobalAddress;
  /** Cloud SQL and Memorystore must dependOn this: they cannot be created before the peering. */
  readonly privateServiceConnection: servicenetworking.Connection;
  /** `projects/<p>/global/networks/<n>`, the form Memorystore's authorizedNetwork takes. */
  readonly networkId: pulumi.Output<string>;
  readonly networkSelfLink: pulumi.Output<string>;
  readonly subnetSelfLink: pulumi.Output<string>;
  readonly runSubnetSelfLink: pulumi.Output<string>;

  constructor(name: string, args: GcpNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, region } = args;
    if (parseCidr(spec.cidr).prefix > 16) {
      throw new Error(
        `GcpNetwork ${name}: cidr must be a /16 or larger to hold its /20 slots (got ${spec.cidr})`,
      );
    }
    // Args are checked before anything registers, so an impossible stack leaves no partial plan.
    super("entmoot:network:GcpNetwork", name, {}, opts);
    const parent = { parent: this, provider: args.context.provider };

    this.network = new compute.Network(
      name,
      {
        description: `Entmoot ${args.environment} network`,
        autoCreateSubnetworks: false,
        // Cloud Router advertises only this region's subnets; the platform runs in one region.
        routingMode: "REGIONAL",
      },
      parent,
    );

    const makeSubnet = (suffix: string, slot: keyof typeof SLOTS, description: string) =>
      new compute.Subnetwork(
        `${name}-${suffix}`,
        {
          network: this.network.id,
          region,
          description,
          ipCidrRange: networkSlot(spec.cidr, slot),
          privateIpGoogleAccess: true,
          logConfig: {
            aggregationInterval: "INTERVAL_5_SEC",
            flowSampling: 0.5,
            metadata: "INCLUDE_ALL_METADATA",
          },
        },
        parent,
      );
    this.subnet = makeSubnet("workloads", "workloads", "Workloads");
    this.runSubnet = makeSubnet("run", "run", "Cloud Run Direct VPC egress");

    const router = new compute.Router(
      `${name}-router`,
      { network: this.network.id, region },
      parent,
    );
    new compute.RouterNat(
      `${name}-nat`,
      {
        router: router.name,
        region,
        // Cloud NAT is a regional, software-defined service with no per-zone gateway to lose, so
        // spec.natGateways ("perZone" on AWS) needs nothing extra here.
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetworks: [this.subnet, this.runSubnet].map((s) => ({
          name: s.id,
          sourceIpRangesToNats: ["ALL_IP_RANGES"],
        })),
        // Dynamic port allocation grows a busy instance's ports on demand; Cloud NAT refuses it
        // together with endpoint-independent mapping, so that is turned off explicitly rather
        // than left to the API's default.
        enableDynamicPortAllocation: true,
        enableEndpointIndependentMapping: false,
        minPortsPerVm: 64,
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      },
      parent,
    );

    const [servicesAddress, servicesPrefix] = networkSlot(spec.cidr, "services").split("/");
    this.privateServiceRange = new compute.GlobalAddress(
      `${name}-services`,
      {
        description: "Range peered to Google service producers (Cloud SQL, Memorystore)",
        network: this.network.id,
        purpose: "VPC_PEERING",
        addressType: "INTERNAL",
        address: servicesAddress,
        prefixLength: Number(servicesPrefix),
      },
      parent,
    );
    this.privateServiceConnection = new servicenetworking.Connection(
      `${name}-services`,
      {
        network: this.network.id,
        service: "servicenetworking.googleapis.com",
        reservedPeeringRanges: [this.privateServiceRange.name],
        // Google refuses to delete the peering while a producer still uses it, even as the last
        // step of a teardown; abandoning it lets the network's own deletion clean it up.
        deletionPolicy: "ABANDON",
      },
      parent,
    );

    new compute.Firewall(
      `${name}-deny-ingress`,
      {
        network: this.network.id,
        description: "Deny and log every other inbound packet",
        direction: "INGRESS",
        priority: 65534,
        sourceRanges: ["0.0.0.0/0"],
        denies: [{ protocol: "all" }],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      },
      parent,
    );

    this.networkId = this.network.id;
    this.networkSelfLink = this.network.selfLink;
    this.subnetSelfLink = this.subnet.selfLink;
    this.runSubnetSelfLink = this.runSubnet.selfLink;
    this.registerOutputs({
      networkId: this.networkId,
      networkSelfLink: this.networkSelfLink,
      subnetSelfLink: this.subnetSelfLink,
      runSubnetSelfLink: this.runSubnetSelfLink,
    });
  }
}
