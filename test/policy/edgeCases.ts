/**
 * Minimal cases for the edge rules (policy/checks/edge.ts): each FAILING case breaks its policy
 * with exactly the given messages, each PASSING case is a near miss that must not.
 */
import { expect } from "vitest";
import { GROUP, INGRESS, NAME, RDS, RUN, res, type Case, type Passing } from "./cases";

export const EDGE_FAILING: Case[] = [
  [
    "tls-1-2-minimum",
    [
      res("aws:lb/listener:Listener", {
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-2016-08",
      }),
    ],
    "production",
    [
      expect.stringMatching(
        /^sslPolicy "ELBSecurityPolicy-2016-08" is not a TLS 1.2\+ policy \(allowed: ELBSecurityPolicy-TLS13-1-2-2021-06, /,
      ) as unknown as string,
    ],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:lb/listener:Listener", {
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: "arn" }],
      }),
    ],
    "production",
    ["HTTP listener must only redirect to HTTPS"],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:lb/listener:Listener", {
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }],
      }),
    ],
    "staging",
    ["HTTP listener must only redirect to HTTPS"],
  ],
  [
    "tls-1-2-minimum",
    [
      res("aws:cloudfront/distribution:Distribution", {
        viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1" },
        defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
        orderedCacheBehaviors: [{ viewerProtocolPolicy: "allow-all" }],
      }),
    ],
    "production",
    [
      'viewerCertificate.minimumProtocolVersion must be one of TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025 (is "TLSv1")',
      'viewerProtocolPolicy "allow-all" serves plain HTTP',
    ],
  ],
  [
    "tls-1-2-minimum",
    [res("gcp:compute/sSLPolicy:SSLPolicy", { minTlsVersion: "TLS_1_0", profile: "COMPATIBLE" })],
    "production",
    [
      'minTlsVersion must be TLS_1_2 or TLS_1_3 (is "TLS_1_0")',
      'profile must be MODERN or RESTRICTED (is "COMPATIBLE")',
    ],
  ],
  [
    "tls-1-2-minimum",
    [res("gcp:compute/targetHttpsProxy:TargetHttpsProxy", { urlMap: "m" })],
    "staging",
    ["sslPolicy must be set (the default allows TLS 1.0)"],
  ],
  [
    "secrets-not-plain",
    [
      res("aws:ecs/taskDefinition:TaskDefinition", {
        containerDefinitions: JSON.stringify([
          {
            name: "api",
            environment: [
              { name: "LOG_LEVEL", value: "info" },
              { name: "SENTRY_DSN", value: "https://k@sentry.io/1" },
            ],
          },
        ]),
      }),
    ],
    "staging",
    ['container "api" has SENTRY_DSN as a plain environment variable; use secrets'],
  ],
  [
    "secrets-not-plain",
    [res("aws:ecs/taskDefinition:TaskDefinition", { containerDefinitions: "[{" })],
    "production",
    ["containerDefinitions is not valid JSON"],
  ],
  [
    "secrets-not-plain",
    [
      res(RUN, {
        template: {
          containers: [
            {
              name: "api",
              envs: [
                { name: "REDIS_PASSWORD", value: "hunter2" },
                {
                  name: "DATABASE_PASSWORD",
                  valueSource: { secretKeyRef: { secret: "s", version: "latest" } },
                },
              ],
            },
          ],
        },
      }),
    ],
    "production",
    ['container "api" sets REDIS_PASSWORD without a Secret Manager reference'],
  ],
  [
    "secrets-not-plain",
    [res(RDS, { password: "p" }, { secretInputs: [] })],
    "staging",
    ["password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [res(GROUP, { authToken: "t" }, { secretInputs: ["description"] })],
    "staging",
    ["authToken must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [res("gcp:sql/user:User", { password: "p" }, { secretInputs: [] })],
    "staging",
    ["password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [
      res(
        "aws:secretsmanager/secretVersion:SecretVersion",
        { secretString: "p" },
        { secretInputs: [] },
      ),
    ],
    "staging",
    [
      "secretString must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    ],
  ],
  [
    "secrets-not-plain",
    [
      res(
        "gcp:secretmanager/secretVersion:SecretVersion",
        { secretData: "p" },
        { secretInputs: [] },
      ),
    ],
    "staging",
    [
      "secretData must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22 },
        { name: "entmoot-production-sg-api-in-22" },
      ),
    ],
    "production",
    [
      "only the load balancer's security group may accept traffic from the internet",
      'internet ingress must be tcp 80 or 443 (is "tcp" 22-22)',
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        INGRESS,
        { cidrIpv6: "::/0", ipProtocol: "-1" },
        { name: "entmoot-production-sg-lb-in-all" },
      ),
    ],
    "staging",
    ['internet ingress must be tcp 80 or 443 (is "-1" unset-unset)'],
  ],
  // "-from-lb" ends a rule on the API's group: the load balancer's rules carry "-lb-".
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        INGRESS,
        { cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 },
        { name: "entmoot-production-sg-api-from-lb" },
      ),
    ],
    "production",
    ["only the load balancer's security group may accept traffic from the internet"],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res("aws:ec2/securityGroupRule:SecurityGroupRule", {
        type: "ingress",
        cidrBlocks: ["0.0.0.0/0"],
        protocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
      }),
    ],
    "production",
    [
      "only the load balancer's security group may accept traffic from the internet",
      'internet ingress must be tcp 80 or 443 (is "tcp" 5432-5432)',
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        "aws:ec2/securityGroup:SecurityGroup",
        {
          ingress: [
            { cidrBlocks: ["10.0.0.0/8"], protocol: "tcp", fromPort: 22, toPort: 22 },
            { ipv6CidrBlocks: ["::/0"], protocol: "tcp", fromPort: 80, toPort: 443 },
          ],
        },
        { name: "entmoot-production-sg-lb" },
      ),
    ],
    "production",
    ['internet ingress must be tcp 80 or 443 (is "tcp" 80-443)'],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res("gcp:compute/firewall:Firewall", {
        allows: [{ protocol: "tcp", ports: ["22"] }],
        sourceRanges: ["0.0.0.0/0"],
      }),
    ],
    "production",
    ["firewall allow rule must not admit 0.0.0.0/0 or ::/0"],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(RUN, { template: {} })],
    "staging",
    [
      "ingress must be INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER or INGRESS_TRAFFIC_INTERNAL_ONLY (is unset)",
    ],
  ],
  [
    "waf-in-front",
    [
      res("aws:lb/loadBalancer:LoadBalancer", { loadBalancerType: "application" }),
      res(
        "aws:wafv2/webAclAssociation:WebAclAssociation",
        {},
        {
          name: "entmoot-production-other-waf",
          dependencies: { resourceArn: ["entmoot-production-other"] },
        },
      ),
    ],
    "production",
    ["internet-facing ALB has no WAFv2 web ACL association"],
  ],
  [
    "waf-in-front",
    [res("gcp:compute/backendService:BackendService", { loadBalancingScheme: "EXTERNAL_MANAGED" })],
    "production",
    ["securityPolicy must name a Cloud Armor policy"],
  ],
  [
    "log-retention",
    [res("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 0 })],
    "staging",
    [
      "retentionInDays must be set (is 0: logs kept forever)",
      "kmsKeyId must name a KMS key (is unset)",
    ],
  ],
];

export const EDGE_PASSING: Passing[] = [
  [
    "waf-in-front",
    [
      res("aws:lb/loadBalancer:LoadBalancer", {}),
      res(
        "aws:wafv2/webAclAssociation:WebAclAssociation",
        {},
        { name: "entmoot-production-acl", dependencies: { resourceArn: [NAME] } },
      ),
    ],
    "production",
  ],
  ["waf-in-front", [res("aws:lb/loadBalancer:LoadBalancer", { internal: true })], "production"],
  [
    "ingress-only-through-the-load-balancer",
    [
      res("gcp:compute/firewall:Firewall", {
        denies: [{ protocol: "all" }],
        sourceRanges: ["0.0.0.0/0"],
      }),
    ],
    "production",
  ],
];
