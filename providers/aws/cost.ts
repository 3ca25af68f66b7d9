import type { RecordedResource } from "../../src/plan/harness";
import {
  firewallPolicy,
  free,
  list,
  num,
  ofType,
  plural,
  priced,
  qty,
  str,
  term,
  type CloudCost,
  type Priced,
  type Rule,
  type Term,
} from "../../src/cost/basis";
import {
  DAYS_PER_MONTH,
  HOURS_PER_MONTH as H,
  UnknownSkuError,
  priceOf,
  type Price,
} from "../../src/cost/prices";
import { ASSUMPTIONS as A, CACHE_NODE, FARGATE, PRICES as P, RDS_INSTANCE, TABLE } from "./prices";

function rdsInstance(r: RecordedResource, all: readonly RecordedResource[]): Priced {
  const cls = str(r, "instanceClass");
  const instance = priceOf(TABLE, RDS_INSTANCE, "RDS instance class", cls);
  const storageType = str(r, "storageType", "gp3");
  if (storageType !== "gp3") {
    throw new UnknownSkuError(`no price for RDS storage type "${storageType}" (only gp3)`);
  }
  // A read replica records no size: it gets its source's.
  const source = all.find(
    (s) => s.type === r.type && s.inputs.identifier === r.inputs.replicateSourceDb,
  );
  const gb =
    r.inputs.replicateSourceDb === undefined ? num(r, "allocatedStorage") : sourceGb(source);
  const copies = r.inputs.multiAz === true ? 2 : 1;
  const x = copies === 2 ? " x2 (Multi-AZ)" : "";
  return priced(
    term(`${cls}${x} x ${H} h`, copies * H, instance),
    term(`${gb} GB gp3${x}`, copies * gb, P.rdsGp3),
  );
}

function sourceGb(source: RecordedResource | undefined): number {
  if (source === undefined) throw new Error("cannot price an RDS replica whose source is unknown");
  return num(source, "allocatedStorage");
}

function rdsBackupCopy(r: RecordedResource, all: readonly RecordedResource[]): Priced {
  const arn = str(r, "sourceDbInstanceArn");
  const source = all.find(
    (s) =>
      s.type === "aws:rds/instance:Instance" && arn.endsWith(`:db:${String(s.inputs.identifier)}`),
  );
  const gb = sourceGb(source);
  return priced(term(`${gb} GB cross-region backups (= source storage)`, gb, P.rdsBackup));
}

function cacheGroup(r: RecordedResource): Priced {
  const engine = str(r, "engine", "redis");
  const nodeType = str(r, "nodeType");
  const price = priceOf(TABLE, CACHE_NODE, "ElastiCache node type", `${engine}:${nodeType}`);
  const sharded = r.inputs.clusterMode === "enabled";
  const shards = sharded ? num(r, "numNodeGroups", 1) : 1;
  const perShard = sharded ? num(r, "replicasPerNodeGroup", 0) + 1 : num(r, "numCacheClusters", 1);
  const nodes = shards * perShard;
  const shape = sharded ? `${shards} shards x ${perShard} nodes` : `x${plural(nodes, "node")}`;
  return priced(term(`ElastiCache ${nodeType} (${engine}) ${shape} x ${H} h`, nodes * H, price));
}

function fargateService(r: RecordedResource, all: readonly RecordedResource[]): Priced {
  const launchType = str(r, "launchType", "FARGATE");
  if (launchType !== "FARGATE") {
    throw new UnknownSkuError(`no price for ECS launch type "${launchType}" (only FARGATE)`);
  }
  // The service names its task definition by ARN: .../task-definition/<family>:<revision>.
  const family = str(r, "taskDefinition").split("/").pop()?.split(":")[0];
  const task = ofType(all, "aws:ecs/taskDefinition:TaskDefinition").find(
    (t) => t.inputs.family === family,
  );
  if (task === undefined) throw new Error(`cannot price ${r.name}: no task definition ${family}`);
  const os = str(task, "runtimePlatform.operatingSystemFamily", "LINUX");
  const arch = str(task, "runtimePlatform.cpuArchitecture", "X86_64");
  const rate = priceOf(TABLE, FARGATE, "Fargate platform", `${os}/${arch}`);
  const tasks = num(r, "desiredCount", 1);
  const vcpu = num(task, "cpu") / 1024;
  const gb = num(task, "memory") / 1024;
  return priced(
    term(
      `Fargate ${plural(tasks, "task")} x ${qty(vcpu)} vCPU x ${H} h`,
      tasks * vcpu * H,
      rate.vcpu,
    ),
    term(`${plural(tasks, "task")} x ${qty(gb)} GB x ${H} h`, tasks * gb * H, rate.memory),
  );
}

function loadBalancer(r: RecordedResource): Priced {
  const kind = str(r, "loadBalancerType", "application");
  if (kind !== "application") {
    throw new UnknownSkuError(`no price for load balancer type "${kind}" (only application)`);
  }
  const terms: Term[] = [
    term(`ALB x ${H} h`, H, P.albHour),
    term(`${A.albLcus} LCU (assumed) x ${H} h`, A.albLcus * H, P.albLcu),
  ];
  const ips = r.inputs.internal === true ? 0 : list(r, "subnets").length;
  if (ips > 0) terms.push(term(`${ips} public IPv4 x ${H} h`, ips * H, P.publicIpv4));
  return priced(...terms);
}

