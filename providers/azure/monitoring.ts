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
}

/** Where the availability test probes from: five regions on three continents. */
export const PROBE_LOCATIONS = [
  "us-va-ash-azr",
  "us-ca-sjc-azr",
  "us-tx-sn1-azr",
  "emea-nl-ams-azr",
  "apac-sg-sin-azr",
];

/**
 * Monitoring of the whole stack:
 * - a Log Analytics workspace keeping logs spec.logRetentionDays, and workspace-based Application
 *   Insights for the availability test;
 * - a diagnostic setting per resource (AzureMonitoringArgs.diagnostics) into the workspace;
 * - an action group e-mailing alertEmails (the stack's `alertTopic`);
 * - alerts on the service targets. p95 latency: a log alert on AppServiceHTTPLogs (TimeTaken, ms)
 *   at the API's origin, because metric alerts have no percentiles and Front Door's TotalLatency
 *   includes the client's own download time. 5xx rate: Front Door's Percentage5XX. PostgreSQL:
 *   CPU, storage, failed connections, and statement latency from Query Store (Flexible Server has
 *   no latency metric). Managed Redis: hit rate from its hits and misses, and server load;
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
    logAlert(
      n("database-latency"),
      ctx,
      {
        query: databaseLatencyQuery(),
        column: "mean_ms",
        operator: "GreaterThan",
        threshold: spec.databaseLatencyMs,
        description: `Mean PostgreSQL statement time above ${spec.databaseLatencyMs} ms`,
      },
      parent,
    );
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

    const test = new applicationinsights.WebTest(
      `${name}-health`,
      {
        webTestName: `${name}-health`,
        syntheticMonitorId: `${name}-health`,
        resourceGroupName: group,
        location: region,
        kind: "standard",
        webTestKind: "standard",
        enabled: true,
        frequency: 300,
        timeout: 30,
        retryEnabled: true,
        locations: PROBE_LOCATIONS.map((id) => ({ location: id })),
        request: {
          requestUrl: args.healthCheckUrl,
          httpVerb: "GET",
          parseDependentRequests: false,
        },
        validationRules: {
          expectedHttpStatusCode: 200,
          sSLCheck: true,
          sSLCertRemainingLifetimeCheck: 7,
        },
        // Azure ties a web test to its Application Insights by this tag and refuses one without it.
        tags: this.insights.id.apply((id) => ({ ...tags, [`hidden-link:${id}`]: "Resource" })),
      },
      parent,
    );
    new monitor.MetricAlert(
      n("availability"),
      {
        ruleName: n("availability"),
        resourceGroupName: group,
        location: "global",
        description: `Health check failing from 2 or more of ${PROBE_LOCATIONS.length} regions (target ${spec.availabilityPercent}%)`,
        enabled: true,
        severity: 1,
        scopes: [test.id, this.insights.id],
        evaluationFrequency: "PT1M",
        windowSize: "PT5M",
        criteria: {
          odataType: "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria",
          webTestId: test.id,
          componentId: this.insights.id,
          failedLocationCount: 2,
        },
        actions: [{ actionGroupId: this.actionGroup.id }],
        tags,
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

/** Metric charts of the service targets, one per part. */
function dashboardParts(args: AzureMonitoringArgs, insightsId: pulumi.Input<string>) {
  const chart = (
    i: number,
    title: string,
    resourceId: pulumi.Input<string>,
    namespace: string,
    metric: string,
    aggregation: number,
  ) => ({
    position: { x: (i % 2) * 6, y: Math.floor(i / 2) * 4, colSpan: 6, rowSpan: 4 },
    metadata: {
      type: "Extension/HubsExtension/PartType/MonitorChartPart",
      inputs: [
        {
          name: "options",
          value: {
            chart: {
              title,
              // Azure portal aggregation codes: 1 sum, 3 max, 4 average.
              metrics: [
                {
                  resourceMetadata: { id: resourceId },
                  name: metric,
                  namespace,
                  aggregationType: aggregation,
                },
              ],
            },
          },
        },
      ],
    },
  });
  return [
    chart(
      0,
      "5xx responses (%)",
      args.frontDoorProfileId,
      "Microsoft.Cdn/profiles",
      "Percentage5XX",
      4,
    ),
    chart(
      1,
      "Origin latency (ms)",
      args.frontDoorProfileId,
      "Microsoft.Cdn/profiles",
      "OriginLatency",
      4,
    ),
    chart(
      2,
      "PostgreSQL CPU (%)",
      args.databaseServerId,
      "Microsoft.DBforPostgreSQL/flexibleServers",
      "cpu_percent",
      4,
    ),
    chart(
      3,
      "Redis server load (%)",
      args.cacheClusterId,
      "Microsoft.Cache/redisEnterprise",
      "serverLoad",
      3,
    ),
    chart(
      4,
      "Availability (%)",
      insightsId,
      "microsoft.insights/components",
      "availabilityResults/availabilityPercentage",
      4,
    ),
  ];
}
