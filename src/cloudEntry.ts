import type { PolicyBinding } from "../policy/binding";
import type { Environment } from "./cloud";
import type { CloudConfigCheck } from "./configRules";
import type { CloudCost } from "./cost/basis";
import type { CloudPlatform } from "./platform";
import type { CloudMocks } from "./plan/mocks";
import type { PlanView } from "./plan/render";

/**
 * What the registry (providers/index.ts) knows of one cloud. Each cloud's `providers/<cloud>/
 * entry.ts` exports one; it loads no provider SDK, so config validation, cost and policy read it
 * without loading any cloud. The SDK-heavy parts come through the `load*` functions, which import
 * the cloud's modules on demand.
 */
export interface CloudEntry {
  /** Regions the platform accepts, in the cloud's own spelling; the first is the example. */
  readonly regions: readonly string[];
  /** The cloud's own config rules (certificate form, region pairs, when a DNS zone is needed). */
  readonly checkConfig: CloudConfigCheck;
  /**
   * Address plan: one /16 per environment, distinct across every cloud and environment so that
   * any two networks can be connected (peering, VPN) for a migration without renumbering.
   */
  readonly addressPlan: Readonly<Record<Environment, string>>;
  /** STORAGE_PROVIDER, the object-storage client the API uses. */
  readonly storageProvider: string;
  /** API variables only this cloud sets (`appEnv.ts`), named in the `.env` templates. */
  readonly cloudOnlyEnv: readonly string[];
  /**
   * The `--set` values that put a committed stack (Pulumi.<stack>.yaml, which are on AWS) on this
   * cloud. Tests, `npm run bench` and `npm run record` read them, so a new cloud is planned,
   * benchmarked and recorded without editing them.
   */
  stackSets(stack: string): readonly string[];
  /** False while the cloud is being built: `entmoot:cloud` refuses it. */
  readonly implemented: boolean;
  /**
   * The price table and cost rules behind `npm run cost` (`cost.ts`, `prices.ts`), loaded on
   * demand. SDK-free: a cloud being built is priced before `entmoot:cloud` accepts it.
   */
  loadCost(): Promise<CloudCost>;
  /** The cloud's platform (loads its provider SDK). */
  loadPlatform(): Promise<CloudPlatform>;
  /**
   * How the policy pack checks each promise on this cloud's resources (`policy.ts`). SDK-free:
   * the pack loads every cloud's binding, implemented or not.
   */
  loadPolicy(): Promise<PolicyBinding>;
  /**
   * What the cloud computes for its resources and answers to its invokes under the offline plan
   * and the tests (`mocks`). SDK-free: a run loads every cloud's, implemented or not.
   */
  loadMocks(): Promise<CloudMocks>;
  /**
   * What `npm run plan` shows of the cloud's resources (`planView.ts`). SDK-free: the plan reads
   * every cloud's view.
   */
  loadPlanView(): Promise<PlanView>;
}
