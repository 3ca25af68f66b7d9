import * as compute from "@pulumi/gcp/compute";
import * as dns from "@pulumi/gcp/dns";
import * as pulumi from "@pulumi/pulumi";
import type { LoadBalancerArgs, LoadBalancerOutputs } from "../../src/platform";
import { armorRules } from "./armor";
import { parseCertificate } from "./configRules";
import { toLabels, type GcpContext } from "./context";
import { API_PATHS } from "../../src/apiPaths";

export interface GcpLoadBalancerArgs extends LoadBalancerArgs {
  readonly context: GcpContext;
  /** Name of the Cloud Run service the serverless NEG points at (same region as `region`). */
  readonly cloudRunServiceName: pulumi.Input<string>;
  /**
   * Backend bucket (id or self link) serving the static frontend on the same host. Defaults to
   * none: every path goes to the API.
   */
  readonly frontendBackendBucket?: pulumi.Input<string>;
  /**
   * Paths the API answers when the frontend shares the host; everything else is the frontend.
   * Defaults to API_PATHS.
   */
  readonly apiPaths?: readonly string[];
}

/** The load balancer's TLS feature profile (see the SSL policy below). */
export const SSL_PROFILE = "RESTRICTED";

/**
 * A global external Application Load Balancer (EXTERNAL_MANAGED), the platform's only way in:
 *
 *   :80  -> 301 to https (query kept)
 *   :443 -> TLS >= 1.2 (RESTRICTED) with a Google-managed certificate for `domain`
 *           -> host `domain`: API_PATHS -> Cloud Run (serverless NEG, Cloud Armor, logged)
 *                             anything else -> frontend backend bucket (Cloud CDN)
 *           -> any other host (raw IP, stray DNS): 301 to https://domain
 *
 * One host keeps one certificate and no CORS between the SPA and the API. Both forwarding rules
 * share one reserved global address, which is protected because DNS points at it.
 */
export class GcpLoadBalancer extends pulumi.ComponentResource implements LoadBalancerOutputs {
  readonly address: pulumi.Output<string>;
  readonly apiUrl: pulumi.Output<string>;
  readonly ipAddress: compute.GlobalAddress;
  readonly securityPolicy: compute.SecurityPolicy;
  readonly backendService: compute.BackendService;
  readonly urlMap: compute.URLMap;
  readonly redirectUrlMap: compute.URLMap;
  readonly sslPolicy: compute.SSLPolicy;
  readonly certificate?: compute.ManagedSslCertificate;
  readonly forwardingRule: compute.GlobalForwardingRule;
  readonly httpForwardingRule: compute.GlobalForwardingRule;

