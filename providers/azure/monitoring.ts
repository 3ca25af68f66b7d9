import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as portal from "@pulumi/azure-native/portal";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringArgs, MonitoringOutputs } from "../../src/platform";
import {
  cacheHitRateQuery,
  databaseLatencyQuery,
  latencyP95Query,
  logAlert,
  metricAlert,
  type AlertContext,
} from "./alerts";
import type { AzureContext } from "./context";
import { availabilityCheck } from "./availability";
import { dashboardParts } from "./dashboard";
import { diagnosticSetting, type DiagnosticTarget } from "./diagnostics";
import { checkedName, environmentCode } from "./names";

export interface AzureMonitoringArgs extends MonitoringArgs {
  readonly context: AzureContext;
  readonly resourceGroupName: pulumi.Input<string>;
  /** Every resource with logs or metrics; each gets a diagnostic setting to the workspace. */
  readonly diagnostics: readonly DiagnosticTarget[];
  readonly frontDoorProfileId: pulumi.Input<string>;
  readonly databaseServerId: pulumi.Input<string>;
  readonly cacheClusterId: pulumi.Input<string>;
  /**
   * Whether the server runs Query Store (not on Burstable, where Microsoft advises against it):
   * the database-latency alert reads it and exists only with it.
   */
  readonly queryStore: boolean;
  /** The cross-region replica in drRegion, whose lag bounds the region-loss RPO; if any. */
  readonly drReplicaId?: pulumi.Input<string>;
}

/** Replica lag (s) past which the region-loss RPO (15 minutes) is at risk. */
export const DR_REPLICA_LAG_SECONDS = 300;

/**
 * Monitoring of the whole stack:
 * - a Log Analytics workspace keeping logs spec.logRetentionDays, and workspace-based Application
 *   Insights for the availability test;
 * - a diagnostic setting per resource (AzureMonitoringArgs.diagnostics) into the workspace;
 * - an action group e-mailing alertEmails (the stack's `alertTopic`);
 * - alerts on the service targets. p95 latency: a log alert on AppServiceHTTPLogs (TimeTaken, ms)
 *   at the API's origin, because metric alerts have no percentiles and Front Door's TotalLatency
 *   includes the client's own download time. 5xx rate: Front Door's Percentage5XX. PostgreSQL:
 *   CPU, storage, failed connections, statement latency from Query Store (Flexible Server has no
 *   latency metric; only where Query Store runs, so not on Burstable), and the DR replica's lag.
 *   Managed Redis: hit rate from its hits and misses, and server load;
 * - a standard availability test on https://<domain>/health from five regions, alerting when two
 *   fail; a portal dashboard (`dashboardUrl`).
 */
export class AzureMonitoring extends pulumi.ComponentResource implements MonitoringOutputs {
  readonly dashboardUrl: pulumi.Output<string>;
  readonly alertTopic: pulumi.Output<string>;
  readonly workspace: operationalinsights.Workspace;
  readonly insights: applicationinsights.Component;
  readonly actionGroup: monitor.ActionGroup;

  constructor(name: string, args: AzureMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { spec, context, region } = args;
    const shortName = checkedName(
      "actionGroupShort",
      `entmoot-${environmentCode(args.environment)}`,
    );
    super("entmoot:monitoring:AzureMonitoring", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const tags = { ...args.tags };
    const group = args.resourceGroupName;

    this.workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        workspaceName: `${name}-logs`,
        resourceGroupName: group,
        location: region,
        sku: { name: "PerGB2018" },
        retentionInDays: spec.logRetentionDays,
        // Everything writes through diagnostic settings and Entra; no shared workspace key.
        features: { disableLocalAuth: true },
        tags,
      },
      parent,
    );
    this.insights = new applicationinsights.Component(
      `${name}-insights`,
      {
        resourceName: `${name}-insights`,
        resourceGroupName: group,
        location: region,
        kind: "web",
        applicationType: "web",
        ingestionMode: "LogAnalytics",
        workspaceResourceId: this.workspace.id,
        tags,
      },
      parent,
    );

    for (const target of args.diagnostics) {
      diagnosticSetting(name, target, this.workspace.id, parent);
    }

    this.actionGroup = new monitor.ActionGroup(
      `${name}-alerts`,
      {
        actionGroupName: `${name}-alerts`,
        resourceGroupName: group,
        location: "global",
        groupShortName: shortName,
        enabled: true,
        emailReceivers: spec.alertEmails.map((emailAddress, i) => ({
          name: `email-${i}`,
          emailAddress,
          useCommonAlertSchema: true,
        })),
        tags,
      },
      parent,
    );

