import type * as pulumi from "@pulumi/pulumi";

/** What the dashboard charts: the resources of the service targets. */
export interface DashboardTargets {
  readonly frontDoorProfileId: pulumi.Input<string>;
  readonly databaseServerId: pulumi.Input<string>;
  readonly cacheClusterId: pulumi.Input<string>;
}

/** Metric charts of the service targets, one per part. */
export function dashboardParts(args: DashboardTargets, insightsId: pulumi.Input<string>) {
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
