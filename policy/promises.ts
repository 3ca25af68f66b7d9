/**
 * The platform's promises (the design's "Safety rules" and per-component table), stated once for
 * every cloud: the name users see, what it promises, the neutral terms (days, names, counts) and
 * the part every cloud judges the same way. Which resources and properties carry a promise on a
 * cloud is that cloud's binding (./binding.ts, `providers/<cloud>/policy.ts`). Names no cloud.
 */
import { API_SECRET_ENV, OPERATOR_SECRET_ENV } from "../src/appEnvironment";
import type { PolicyBinding } from "./binding";
import type { Environment, PolicyResource } from "./model";

/** Days of backups each environment keeps (DESIGN.md: 30 in production, 7 in staging). */
export const BACKUP_DAYS: Record<Environment, number> = { production: 30, staging: 7 };

/**
 * Container variables that must come from the secret store, never as plain values: the secrets
 * the platform writes and those the operator fills.
 */
export const SECRET_ENV: readonly string[] = [...API_SECRET_ENV, ...OPERATOR_SECRET_ENV];

/** API instances production keeps running, so that losing a zone (or an instance) is survived. */
export const PRODUCTION_MIN_INSTANCES = 2;

/** Address ranges that mean "the whole internet". */
export const INTERNET = ["0.0.0.0/0", "::/0"];

/** Ports the load balancer may take from the internet: HTTP (redirect only) and HTTPS. */
export const WEB_PORTS = [80, 443];

/** What a promise's own part sees of the cloud that owns a resource. */
export interface CloudView {
  readonly binding: PolicyBinding;
  /** The cloud's check of this promise on the resource. */
  readonly check: (r: PolicyResource, env: Environment) => string[];
}

export interface PlatformPromise {
  readonly name: string;
  readonly description: string;
  /** Judged in production only; staging may save the cost. */
  readonly productionOnly?: boolean;
  /** The promise's judgement of one resource; without it, the cloud's check alone. */
  readonly resource?: (r: PolicyResource, env: Environment, cloud: CloudView) => string[];
}

export const PROMISES = [
  {
    name: "no-public-database",
    description: "Databases are reachable on private addresses only.",
  },
  {
    name: "database-encryption-in-transit-and-at-rest",
    description:
      "PostgreSQL is encrypted at rest (with the platform's own key where the cloud offers one) and accepts TLS connections only.",
  },
  {
    name: "cache-encryption",
    description:
      "Redis accepts TLS connections only, requires authentication and is encrypted at rest.",
  },
  {
    name: "private-buckets",
    description:
      "Object storage is private: no anonymous access, except the frontend's public build where the cloud's CDN must read it anonymously.",
  },
  {
    name: "tls-1-2-minimum",
    description: "Every public endpoint speaks TLS 1.2 or newer and plain HTTP only redirects.",
  },
  {
    name: "secrets-not-plain",
    description: "Passwords reach containers as secret references and are secret in the state.",
    resource: (r, env, cloud) => {
      const out = cloud.check(r, env);
      const field = cloud.binding.secretInputs[r.type];
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
  },
  {
    name: "production-protection",
    description:
      "In production, stateful resources carry Pulumi's protect and the cloud's deletion protection.",
    productionOnly: true,
    resource: (r, env, cloud) => [
      ...(cloud.binding.isStateful(r) && !r.protect
        ? ["stateful resource must be protected (protect: true)"]
        : []),
      ...cloud.check(r, env),
    ],
  },
  {
    name: "backups",
    description: `Primary databases keep ${BACKUP_DAYS.production} days of backups in production and ${BACKUP_DAYS.staging} in staging, with point-in-time recovery.`,
  },
  {
    name: "high-availability",
    description:
      "In production, databases, caches, object storage and the API survive the loss of a zone.",
    productionOnly: true,
  },
  {
    name: "ingress-only-through-the-load-balancer",
    description:
      "Nothing but the load balancer (ports 80 and 443) accepts traffic from the internet.",
  },
  {
    name: "waf-in-front",
    description: "A WAF filters every request before it reaches the API.",
  },
  {
    name: "log-retention",
    description:
      "Logs expire and are encrypted with the platform's key where the cloud offers one.",
  },
] as const satisfies readonly PlatformPromise[];

export type PromiseName = (typeof PROMISES)[number]["name"];
