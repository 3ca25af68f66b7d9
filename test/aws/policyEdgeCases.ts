/**
 * The edge rules on minimal AWS resources (part of policyCases.ts): each FAILING case breaks its
 * policy with exactly the given messages, each PASSING case is a near miss that must not.
 */
import { expect } from "vitest";
import { T } from "../../providers/aws/policy";
import { NAME, res, type Case, type Passing } from "../policy/cases";

const containers = (environment: { name: string; value: string }[]) =>
  JSON.stringify([
    { name: "api", environment: [{ name: "LOG_LEVEL", value: "info" }, ...environment] },
  ]);

export const EDGE_FAILING: Case[] = [
  [
    "tls-1-2-minimum",
    [res(T.listener, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" })],
    "production",
    [
      expect.stringMatching(
        /^sslPolicy "ELBSecurityPolicy-2016-08" is not a TLS 1\.2\+ policy with AEAD ciphers only \(allowed: ELBSecurityPolicy-TLS13-1-2-Res-2021-06, /,
      ) as unknown as string,
    ],
  ],
  [
    // TLS 1.2+, but it also offers the CBC suites ECDHE-*-AES128-SHA256 and -AES256-SHA384.
    "tls-1-2-minimum",
    [res(T.listener, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })],
    "production",
    [
      expect.stringMatching(
        /^sslPolicy "ELBSecurityPolicy-TLS13-1-2-2021-06" is not a TLS 1\.2\+ policy with AEAD ciphers only/,
      ) as unknown as string,
    ],
  ],
  [
    "tls-1-2-minimum",
    [
      res(T.listener, {
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
      res(T.listener, {
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }],
      }),
    ],
    "staging",
    ["HTTP listener must only redirect to HTTPS"],
  ],
  [
    "tls-1-2-minimum",
    [
      res(T.cloudfront, {
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
    "secrets-not-plain",
    [
      res(T.taskDef, {
        containerDefinitions: containers([{ name: "SENTRY_DSN", value: "https://k@sentry.io/1" }]),
      }),
    ],
    "staging",
    ['container "api" has SENTRY_DSN as a plain environment variable; use secrets'],
  ],
  // The operator fills these in Secrets Manager: never as plain values either.
  [
    "secrets-not-plain",
    [
      res(T.taskDef, {
        containerDefinitions: containers([{ name: "SMTP_PASSWORD", value: "pw" }]),
      }),
    ],
    "production",
    ['container "api" has SMTP_PASSWORD as a plain environment variable; use secrets'],
  ],
  [
    "secrets-not-plain",
    [res(T.taskDef, { containerDefinitions: "[{" })],
    "production",
    ["containerDefinitions is not valid JSON"],
  ],
  [
    "secrets-not-plain",
    [res(T.rds, { password: "p" }, { secretInputs: [] })],
    "staging",
    ["password must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [res(T.redisGroup, { authToken: "t" }, { secretInputs: ["description"] })],
    "staging",
    ["authToken must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)"],
  ],
  [
    "secrets-not-plain",
    [res(T.smVersion, { secretString: "p" }, { secretInputs: [] })],
    "staging",
    [
      "secretString must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)",
    ],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(
        T.sgIngress,
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
        T.sgIngress,
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
        T.sgIngress,
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
      res(T.sgRule, {
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
        T.sg,
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
    "waf-in-front",
    [
      res(T.alb, { loadBalancerType: "application" }),
      res(
        T.wafAssoc,
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
    "log-retention",
    [res(T.logGroup, { retentionInDays: 0 })],
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
      res(T.alb, {}),
      res(
        T.wafAssoc,
        {},
        { name: "entmoot-production-acl", dependencies: { resourceArn: [NAME] } },
      ),
    ],
    "production",
  ],
  ["waf-in-front", [res(T.alb, { internal: true })], "production"],
  [
    "tls-1-2-minimum",
    [res(T.listener, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" })],
    "production",
  ],
  [
    "tls-1-2-minimum",
    [res(T.listener, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" })],
    "production",
  ],
];
