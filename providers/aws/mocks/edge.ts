import type { CallFn, StateFn } from "../../../src/plan/mocks";
import { ACCOUNT } from "./account";

/** Route 53 hosted zone of every ALB in us-east-1 and of every CloudFront distribution. */
const ALB_ZONE_ID = "Z35SXDOTRQ7X7K";
const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

const str = (v: unknown, fallback: string): string => (typeof v === "string" ? v : fallback);

/** Invokes made by the edge and operations components (load balancer, compute, frontend, monitoring). */
export const awsEdgeCalls: Record<string, CallFn> = {
  "aws:route53/getZone:getZone": (inputs) => {
    const name = str(inputs.name, "example.com").replace(/\.$/, "");
    return {
      zoneId: "Z0123456789ABCDEFGHIJ",
      id: "Z0123456789ABCDEFGHIJ",
      name,
      arn: "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
      privateZone: false,
      nameServers: ["ns-1.awsdns-01.org"],
    };
  },
  // us-east-1's ELB log-delivery account; other legacy regions have their own.
  "aws:elb/getServiceAccount:getServiceAccount": () => ({
    id: "127311923021",
    arn: "arn:aws:iam::127311923021:root",
  }),
};

/** Attributes AWS computes for the edge and operations resources, by resource type. */
export const awsEdgeState: Record<string, StateFn> = {
  "aws:lb/loadBalancer:LoadBalancer": (name, _inputs, ctx) => ({
    dnsName: `${name}-123.${ctx.region}.elb.amazonaws.com`,
    arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ACCOUNT}:loadbalancer/app/${name}/abc`,
    arnSuffix: `app/${name}/abc`,
    zoneId: ALB_ZONE_ID,
  }),
  "aws:lb/targetGroup:TargetGroup": (name, _inputs, ctx) => ({
    arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ACCOUNT}:targetgroup/${name}/def`,
    arnSuffix: `targetgroup/${name}/def`,
  }),
  "aws:lb/listener:Listener": (name, _inputs, ctx) => ({
    arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ACCOUNT}:listener/app/${name}/abc/ghi`,
  }),
  "aws:acm/certificate:Certificate": (name, inputs, ctx) => {
    const domain = str(inputs.domainName, "example.com");
    const region = str(inputs.region, ctx.region);
    return {
      arn: `arn:aws:acm:${region}:${ACCOUNT}:certificate/${name}`,
      status: "PENDING_VALIDATION",
      domainValidationOptions: [
        {
          domainName: domain,
          resourceRecordName: `_0123456789abcdef.${domain}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: "_fedcba9876543210.xyz.acm-validations.aws.",
        },
      ],
    };
  },
  "aws:acm/certificateValidation:CertificateValidation": (_name, inputs) => ({
    certificateArn: str(inputs.certificateArn, ""),
  }),
  "aws:route53/record:Record": (_name, inputs) => ({
    fqdn: str(inputs.name, "").replace(/\.$/, ""),
  }),
  "aws:route53/healthCheck:HealthCheck": (name) => ({
    id: `${name}-0000-1111-2222`,
    arn: `arn:aws:route53:::healthcheck/${name}`,
  }),
  "aws:wafv2/webAcl:WebAcl": (name, inputs, ctx) => {
    const global = inputs.scope === "CLOUDFRONT";
    return {
      arn: global
        ? `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/${name}/abc`
        : `arn:aws:wafv2:${ctx.region}:${ACCOUNT}:regional/webacl/${name}/abc`,
      capacity: 1000,
    };
  },
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs, ctx) => {
    const groupName = str(inputs.name, name);
    return {
      name: groupName,
      arn: `arn:aws:logs:${str(inputs.region, ctx.region)}:${ACCOUNT}:log-group:${groupName}`,
    };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs) => ({
    name: str(inputs.name, `${name}-a1b2c3`),
  }),
  "aws:cloudwatch/dashboard:Dashboard": (_name, inputs, ctx) => ({
    dashboardArn: `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${str(inputs.dashboardName, "dashboard")}`,
    region: ctx.region,
  }),
  "aws:sns/topic:Topic": (name, _inputs, ctx) => ({
    arn: `arn:aws:sns:${ctx.region}:${ACCOUNT}:${name}`,
  }),
  "aws:ecr/repository:Repository": (name, _inputs, ctx) => ({
    repositoryUrl: `${ACCOUNT}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
    registryId: ACCOUNT,
    arn: `arn:aws:ecr:${ctx.region}:${ACCOUNT}:repository/${name}`,
  }),
  "aws:ecs/cluster:Cluster": (name, _inputs, ctx) => ({
    name,
    arn: `arn:aws:ecs:${ctx.region}:${ACCOUNT}:cluster/${name}`,
  }),
  "aws:ecs/service:Service": (name, inputs, ctx) => {
    const cluster = str(inputs.cluster, "cluster").split("/").pop() ?? "cluster";
    return { name, arn: `arn:aws:ecs:${ctx.region}:${ACCOUNT}:service/${cluster}/${name}` };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (name, inputs, ctx) => {
    const family = str(inputs.family, name);
    return { arn: `arn:aws:ecs:${ctx.region}:${ACCOUNT}:task-definition/${family}:1`, revision: 1 };
  },
  "aws:iam/role:Role": (name) => ({
    arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    uniqueId: `AROA${name.length}EXAMPLE`,
  }),
  "aws:cloudfront/distribution:Distribution": (name) => ({
    domainName: "d111111abcdef8.cloudfront.net",
    hostedZoneId: CLOUDFRONT_ZONE_ID,
    arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E${name.length}EXAMPLE`,
    status: "Deployed",
  }),
  "aws:cloudfront/originAccessControl:OriginAccessControl": (name) => ({ etag: `${name}-etag` }),
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": (name) => ({
    etag: `${name}-etag`,
  }),
};
