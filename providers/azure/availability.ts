import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import type { AlertContext } from "./alerts";

/** Where the availability test probes from: five regions on three continents. */
export const PROBE_LOCATIONS = [
  "us-va-ash-azr",
  "us-ca-sjc-azr",
  "us-tx-sn1-azr",
  "emea-nl-ams-azr",
  "apac-sg-sin-azr",
];

/**
 * A standard availability test of `url` from PROBE_LOCATIONS every 5 minutes (200 and a
 * certificate valid 7 more days expected), and a severity-1 alert when 2 or more locations fail.
 * Resources `<name>-health` and `<name>-availability`.
 */
export function availabilityCheck(
  name: string,
  ctx: AlertContext,
  args: {
    readonly url: pulumi.Input<string>;
    readonly insightsId: pulumi.Input<string>;
    readonly availabilityPercent: number;
  },
  opts: pulumi.CustomResourceOptions,
): void {
  const test = new applicationinsights.WebTest(
    `${name}-health`,
    {
      webTestName: `${name}-health`,
      syntheticMonitorId: `${name}-health`,
      resourceGroupName: ctx.resourceGroupName,
      location: ctx.region,
      kind: "standard",
      webTestKind: "standard",
      enabled: true,
      frequency: 300,
      timeout: 30,
      retryEnabled: true,
      locations: PROBE_LOCATIONS.map((id) => ({ location: id })),
      request: {
        requestUrl: args.url,
        httpVerb: "GET",
        parseDependentRequests: false,
      },
      validationRules: {
        expectedHttpStatusCode: 200,
        sSLCheck: true,
        sSLCertRemainingLifetimeCheck: 7,
      },
      // Azure ties a web test to its Application Insights by this tag and refuses one without it.
      tags: pulumi
        .output(args.insightsId)
        .apply((id) => ({ ...ctx.tags, [`hidden-link:${id}`]: "Resource" })),
    },
    opts,
  );
  new monitor.MetricAlert(
    `${name}-availability`,
    {
      ruleName: `${name}-availability`,
      resourceGroupName: ctx.resourceGroupName,
      location: "global",
      description: `Health check failing from 2 or more of ${PROBE_LOCATIONS.length} regions (target ${args.availabilityPercent}%)`,
      enabled: true,
      severity: 1,
      scopes: [test.id, args.insightsId],
      evaluationFrequency: "PT1M",
      windowSize: "PT5M",
      criteria: {
        odataType: "Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria",
        webTestId: test.id,
        componentId: args.insightsId,
        failedLocationCount: 2,
      },
      actions: [{ actionGroupId: ctx.actionGroupId }],
      tags: ctx.tags,
    },
    opts,
  );
}
