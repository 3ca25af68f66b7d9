import * as cloudfront from "@pulumi/aws/cloudfront";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Single-page-app routing at the edge (CloudFront Functions, viewer request): a path whose last
 * segment has no file extension is a client-side route and gets the app shell; anything else is
 * fetched as is, so a missing asset is a real 404 and a WAF block stays a 403 (error-page rewrites
 * of 403/404 to index.html would hide both). ES5.1 plus the cloudfront-js-2.0 additions.
 */
export const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

/** The viewer-request function that applies SPA_ROUTING_CODE. Helper: `opts` carries the parent. */
export function spaRoutingFunction(
  name: string,
  opts: pulumi.CustomResourceOptions,
): cloudfront.Function {
  return new cloudfront.Function(
    name,
    {
      runtime: "cloudfront-js-2.0",
      comment: "Client-side routes get the app shell",
      code: SPA_ROUTING_CODE,
      publish: true,
    },
    opts,
  );
}

/**
 * Security headers on every response: HSTS for two years with preload, nosniff, frame denial, a
 * strict referrer policy, and the Content-Security-Policy when one is given. Helper: `opts`
 * carries the parent.
 */
export function securityHeadersPolicy(
  name: string,
  contentSecurityPolicy: string | undefined,
  opts: pulumi.CustomResourceOptions,
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(
    name,
    {
      comment: `${name}: security headers`,
      securityHeadersConfig: {
        // Two years, subdomains included: browsers never try plain HTTP again.
        strictTransportSecurity: {
          accessControlMaxAgeSec: 63072000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
        ...(contentSecurityPolicy === undefined
          ? {}
          : {
              contentSecurityPolicy: {
                contentSecurityPolicy: contentSecurityPolicy,
                override: true,
              },
            }),
      },
    },
    opts,
  );
}
