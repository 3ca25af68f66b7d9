import { createHash } from "node:crypto";
import type { Environment } from "../../src/cloud";

/*
 * Azure's naming rules, SDK-free. Several names are global across all of Azure (they become DNS
 * names: <vault>.vault.azure.net, <account>.blob.core.windows.net, <server>.postgres.database.
 * azure.com, <cluster>.<region>.redis.azure.net), so each gets a per-stack random suffix. A
 * suffix kept in state rather than derived from the subscription matters for Key Vault: a
 * deleted vault's name stays reserved while it sits soft-deleted (purge protection forbids
 * purging it), so a rebuilt stack must not reuse it.
 */

/** Characters of the per-stack suffix (lowercase letters and digits, valid in every rule below). */
export const SUFFIX_LENGTH = 6;

interface NameRule {
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  readonly says: string;
}

export const NAME_RULES = {
  resourceGroup: {
    min: 1,
    max: 90,
    pattern: /^[-\w.()]*[-\w()]$/,
    says: "1-90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'",
  },
  keyVault: {
    min: 3,
    max: 24,
    pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    says: "3-24 letters, digits and single hyphens, starting with a letter, ending with a letter or digit",
  },
  storageAccount: {
    min: 3,
    max: 24,
    pattern: /^[a-z0-9]+$/,
    says: "3-24 lowercase letters and digits only",
  },
  containerRegistry: {
    min: 5,
    max: 50,
    pattern: /^[a-zA-Z0-9]+$/,
    says: "5-50 letters and digits only",
  },
  postgresServer: {
    min: 3,
    max: 63,
    pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/,
    says: "3-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  redisEnterprise: {
    min: 1,
    max: 60,
    pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    says: "1-60 letters, digits and single hyphens, starting with a letter, ending with a letter or digit",
  },
  webApp: {
    min: 2,
    max: 60,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    says: "2-60 letters, digits and hyphens, not starting or ending with a hyphen",
  },
  /** Container Apps environments and jobs: their names become DNS labels. */
  containerApp: {
    min: 2,
    max: 32,
    pattern: /^[a-z][a-z0-9-]*[a-z0-9]$/,
    says: "2-32 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
  },
  /** Front Door endpoints: the label before `-<hash>.z01.azurefd.net`, unique across Azure. */
  frontDoorEndpoint: {
    min: 2,
    max: 46,
    pattern: /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/,
    says: "2-46 letters, digits and single hyphens, not starting or ending with a hyphen",
  },
  /** Front Door WAF policies (Microsoft.Network/FrontDoorWebApplicationFirewallPolicies). */
  frontDoorWafPolicy: {
    min: 1,
    max: 128,
    pattern: /^[a-zA-Z][a-zA-Z0-9]*$/,
    says: "1-128 letters and digits only, starting with a letter",
  },
  /** Action group short names, shown in every SMS and e-mail. */
  actionGroupShort: {
    min: 1,
    max: 12,
    pattern: /^[\w -]+$/,
    says: "1-12 characters",
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Why `name` breaks `kind`'s rule, or undefined when it is valid. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length < rule.min || name.length > rule.max || !rule.pattern.test(name)) {
    return `${kind} name "${name}" (${name.length} characters) breaks Azure's rule: ${rule.says}`;
  }
  return undefined;
}

/** `name` if it is a valid `kind` name; throws with Azure's rule otherwise. */
export function checkedName(kind: NameKind, name: string): string {
  const problem = nameProblem(kind, name);
  if (problem !== undefined) throw new Error(problem);
  return name;
}

/** Short environment code for the names that have only 24 characters to spend. */
export function environmentCode(environment: Environment): string {
  return environment === "production" ? "prd" : "stg";
}

/**
 * The globally unique name of a `kind` resource: `prefix` plus the stack's suffix. Validated
 * with a stand-in suffix up front (so a bad prefix fails before anything registers), then again
 * with the real one.
 */
export function globalName(kind: NameKind, prefix: string): (suffix: string) => string {
  checkedName(kind, prefix + "a".repeat(SUFFIX_LENGTH));
  return (suffix) => checkedName(kind, prefix + suffix);
}

/**
 * A deterministic GUID (RFC 4122 version 5 layout, SHA-1 over the parts). Role assignment names
 * must be GUIDs; deriving one from scope, principal and role keeps it stable across updates, so
 * the assignment is never replaced, and unique per triple, as Azure requires.
 */
export function deterministicGuid(...parts: readonly string[]): string {
  const hash = createHash("sha1").update(parts.join("|")).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join("-");
}
