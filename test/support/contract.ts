import { expect } from "vitest";
import type { RecordedResource } from "../../src/plan/harness";
import { ofType } from "./stack";

/**
 * How the contract suite (test/contract.test.ts) reads the platform's promises off one cloud's
 * recorded resources. Each cloud exports one as `reader` from test/<cloud>/contract.ts; the
 * expectations are shared, so every cloud is held to the same promises.
 */
export interface CloudReader {
  /** Types that hold data: protected in production, destroyable in staging. */
  readonly stateful: readonly string[];
  databaseHighAvailability(rs: readonly RecordedResource[]): boolean;
  databaseReplicas(rs: readonly RecordedResource[]): number;
  databaseBackupDays(rs: readonly RecordedResource[]): number;
  databaseDeletionProtection(rs: readonly RecordedResource[]): boolean;
  databaseRequiresTls(rs: readonly RecordedResource[]): boolean;
  databasePublic(rs: readonly RecordedResource[]): boolean;
  cacheFailover(rs: readonly RecordedResource[]): boolean;
  cacheTlsAndAuth(rs: readonly RecordedResource[]): boolean;
  apiInstances(rs: readonly RecordedResource[]): { min: number; max: number };
  /** Names of env vars the API gets as plain values. */
  apiPlainEnv(rs: readonly RecordedResource[]): string[];
  /** Names of env vars the API gets from the secret store. */
  apiSecretEnv(rs: readonly RecordedResource[]): string[];
  /** Every alert threshold, normalised: latency ms, error %, DB latency ms, hit %. */
  alertThresholds(rs: readonly RecordedResource[]): {
    latencyMs: number[];
    errorPercent: number[];
    dbLatencyMs: number[];
    cacheHitPercent: number[];
  };
  availabilityProbe(rs: readonly RecordedResource[]): boolean;
  /** Retention (days) of every place the platform keeps logs. */
  logRetentionDays(rs: readonly RecordedResource[]): number[];
  /** Names of alarms / alert policies that would notify nobody. */
  silentAlarms(rs: readonly RecordedResource[]): string[];
  wafRateLimit(rs: readonly RecordedResource[]): boolean;
  /**
   * The one-off migration job: the name its cloud knows it by, image, command (entrypoint and
   * arguments) and env names.
   */
  migrationJob(rs: readonly RecordedResource[]): {
    name: string;
    image: string;
    command: string[];
    plainEnv: string[];
    secretEnv: string[];
  };
}

/** The one resource of `type` (matching `pred`); fails the test when there are none or several. */
export function one(
  rs: readonly RecordedResource[],
  type: string,
  pred: (r: RecordedResource) => boolean = () => true,
): RecordedResource {
  const found = ofType(rs, type).filter(pred);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}
