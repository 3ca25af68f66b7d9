/**
 * What a cloud tells the policy pack: which of its resources and properties carry each of the
 * platform's promises (./promises.ts). Each cloud's binding is `providers/<cloud>/policy.ts`,
 * reached through the registry; like the promises it loads no provider SDK, so the pack reads
 * every cloud's binding whichever cloud a stack is on.
 */
import type { PromiseName } from "./promises";
import type { Environment, Finding, PolicyResource } from "./model";

/** A cloud's part of one promise. Both checks see only the resources the cloud owns. */
export interface CloudCheck {
  /** Violation messages for one resource. */
  readonly resource?: (r: PolicyResource, env: Environment) => string[];
  /** Findings over the whole stack, for promises that relate several resources. */
  readonly stack?: (resources: readonly PolicyResource[], env: Environment) => Finding[];
}

export interface PolicyBinding {
  /** Whether a type token is this cloud's (every check of this binding judges only those). */
  readonly ownsType: (type: string) => boolean;
  /**
   * Resources that hold data or identity and must survive a mistaken `pulumi destroy`: in
   * production they carry Pulumi's protect (the cloud's own deletion protection is the cloud's
   * `production-protection` check).
   */
  readonly isStateful: (r: PolicyResource) => boolean;
  /** Per type token, the input that carries a password or key and must be secret in the state. */
  readonly secretInputs: Readonly<Record<string, string>>;
  /** The cloud's checks, by promise. A promise the cloud has no resources for is left out. */
  readonly checks: { readonly [P in PromiseName]?: CloudCheck };
}
