/**
 * Rules for the edge: what the internet can reach and how (TLS, ingress, WAF), secrets kept out
 * of plain configuration, and the logs the edge writes.
 */
import { T, asList, at, isSet, isTrue, show, type PolicyResource, type Rule } from "../model";

/** ALB policies that offer TLS 1.2+ with AEAD/forward-secret ciphers only (no Ext*: CBC ciphers). */
export const ALB_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];
export const CLOUDFRONT_TLS_VERSIONS = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

function checkListener(r: PolicyResource): string[] {
  const protocol = r.inputs.protocol;
  if (protocol === "HTTPS") {
    const policy = r.inputs.sslPolicy;
    return ALB_TLS_POLICIES.includes(policy as string)
      ? []
      : [
          `sslPolicy ${show(policy)} is not a TLS 1.2+ policy (allowed: ${ALB_TLS_POLICIES.join(", ")})`,
        ];
  }
  // An ALB listener without a protocol is HTTP.
  if (protocol !== "HTTP" && protocol !== undefined) return [];
  const actions = asList(r.inputs.defaultActions);
  const redirectsOnly =
    actions.length > 0 &&
    actions.every((a) => at(a, "type") === "redirect" && at(a, "redirect.protocol") === "HTTPS");
  return redirectsOnly ? [] : ["HTTP listener must only redirect to HTTPS"];
}

function checkDistribution(r: PolicyResource): string[] {
  const out: string[] = [];
  const version = at(r.inputs, "viewerCertificate.minimumProtocolVersion");
  if (!CLOUDFRONT_TLS_VERSIONS.includes(version as string)) {
    out.push(
      `viewerCertificate.minimumProtocolVersion must be one of ${CLOUDFRONT_TLS_VERSIONS.join(", ")} (is ${show(version)})`,
    );
  }
  const behaviours = [r.inputs.defaultCacheBehavior, ...asList(r.inputs.orderedCacheBehaviors)];
  if (behaviours.some((b) => at(b, "viewerProtocolPolicy") === "allow-all")) {
    out.push('viewerProtocolPolicy "allow-all" serves plain HTTP');
  }
  return out;
}

export const tlsMinimum: Rule = {
  name: "tls-1-2-minimum",
  description: "Every public endpoint speaks TLS 1.2 or newer and plain HTTP only redirects.",
  resource: (r) => {
    if (r.type === T.listener) return checkListener(r);
    if (r.type === T.cloudfront) return checkDistribution(r);
    if (r.type === T.sslPolicy) {
      const out: string[] = [];
      if (!["TLS_1_2", "TLS_1_3"].includes(r.inputs.minTlsVersion as string)) {
        out.push(`minTlsVersion must be TLS_1_2 or TLS_1_3 (is ${show(r.inputs.minTlsVersion)})`);
      }
      if (!["MODERN", "RESTRICTED"].includes(r.inputs.profile as string)) {
        out.push(`profile must be MODERN or RESTRICTED (is ${show(r.inputs.profile)})`);
      }
      return out;
    }
    // Without an SSL policy a Google HTTPS proxy accepts TLS 1.0.
    if (r.type === T.httpsProxy)
      return isSet(r.inputs.sslPolicy)
        ? []
        : ["sslPolicy must be set (the default allows TLS 1.0)"];
    return [];
  },
};

/** Container variables that must come from the secret store. */
export const SECRET_ENV = ["DATABASE_PASSWORD", "REDIS_PASSWORD", "SENTRY_DSN"];

/** Inputs that carry a password or token and must be recorded as secret. */
const SECRET_FIELDS: Record<string, string> = {
  [T.rds]: "password",
  [T.redisGroup]: "authToken",
  [T.sqlUser]: "password",
  [T.smVersion]: "secretString",
  [T.gsmVersion]: "secretData",
};

function checkTaskDefinition(r: PolicyResource): string[] {
  let containers: unknown;
  try {
    containers = JSON.parse(String(r.inputs.containerDefinitions));
  } catch {
    return ["containerDefinitions is not valid JSON"];
  }
  return asList(containers).flatMap((c) =>
    asList(at(c, "environment"))
      .map((e) => at(e, "name"))
      .filter((n) => SECRET_ENV.includes(n as string))
      .map(
        (n) =>
          `container ${show(at(c, "name"))} has ${String(n)} as a plain environment variable; use secrets`,
      ),
  );
}

function checkCloudRun(r: PolicyResource): string[] {
  const containers = asList(at(r.inputs, "template.containers"));
  return containers.flatMap((c) =>
    asList(at(c, "envs"))
      .filter((e) => SECRET_ENV.includes(at(e, "name") as string))
      .filter(
        (e) => at(e, "value") !== undefined || !isSet(at(e, "valueSource.secretKeyRef.secret")),
      )
      .map(
        (e) =>
          `container ${show(at(c, "name"))} sets ${String(at(e, "name"))} without a Secret Manager reference`,
      ),
  );
}

