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
  /**
   * The metric categories to export: each service accepts only its own, and refuses the setting
   * otherwise (a storage account: "supported categories are: 'Capacity;Transaction'"). Empty for
   * none (a blob service's metrics are on its account). Defaults to ["AllMetrics"].
   */
  readonly metricCategories?: readonly string[];
  /**
   * Whether the service writes resource-specific tables (AppServiceHTTPLogs,
   * PGSQLQueryStoreRuntime, ...), asked for with `logAnalyticsDestinationType: "Dedicated"`.
   * Key Vault and Front Door write AzureDiagnostics only: there Azure reads the field back empty,
   * and asking for it would show as a change on every update. Defaults to true when `logs`.
   */
  readonly dedicatedTables?: boolean;
}

/**
 * A diagnostic setting sending `target`'s logs (every category, `allLogs`) and metrics to the
 * workspace, into resource-specific tables where the service has them, which the log alerts
 * query.
 */
export function diagnosticSetting(
  prefix: string,
  target: DiagnosticTarget,
  workspaceId: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): monitor.DiagnosticSetting {
  const dedicated = target.logs && (target.dedicatedTables ?? true);
  return new monitor.DiagnosticSetting(
    `${prefix}-${target.key}-diagnostics`,
    {
      name: "to-workspace",
      resourceUri: target.resourceUri,
      workspaceId,
      logAnalyticsDestinationType: dedicated ? "Dedicated" : undefined,
      logs: target.logs ? [{ categoryGroup: "allLogs", enabled: true }] : [],
      metrics: (target.metricCategories ?? ["AllMetrics"]).map((category) => ({
        category,
        enabled: true,
      })),
    },
    opts,
  );
}