function logGroup(r: RecordedResource): Priced {
  const days = num(r, "retentionInDays", 0);
  // 0 means never expire; a year is assumed so that the line is not open-ended.
  const kept = days === 0 ? 365 : days;
  const stored = (A.logGroupGb * kept) / DAYS_PER_MONTH;
  const retention = days === 0 ? "no expiry, 365 days assumed" : `${days} days`;
  return priced(
    term(`CloudWatch Logs ${A.logGroupGb} GB/month ingested (assumed)`, A.logGroupGb, P.logsIngest),
    term(`${qty(Math.round(stored))} GB retained (${retention})`, stored, P.logsStorage),
  );
}

function alarm(r: RecordedResource): Priced {
  const queries = list(r, "metricQueries") as { metric?: { period?: number } }[];
  // A metric-math alarm bills per metric it reads, not per expression.
  const metrics = Math.max(1, queries.filter((q) => q.metric !== undefined).length);
  const periods = queries.map((q) => q.metric?.period).filter((x) => x !== undefined);
  const period = Math.min(num(r, "period", 60), ...periods);
  const price = period < 60 ? P.alarmHighRes : P.alarmMetric;
  return priced(term(`alarm on ${plural(metrics, "metric")}`, metrics, price));
}

function healthCheck(r: RecordedResource): Priced {
  const type = str(r, "type");
  const options = [
    type.startsWith("HTTPS") ? "HTTPS" : undefined,
    type.endsWith("STR_MATCH") ? "string match" : undefined,
    num(r, "requestInterval", 30) < 30 ? "fast interval" : undefined,
    r.inputs.measureLatency === true ? "latency" : undefined,
  ].filter((o) => o !== undefined);
  const terms = [term("Route 53 health check", 1, P.healthCheck)];
  if (options.length > 0) {
    terms.push(
      term(
        `${options.length} options (${options.join(", ")})`,
        options.length,
        P.healthCheckOption,
      ),
    );
  }
  return priced(...terms);
}

function webAcl(r: RecordedResource): Priced {
  return firewallPolicy("WAF web ACL", list(r, "rules").length, {
    policy: P.wafAcl,
    rule: P.wafRule,
    requests: P.wafRequests,
  });
}

function vpcEndpoint(r: RecordedResource): Priced | undefined {
  if (str(r, "vpcEndpointType", "Gateway") === "Gateway") return undefined; // S3/DynamoDB: free
  const azs = list(r, "subnetIds").length;
  return priced(term(`interface endpoint, ${azs} AZs x ${H} h`, azs * H, P.interfaceEndpoint));
}

function secret(r: RecordedResource): Priced {
  const replicas = list(r, "replicas").length;
  const more = replicas > 0 ? ` + ${plural(replicas, "replica")}` : "";
  const text = `Secrets Manager: 1 secret${more}`;
  return priced(term(text, 1 + replicas, P.secret));
}

const assumedGb = (what: string, gb: number, price: Price) => () =>
  priced(term(`${what} ${gb} GB (assumed)`, gb, price));

/** AWS resource types that cost money, by type token. Everything else is free or usage-only. */
const RULES: Readonly<Record<string, Rule>> = {
  "aws:rds/instance:Instance": rdsInstance,
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": rdsBackupCopy,
  "aws:elasticache/replicationGroup:ReplicationGroup": cacheGroup,
  "aws:ecs/service:Service": fargateService,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:ec2/natGateway:NatGateway": () =>
    priced(
      term(`NAT gateway x ${H} h`, H, P.natHour),
      term(`${A.natGb} GB processed (assumed)`, A.natGb, P.natData),
    ),
  "aws:ec2/eip:Eip": () => priced(term(`Elastic IP (public IPv4) x ${H} h`, H, P.publicIpv4)),
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:cloudfront/distribution:Distribution": (r) =>
    r.inputs.enabled === false
      ? free("disabled")
      : priced(
          term(`CloudFront ${A.cdnGb} GB out (assumed)`, A.cdnGb, P.cloudFrontData),
          term(
            `${qty(A.cdnRequests / 1e4)} x 10k requests (assumed)`,
            A.cdnRequests / 1e4,
            P.cloudFrontRequests,
          ),
        ),
  "aws:wafv2/webAcl:WebAcl": webAcl,
  "aws:cloudwatch/metricAlarm:MetricAlarm": alarm,
  "aws:cloudwatch/dashboard:Dashboard": () => priced(term("CloudWatch dashboard", 1, P.dashboard)),
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:kms/key:Key": () => priced(term("KMS key", 1, P.kmsKey)),
  "aws:secretsmanager/secret:Secret": secret,
  "aws:s3/bucket:Bucket": assumedGb("S3 Standard", A.bucketGb, P.s3Standard),
  "aws:route53/healthCheck:HealthCheck": healthCheck,
  "aws:backup/vault:Vault": assumedGb("AWS Backup vault", A.backupVaultGb, P.backupStorage),
  "aws:ecr/repository:Repository": assumedGb("ECR", A.registryGb, P.registry),
};

/** AWS in `npm run cost`, through the registry (entry.ts). */
export const cost: CloudCost = { table: TABLE, rules: RULES };
