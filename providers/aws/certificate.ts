import * as acm from "@pulumi/aws/acm";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";

/** A DNS record that proves control of a domain to ACM. */
export interface ValidationRecord {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

export interface ManagedCertificate {
  /** ARN to attach; resolves only after ACM has issued the certificate. */
  readonly arn: pulumi.Output<string>;
  /** The DNS records that validated the certificate. */
  readonly validationRecords: pulumi.Output<ValidationRecord[]>;
}

/**
 * An ACM certificate for `domain`, validated by DNS in the Route 53 zone `zoneId`. The ARN comes
 * from the CertificateValidation, so it resolves only once ACM has issued the certificate: an
 * ALB listener or a CloudFront distribution given an unissued certificate is refused, and a
 * listener built on this ARN is created only after issuance, on the first `up`. (Without a zone
 * nothing could wait for issuance; the config rules require `entmoot:dnsZone` wherever a managed
 * certificate is needed.) Helper, not a component: `opts` carries the caller's parent.
 */
export function managedCertificate(
  name: string,
  args: { readonly domain: string; readonly zoneId: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): ManagedCertificate {
  const cert = new acm.Certificate(
    name,
    {
      domainName: args.domain,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      // Public logs let the domain owner spot certificates issued behind their back.
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
    },
    opts,
  );
  const validationRecords = cert.domainValidationOptions.apply((options) =>
    options.map((o) => ({
      name: o.resourceRecordName,
      type: o.resourceRecordType,
      value: o.resourceRecordValue,
    })),
  );

  // One domain gives one validation option; the index is stable because the domain list is.
  const record = new route53.Record(
    `${name}-validation`,
    {
      zoneId: args.zoneId,
      name: validationRecords.apply((r) => r[0]?.name ?? ""),
      type: validationRecords.apply((r) => r[0]?.type ?? "CNAME"),
      records: [validationRecords.apply((r) => r[0]?.value ?? "")],
      ttl: 300,
      allowOverwrite: true,
    },
    opts,
  );
  const validation = new acm.CertificateValidation(
    name,
    { certificateArn: cert.arn, validationRecordFqdns: [record.fqdn] },
    opts,
  );
  return { arn: validation.certificateArn, validationRecords };
}
