/**
 * The platform's promises (the design's "Safety rules" and per-component table) as pure checks
 * over plain resource data. They load no provider SDK, so the same functions run under CrossGuard
 * (policy/index.ts adapts them) and in vitest over the recorded mock plan (test/policy/).
 *
 * The rules live by responsibility in ./checks/data.ts (data stores) and ./checks/edge.ts (what the
 * internet reaches); the model they share is ./model.ts. This module is the public surface.
 */
import type { Environment, PolicyResource, Rule, Violation } from "./model";
import {
  backups,
  cacheEncryption,
  databaseEncryption,
  highAvailability,
  noPublicDatabase,
  privateBuckets,
  productionProtection,
} from "./checks/data";
import {
  ingressThroughLb,
  logRetention,
  secretsNotPlain,
  tlsMinimum,
  wafInFront,
} from "./checks/edge";

export {
  environmentFromName,
  isGcpFrontendBucket,
  type Environment,
  type Finding,
  type PolicyResource,
  type Rule,
  type Violation,
} from "./model";
export { BACKUP_DAYS, STATEFUL_TYPES } from "./checks/data";
export { ALB_TLS_POLICIES, CLOUDFRONT_TLS_VERSIONS, SECRET_ENV } from "./checks/edge";

export const RULES: readonly Rule[] = [
  noPublicDatabase,
  databaseEncryption,
  cacheEncryption,
  privateBuckets,
  tlsMinimum,
  secretsNotPlain,
  productionProtection,
  backups,
  highAvailability,
  ingressThroughLb,
  wafInFront,
  logRetention,
];

/** Runs every rule over a stack's resources. */
export function evaluate(
  resources: readonly PolicyResource[],
  environment: Environment,
): Violation[] {
  return RULES.flatMap((rule) => [
    ...resources.flatMap((r) =>
      (rule.resource?.(r, environment) ?? []).map((message) => ({
        policy: rule.name,
        resource: r.name,
        message,
      })),
    ),
    ...(rule.stack?.(resources, environment) ?? []).map((f) => ({
      policy: rule.name,
      resource: f.resource?.name,
      message: f.message,
    })),
  ]);
}