    const ctx: AlertContext = {
      resourceGroupName: group,
      actionGroupId: this.actionGroup.id,
      workspaceId: this.workspace.id,
      region,
      tags,
    };
    const pg = "Microsoft.DBforPostgreSQL/flexibleServers";
    const redis = "Microsoft.Cache/redisEnterprise";
    const n = (alert: string) => `${name}-${alert}`;
    logAlert(
      n("latency-p95"),
      ctx,
      {
        query: latencyP95Query(),
        column: "p95_ms",
        operator: "GreaterThan",
        threshold: spec.latencyP95Ms,
        description: `API p95 response time above ${spec.latencyP95Ms} ms`,
      },
      parent,
    );
    metricAlert(
      n("error-rate"),
      ctx,
      {
        scope: args.frontDoorProfileId,
        namespace: "Microsoft.Cdn/profiles",
        metric: "Percentage5XX",
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: spec.errorRatePercent,
        description: `More than ${spec.errorRatePercent}% of responses are 5xx`,
      },
      parent,
    );
    metricAlert(
      n("database-cpu"),
      ctx,
      {
        scope: args.databaseServerId,
        namespace: pg,
        metric: "cpu_percent",
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: 80,
        description: "PostgreSQL CPU above 80%",
      },
      parent,
    );
    metricAlert(
      n("database-storage"),
      ctx,
      {
        scope: args.databaseServerId,
        namespace: pg,
        metric: "storage_percent",
        aggregation: "Maximum",
        operator: "GreaterThan",
        threshold: 85,
        description: "PostgreSQL storage above 85% (auto-grow adds space; this says it is growing)",
      },
      parent,
    );
    metricAlert(
      n("database-connections-failed"),
      ctx,
      {
        scope: args.databaseServerId,
        namespace: pg,
        metric: "connections_failed",
        aggregation: "Total",
        operator: "GreaterThan",
        threshold: 10,
        description: "More than 10 failed PostgreSQL connections in 5 minutes",
      },
      parent,
    );
    if (args.queryStore) {
      logAlert(
        n("database-latency"),
        ctx,
        {
          query: databaseLatencyQuery(),
          column: "mean_ms",
          operator: "GreaterThan",
          threshold: spec.databaseLatencyMs,
          // Query Store writes a bucket every 15 minutes: a 30-minute window always holds one.
          window: "PT30M",
          description: `Mean PostgreSQL statement time above ${spec.databaseLatencyMs} ms`,
        },
        parent,
      );
    }
    if (args.drReplicaId !== undefined) {
      metricAlert(
        n("database-dr-lag"),
        ctx,
        {
          scope: args.drReplicaId,
          namespace: pg,
          // Read Replica Lag: seconds since the replica last replayed a transaction.
          metric: "physical_replication_delay_in_seconds",
          // It also climbs while the primary writes nothing; the minimum over 30 minutes stays
          // low as long as anything is replayed (Query Store alone writes every 15 minutes).
          aggregation: "Minimum",
          operator: "GreaterThan",
          threshold: DR_REPLICA_LAG_SECONDS,
          window: "PT30M",
          frequency: "PT5M",
          description: `DR replica more than ${DR_REPLICA_LAG_SECONDS} s behind for 30 minutes (region-loss RPO at risk)`,
        },
        parent,
      );
    }
    logAlert(
      n("cache-hit-rate"),
      ctx,
      {
        query: cacheHitRateQuery(),
        column: "hit_rate",
        operator: "LessThan",
        threshold: spec.cacheHitRatePercent,
        description: `Redis hit rate below ${spec.cacheHitRatePercent}%`,
      },
      parent,
    );
    metricAlert(
      n("cache-server-load"),
      ctx,
      {
        scope: args.cacheClusterId,
        namespace: redis,
        metric: "serverLoad",
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: 80,
        // Managed Redis emits its metrics every 5 minutes.
        window: "PT15M",
        description: "Redis server load above 80%",
      },
      parent,
    );

    availabilityCheck(
      name,
      ctx,
      {
        url: args.healthCheckUrl,
        insightsId: this.insights.id,
        availabilityPercent: spec.availabilityPercent,
      },
      parent,
    );

    const dashboard = new portal.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: `${name}-dashboard`,
        resourceGroupName: group,
        location: region,
        properties: {
          lenses: [{ order: 0, parts: dashboardParts(args, this.insights.id) }],
        },
        tags: { ...tags, "hidden-title": `Entmoot ${args.environment}` },
      },
      parent,
    );

    this.alertTopic = this.actionGroup.id;
    this.dashboardUrl = pulumi.interpolate`https://portal.azure.com/#@${context.tenantId}/dashboard/arm${dashboard.id}`;
    this.registerOutputs({ dashboardUrl: this.dashboardUrl, alertTopic: this.alertTopic });
  }
}
