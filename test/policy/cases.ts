/**
 * Shared by the policy tests (not a test file itself): minimal resources for the rules of
 * policy/rules.ts and a filter to the one policy a case is about.
 */
import { evaluate, type Environment, type PolicyResource } from "../../policy/rules";

export const NAME = "entmoot-production-x";
export const FRONTEND_PARENT =
  "urn:pulumi:production::entmoot::pulumi:pulumi:Stack$entmoot:frontend:GcpFrontend::entmoot-production-frontend";

export function res(
  type: string,
  inputs: Record<string, unknown>,
  extra: Partial<PolicyResource> = {},
): PolicyResource {
  return { type, name: NAME, inputs, protect: true, ...extra };
}

/** Violations of one policy only: a minimal resource breaks others that are beside the point. */
export function check(
  policy: string,
  resources: readonly PolicyResource[],
  env: Environment = "production",
): string[] {
  return evaluate(resources, env)
    .filter((v) => v.policy === policy)
    .map((v) => v.message);
}

// [policy, resources, environment, exact messages]
export type Case = [string, PolicyResource[], Environment, string[]];
// [policy, resources, environment]: near misses that must pass, so the failures are precise.
export type Passing = [string, PolicyResource[], Environment];

export const RDS = "aws:rds/instance:Instance";
export const SQL = "gcp:sql/databaseInstance:DatabaseInstance";
export const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
export const GCS = "gcp:storage/bucket:Bucket";
export const RUN = "gcp:cloudrunv2/service:Service";
export const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