  constructor(name: string, args: GcpLoadBalancerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Refused before anything is registered, so a bad call leaves no half-built component.
    const { spec, domain, region } = args;
    if (spec.minTlsVersion !== "1.2") {
      throw new Error(
        `GcpLoadBalancer ${name}: only TLS 1.2 as the minimum is supported (got ${spec.minTlsVersion})`,
      );
    }
    if (!/^[a-z0-9.-]+$/i.test(domain) || domain.startsWith("*")) {
      throw new Error(
        `GcpLoadBalancer ${name}: domain must be a plain host name (got "${domain}")`,
      );
    }
    const existing =
      args.certificate === undefined ? undefined : parseCertificate(args.certificate);
    if (args.certificate !== undefined && existing === undefined) {
      throw new Error(
        `GcpLoadBalancer ${name}: certificate must be a global SSL certificate or a Certificate Manager map (got "${args.certificate}")`,
      );
    }
    super(
      "entmoot:loadBalancer:GcpLoadBalancer",
      name,
      {},
      { provider: args.context.provider, ...opts },
    );
    const parent = { parent: this };
    const labels = toLabels(args.tags);
    const production = args.environment === "production";

    this.ipAddress = new compute.GlobalAddress(
      `${name}-ip`,
      {
        addressType: "EXTERNAL",
        ipVersion: "IPV4",
        description: `Entmoot ${args.environment} entry point`,
        labels,
      },
      { parent: this, protect: args.protect },
    );
    this.address = this.ipAddress.address;

    this.securityPolicy = new compute.SecurityPolicy(
      `${name}-armor`,
      {
        type: "CLOUD_ARMOR",
        description: "Entmoot API: OWASP CRS, Log4Shell, per-client rate limit",
        rules: armorRules(spec),
        adaptiveProtectionConfig: {
          layer7DdosDefenseConfig: { enable: true, ruleVisibility: "STANDARD" },
        },
        advancedOptionsConfig: {
          // The API speaks JSON: parse bodies so the WAF sees the fields, not an opaque blob.
          jsonParsing: "STANDARD",
          // Staging logs the matched request details to tune rules; production keeps logs lean.
          logLevel: production ? "NORMAL" : "VERBOSE",
        },
        labels,
      },
      parent,
    );

    const neg = new compute.RegionNetworkEndpointGroup(
      `${name}-neg`,
      {
        region,
        networkEndpointType: "SERVERLESS",
        cloudRun: { service: args.cloudRunServiceName },
      },
      parent,
    );

    // Serverless NEGs take no health check, port or timeout: Cloud Run owns those.
    this.backendService = new compute.BackendService(
      `${name}-api`,
      {
        description: "Entmoot API on Cloud Run",
        loadBalancingScheme: "EXTERNAL_MANAGED",
        protocol: "HTTPS",
        backends: [{ group: neg.id }],
        securityPolicy: this.securityPolicy.selfLink,
        logConfig: { enable: true, sampleRate: 1 },
        customResponseHeaders: ["Strict-Transport-Security: max-age=31536000; includeSubDomains"],
      },
      parent,
    );

    const apiPaths = args.apiPaths ?? API_PATHS;
    const frontend = args.frontendBackendBucket;
    this.urlMap = new compute.URLMap(
      `${name}-https`,
      {
        description: `Routes ${domain}: the API and, when hosted, the frontend`,
        defaultUrlRedirect: {
          hostRedirect: domain,
          httpsRedirect: true,
          redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
          stripQuery: false,
        },
        hostRules: [{ hosts: [domain], pathMatcher: "entmoot" }],
        pathMatchers: [
          frontend === undefined
            ? { name: "entmoot", defaultService: this.backendService.selfLink }
            : {
                name: "entmoot",
                defaultService: frontend,
                pathRules: [{ paths: [...apiPaths], service: this.backendService.selfLink }],
              },
        ],
      },
      parent,
    );

    // RESTRICTED, not MODERN: with TLS 1.2 MODERN still offers the ECDHE CBC-SHA suites, while
    // RESTRICTED keeps only forward-secret AEAD ones (AES-GCM, ChaCha20-Poly1305) for ECDSA and
    // RSA keys alike, so a Google-managed certificate of either key type still serves every TLS
    // 1.2 client with AEAD suites (current browsers and HTTP libraries); TLS 1.3 is offered
    // whatever the profile.
    this.sslPolicy = new compute.SSLPolicy(
      `${name}-tls`,
      {
        description: "TLS 1.2+ with forward-secret AEAD ciphers",
        profile: SSL_PROFILE,
        minTlsVersion: "TLS_1_2",
      },
      parent,
    );

    let certificates: Pick<compute.TargetHttpsProxyArgs, "sslCertificates" | "certificateMap">;
    if (existing === undefined) {
      // Provisioning completes once `domain` resolves to the address below (up to ~60 min).
      this.certificate = new compute.ManagedSslCertificate(
        `${name}-cert`,
        { type: "MANAGED", managed: { domains: [domain] } },
        parent,
      );
      certificates = { sslCertificates: [this.certificate.selfLink] };
    } else if (existing.kind === "certificateMap") {
      certificates = { certificateMap: existing.ref };
    } else {
      certificates = { sslCertificates: [existing.ref] };
    }

    const httpsProxy = new compute.TargetHttpsProxy(
      `${name}-https`,
      {
        urlMap: this.urlMap.selfLink,
        ...certificates,
        sslPolicy: this.sslPolicy.selfLink,
      },
      parent,
    );
    this.forwardingRule = new compute.GlobalForwardingRule(
      `${name}-https`,
      {
        loadBalancingScheme: "EXTERNAL_MANAGED",
        ipProtocol: "TCP",
        portRange: "443",
        ipAddress: this.ipAddress.address,
        target: httpsProxy.selfLink,
        labels,
      },
      parent,
    );

    this.redirectUrlMap = new compute.URLMap(
      `${name}-http`,
      {
        description: "Redirects plain HTTP to HTTPS",
        defaultUrlRedirect: {
          httpsRedirect: true,
          redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
          stripQuery: false,
        },
      },
      parent,
    );
    const httpProxy = new compute.TargetHttpProxy(
      `${name}-http`,
      { urlMap: this.redirectUrlMap.selfLink },
      parent,
    );
    this.httpForwardingRule = new compute.GlobalForwardingRule(
      `${name}-http`,
      {
        loadBalancingScheme: "EXTERNAL_MANAGED",
        ipProtocol: "TCP",
        portRange: "80",
        ipAddress: this.ipAddress.address,
        target: httpProxy.selfLink,
        labels,
      },
      parent,
    );

    if (args.dnsZone !== undefined) {
      // Config names the zone by its DNS name (as on every cloud); Cloud DNS addresses zones by
      // resource name, so find the project's public zone serving that DNS name. Without a zone,
      // point `domain` at `address` by hand.
      const dnsName = `${args.dnsZone}.`;
      const managedZone = dns
        .getManagedZonesOutput({ project: args.context.project }, parent)
        .managedZones.apply((zones) => {
          const zone = zones.find((z) => z.dnsName === dnsName && z.visibility === "public");
          if (zone?.name === undefined) {
            throw new Error(
              `GcpLoadBalancer ${name}: no public Cloud DNS zone for ${dnsName} in project ${args.context.project}`,
            );
          }
          return zone.name;
        });
      new dns.RecordSet(
        `${name}-a`,
        {
          managedZone,
          name: `${domain}.`,
          type: "A",
          ttl: 300,
          rrdatas: [this.address],
        },
        parent,
      );
    }

    this.apiUrl = pulumi.output(`https://${domain}`);
    this.registerOutputs({ address: this.address, apiUrl: this.apiUrl });
  }
}