export const secretsNotPlain: Rule = {
  name: "secrets-not-plain",
  description: "Passwords reach containers as secret references and are secret in the state.",
  resource: (r) => {
    const out =
      r.type === T.taskDef ? checkTaskDefinition(r) : r.type === T.run ? checkCloudRun(r) : [];
    const field = SECRET_FIELDS[r.type];
    if (
      field !== undefined &&
      r.secretInputs !== undefined &&
      r.inputs[field] !== undefined &&
      !r.secretInputs.includes(field)
    ) {
      out.push(
        `${field} must be a secret (wrap it in pulumi.secret or take it from RandomPassword.result)`,
      );
    }
    return out;
  },
};

const OPEN = ["0.0.0.0/0", "::/0"];
const WEB_PORTS = [80, 443];

/**
 * What an ingress opening to the internet may be: tcp 80 or 443 on the load balancer's group.
 * The group is known by name: AwsSecurityGroups names it `<name>-lb` and its rules `<name>-lb-in-*`.
 */
function checkOpenIngress(
  onLb: boolean,
  fromPort: unknown,
  toPort: unknown,
  protocol: unknown,
): string[] {
  const out: string[] = [];
  if (!onLb)
    out.push("only the load balancer's security group may accept traffic from the internet");
  const web = protocol === "tcp" && fromPort === toPort && WEB_PORTS.includes(fromPort as number);
  if (!web)
    out.push(
      `internet ingress must be tcp 80 or 443 (is ${show(protocol)} ${show(fromPort)}-${show(toPort)})`,
    );
  return out;
}

export const ingressThroughLb: Rule = {
  name: "ingress-only-through-the-load-balancer",
  description:
    "Nothing but the load balancer (ports 80 and 443) accepts traffic from the internet.",
  resource: (r) => {
    const i = r.inputs;
    if (
      r.type === T.sgIngress &&
      (OPEN.includes(i.cidrIpv4 as string) || OPEN.includes(i.cidrIpv6 as string))
    ) {
      return checkOpenIngress(r.name.includes("-lb-"), i.fromPort, i.toPort, i.ipProtocol);
    }
    const opens = (rule: unknown) =>
      [...asList(at(rule, "cidrBlocks")), ...asList(at(rule, "ipv6CidrBlocks"))].some((c) =>
        OPEN.includes(c as string),
      );
    if (r.type === T.sgRule && i.type === "ingress" && opens(i)) {
      return checkOpenIngress(r.name.includes("-lb-"), i.fromPort, i.toPort, i.protocol);
    }
    if (r.type === T.sg) {
      return asList(i.ingress)
        .filter(opens)
        .flatMap((rule) =>
          checkOpenIngress(
            /-lb(-|$)/.test(r.name),
            at(rule, "fromPort"),
            at(rule, "toPort"),
            at(rule, "protocol"),
          ),
        );
    }
    if (
      r.type === T.firewall &&
      (i.direction ?? "INGRESS") === "INGRESS" &&
      asList(i.allows).length > 0
    ) {
      return asList(i.sourceRanges).some((c) => OPEN.includes(c as string))
        ? ["firewall allow rule must not admit 0.0.0.0/0 or ::/0"]
        : [];
    }
    if (r.type === T.run) {
      const ingress = i.ingress;
      return ingress === "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" ||
        ingress === "INGRESS_TRAFFIC_INTERNAL_ONLY"
        ? []
        : [
            `ingress must be INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER or INGRESS_TRAFFIC_INTERNAL_ONLY (is ${show(ingress)})`,
          ];
    }
    return [];
  },
};

export const wafInFront: Rule = {
  name: "waf-in-front",
  description: "A WAF filters every request before it reaches the API.",
  resource: (r) => {
    const external = ["EXTERNAL", "EXTERNAL_MANAGED"].includes(
      r.inputs.loadBalancingScheme as string,
    );
    if (r.type === T.backend && external && !isSet(r.inputs.securityPolicy))
      return ["securityPolicy must name a Cloud Armor policy"];
    return [];
  },
  // An association covers an ALB when its resourceArn comes from that ALB or, without dependency
  // data, when it is named after it (`<lb>-waf`, as AwsLoadBalancer does).
  stack: (resources) => {
    const assocs = resources.filter((r) => r.type === T.wafAssoc);
    return resources
      .filter(
        (r) =>
          r.type === T.alb &&
          (r.inputs.loadBalancerType ?? "application") === "application" &&
          !isTrue(r.inputs.internal),
      )
      .filter(
        (lb) =>
          !assocs.some(
            (a) =>
              a.name.startsWith(`${lb.name}-`) ||
              (a.dependencies?.resourceArn ?? []).includes(lb.name),
          ),
      )
      .map((lb) => ({
        resource: lb,
        message: "internet-facing ALB has no WAFv2 web ACL association",
      }));
  },
};

export const logRetention: Rule = {
  name: "log-retention",
  description: "Log groups expire and are encrypted with our KMS key.",
  resource: (r) => {
    if (r.type !== T.logGroup) return [];
    const out: string[] = [];
    const days = r.inputs.retentionInDays;
    if (!(typeof days === "number" && days > 0))
      out.push(`retentionInDays must be set (is ${show(days)}: logs kept forever)`);
    if (!isSet(r.inputs.kmsKeyId)) out.push("kmsKeyId must name a KMS key (is unset)");
    return out;
  },
};
