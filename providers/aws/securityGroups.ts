import * as ec2 from "@pulumi/aws/ec2";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";

/** The ports SMTP_PORT accepts (src/appSettings.ts): submission with STARTTLS, and SMTPS. */
export const SMTP_PORTS = [587, 465] as const;

export interface AwsSecurityGroupsArgs {
  readonly vpcId: pulumi.Input<string>;
  readonly apiPort: number;
  readonly databasePort: number;
  readonly cachePort: number;
}

/**
 * The platform's security groups and every rule between them, in one place so the whole traffic
 * matrix can be read (and audited) at once:
 *
 *   internet --80/443--> lb --apiPort--> api --databasePort--> database
 *                                         \--cachePort------> cache
 *                                          \--443-----------> internet (registry, AWS APIs, Sentry)
 *                                          \--587, 465-------> internet (mail relay)
 *
 * Only the load balancer's group admits traffic from outside the VPC. Rules are separate
 * resources so that groups can reference each other without a dependency cycle, and Terraform's
 * removal of AWS's allow-all egress default leaves the data tiers with no egress at all.
 */
export class AwsSecurityGroups extends pulumi.ComponentResource {
  readonly lb: ec2.SecurityGroup;
  readonly api: ec2.SecurityGroup;
  readonly database: ec2.SecurityGroup;
  readonly cache: ec2.SecurityGroup;

  constructor(
    name: string,
    args: AwsSecurityGroupsArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("entmoot:network:AwsSecurityGroups", name, {}, opts);
    const parent = { parent: this };
    const group = (role: string, description: string) =>
      new ec2.SecurityGroup(
        `${name}-${role}`,
        { vpcId: args.vpcId, description, tags: { Name: `${name}-${role}` } },
        parent,
      );
    this.lb = group("lb", "Entmoot load balancer: HTTPS from the internet");
    this.api = group("api", "Entmoot API tasks: traffic from the load balancer only");
    this.database = group("database", "Entmoot PostgreSQL: connections from the API only");
    this.cache = group("cache", "Entmoot Redis: connections from the API only");

    const tcp = (port: number) => ({ ipProtocol: "tcp", fromPort: port, toPort: port });
    for (const port of [80, 443]) {
      new vpc.SecurityGroupIngressRule(
        `${name}-lb-in-${port}-v4`,
        {
          securityGroupId: this.lb.id,
          cidrIpv4: "0.0.0.0/0",
          description: `internet to load balancer on ${port}`,
          ...tcp(port),
        },
        parent,
      );
      new vpc.SecurityGroupIngressRule(
        `${name}-lb-in-${port}-v6`,
        {
          securityGroupId: this.lb.id,
          cidrIpv6: "::/0",
          description: `internet (IPv6) to load balancer on ${port}`,
          ...tcp(port),
        },
        parent,
      );
    }
    const link = (
      from: ec2.SecurityGroup,
      fromRole: string,
      to: ec2.SecurityGroup,
      toRole: string,
      port: number,
    ) => {
      new vpc.SecurityGroupEgressRule(
        `${name}-${fromRole}-to-${toRole}`,
        {
          securityGroupId: from.id,
          referencedSecurityGroupId: to.id,
          description: `${fromRole} to ${toRole}`,
          ...tcp(port),
        },
        parent,
      );
      new vpc.SecurityGroupIngressRule(
        `${name}-${toRole}-from-${fromRole}`,
        {
          securityGroupId: to.id,
          referencedSecurityGroupId: from.id,
          description: `${fromRole} to ${toRole}`,
          ...tcp(port),
        },
        parent,
      );
    };
    link(this.lb, "lb", this.api, "api", args.apiPort);
    link(this.api, "api", this.database, "database", args.databasePort);
    link(this.api, "api", this.cache, "cache", args.cachePort);
    new vpc.SecurityGroupEgressRule(
      `${name}-api-to-https`,
      {
        securityGroupId: this.api.id,
        cidrIpv4: "0.0.0.0/0",
        description: "API to HTTPS services (image registry, AWS APIs, error reporting)",
        ...tcp(443),
      },
      parent,
    );

    // The API sends mail through the relay in SMTP_HOST on SMTP_PORT, which takes 587
    // (submission, STARTTLS) or 465 (implicit TLS), e.g. SES SMTP; both leave through the NAT.
    for (const port of SMTP_PORTS) {
      new vpc.SecurityGroupEgressRule(
        `${name}-api-to-smtp-${port}`,
        {
          securityGroupId: this.api.id,
          cidrIpv4: "0.0.0.0/0",
          description: `API to mail relays on ${port}`,
          ...tcp(port),
        },
        parent,
      );
    }

    this.registerOutputs({
      lb: this.lb.id,
      api: this.api.id,
      database: this.database.id,
      cache: this.cache.id,
    });
  }
}
