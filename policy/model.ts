/**
 * What every rule shares: the resource model a rule sees, the engine's type tokens, and the
 * helpers that read plain resource inputs. Loads no provider SDK (see ./rules.ts).
 *
 * Field names are those of the engine's resource inputs (@pulumi/aws 7, @pulumi/gcp 9): nested
 * blocks are objects, and a single-element list is read through its first element.
 */

import { readPath } from "../src/inputs";

export type Environment = "production" | "staging";

/** One resource as a rule sees it: what the engine registers, in no SDK's types. */
export interface PolicyResource {
  readonly type: string;
  /** Logical name; every Entmoot resource is named `entmoot-<environment>-...`. */
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly protect: boolean;
  /**
   * Top-level input names whose values are secret. Undefined when the caller cannot tell
   * (CrossGuard unwraps secrets before a policy sees them); the secrecy checks are then skipped.
   */
  readonly secretInputs?: readonly string[];
  /** URN of the parent resource, when known. */
  readonly parent?: string;
  /** Input name -> logical names of the resources that input is computed from, when known. */
  readonly dependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Finding {
  /** The offending resource; undefined for the stack as a whole. */
  readonly resource?: PolicyResource;
  readonly message: string;
}

export interface Rule {
  readonly name: string;
  readonly description: string;
  /** Per-resource check: returns violation messages for `r`. */
  readonly resource?: (r: PolicyResource, env: Environment) => string[];
  /** Whole-stack check, for promises that relate several resources. */
  readonly stack?: (resources: readonly PolicyResource[], env: Environment) => Finding[];
}

export interface Violation {
  readonly policy: string;
  readonly resource?: string;
  readonly message: string;
}

/** Type tokens of the resources the rules read. */
export const T = {
  rds: "aws:rds/instance:Instance",
  rdsParams: "aws:rds/parameterGroup:ParameterGroup",
  redisGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  s3: "aws:s3/bucket:Bucket",
  s3Block: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  listener: "aws:lb/listener:Listener",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  cloudfront: "aws:cloudfront/distribution:Distribution",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  scaling: "aws:appautoscaling/target:Target",
  sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  wafAssoc: "aws:wafv2/webAclAssociation:WebAclAssociation",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  smVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  sql: "gcp:sql/databaseInstance:DatabaseInstance",
  sqlUser: "gcp:sql/user:User",
  memorystore: "gcp:redis/instance:Instance",
  gcs: "gcp:storage/bucket:Bucket",
  sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
  httpsProxy: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
  firewall: "gcp:compute/firewall:Firewall",
  run: "gcp:cloudrunv2/service:Service",
  backend: "gcp:compute/backendService:BackendService",
  gsmVersion: "gcp:secretmanager/secretVersion:SecretVersion",
} as const;

/** Reads a dotted path; a list steps into its first element (single-block nesting). */
export const at = readPath;

export const asList = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
export const isSet = (v: unknown): boolean => typeof v === "string" && v.length > 0;
export const show = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));
/** Both ways the engine may carry a boolean. */
export const isTrue = (v: unknown): boolean => v === true || v === "true";

/** Requires `inputs[path]` to equal `want`; returns the message when it does not. */
export function expectValue(r: PolicyResource, path: string, want: unknown): string[] {
  const got = at(r.inputs, path);
  return got === want ? [] : [`${path} must be ${JSON.stringify(want)} (is ${show(got)})`];
}

/** A read replica inherits backups, HA and the password from its primary. */
export const isRdsPrimary = (r: PolicyResource) =>
  r.type === T.rds && !isSet(r.inputs.replicateSourceDb);
export const isSqlPrimary = (r: PolicyResource) =>
  r.type === T.sql && !isSet(r.inputs.masterInstanceName);

/**
 * The GCP frontend bucket: the one bucket a GcpFrontend creates under its own name. A backend
 * bucket reads objects anonymously, so this bucket alone grants allUsers object read and cannot
 * enforce public access prevention (providers/gcp/frontend.ts). It holds only the public build.
 */
export function isGcpFrontendBucket(r: PolicyResource): boolean {
  if (r.type !== T.gcs || r.parent === undefined) return false;
  // urn:pulumi:<stack>::<project>::<parent types joined by $>::<name>
  const parts = r.parent.split("::");
  const parentName = parts[parts.length - 1];
  const parentType = parts[parts.length - 2]?.split("$").pop();
  return parentType === "entmoot:frontend:GcpFrontend" && parentName === r.name;
}

/** Environment from a logical name (`entmoot-<environment>-...`); undefined when it has none. */
export function environmentFromName(name: string): Environment | undefined {
  const m = /^entmoot-(production|staging)(-|$)/.exec(name);
  return m ? (m[1] as Environment) : undefined;
}
