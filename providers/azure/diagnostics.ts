import * as monitor from "@pulumi/azure-native/monitor";
import type * as pulumi from "@pulumi/pulumi";

/** One resource whose logs and metrics go to the workspace. */
export interface DiagnosticTarget {
  /** Short key for the setting's logical name. */
  readonly key: string;
  readonly resourceUri: pulumi.Input<string>;
  /**
   * Whether the resource has log categories. Storage accounts and Managed Redis clusters have
   * metrics only (a storage account's logs are on its blob service); asking for `allLogs` there
   * is refused.
   */
  readonly logs: boolean;
  /** Whether the resource has metrics Azure exports (a blob service's are on its account). */
  readonly metrics?: boolean;
}

/**
 * A diagnostic setting sending `target`'s logs (every category, `allLogs`) and metrics to the
 * workspace, into resource-specific tables where the service has them (AppServiceHTTPLogs,
 * PGSQLQueryStoreRuntime, ...), which the log alerts query.
 */
export function diagnosticSetting(
  prefix: string,
  target: DiagnosticTarget,
  workspaceId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): monitor.DiagnosticSetting {
  return new monitor.DiagnosticSetting(
    `${prefix}-${target.key}-diagnostics`,
    {
      name: "to-workspace",
      resourceUri: target.resourceUri,
      workspaceId,
      logAnalyticsDestinationType: target.logs ? "Dedicated" : undefined,
      logs: target.logs ? [{ categoryGroup: "allLogs", enabled: true }] : [],
      metrics: target.metrics === false ? [] : [{ category: "AllMetrics", enabled: true }],
    },
    opts,
  );
}
