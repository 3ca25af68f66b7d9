import * as monitoring from "@pulumi/gcp/monitoring";
import * as pulumi from "@pulumi/pulumi";
import type { MonitoringArgs, MonitoringOutputs } from "../../src/platform";
import { alertDefinitions, apiTrafficFilter, REQUEST_COUNT } from "./alerts";
import { toLabels, type GcpContext } from "./context";
import { dashboardJson } from "./dashboard";
import { gcpId } from "./edgeSizing";

export interface GcpMonitoringArgs extends MonitoringArgs {
  readonly context: GcpContext;
  readonly cloudRunServiceName: pulumi.Input<string>;
  /** Name of the API's backend service on the load balancer. */
  readonly backendServiceName: pulumi.Input<string>;
  /** Cloud SQL instance names (not connection names), primary first, then the read replicas. */
  readonly databaseInstanceNames: readonly pulumi.Input<string>[];
  /** Memorystore instance id: `projects/<p>/locations/<r>/instances/<name>` (the resource's id). */
  readonly redisInstanceId: pulumi.Input<string>;
  /** The API's maximum instance count, for the saturation alert. */
  readonly maxInstances: number;
}

/** Where each alert's runbook section lives; the anchor is the alert's key. */
const RUNBOOK = "docs/operations.md";

/**
 * Alerting for every service target of the platform, an uptime check on the public health
 * endpoint, the 99.95% availability SLO with burn-rate alerts, and a dashboard.
 *
 * The SLO is request-based on the load balancer's own request counts for the API's backend
 * (good = not 5xx): it measures what users got, including requests Cloud Run never saw, and
 * needs no instrumentation. An uptime-based (windows) SLI would rest on a handful of probes a
 * minute and miss partial outages.
 */
export class GcpMonitoring extends pulumi.ComponentResource implements MonitoringOutputs {
  readonly dashboardUrl: pulumi.Output<string>;
  /** Notification channel names (`projects/<p>/notificationChannels/<id>`), comma-separated. */
  readonly alertTopic: pulumi.Output<string>;
  readonly notificationChannels: monitoring.NotificationChannel[];
  readonly alertPolicies: monitoring.AlertPolicy[];
  readonly uptimeCheck: monitoring.UptimeCheckConfig;
  readonly slo: monitoring.Slo;
  readonly dashboard: monitoring.Dashboard;

  constructor(name: string, args: GcpMonitoringArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Refused before anything is registered, so a bad call leaves no half-built component.
    const { spec, context } = args;
    if (args.databaseInstanceNames.length === 0) {
      throw new Error(`GcpMonitoring ${name}: databaseInstanceNames needs at least the primary`);
    }
    if (spec.availabilityPercent <= 0 || spec.availabilityPercent >= 100) {
      throw new Error(
        `GcpMonitoring ${name}: availabilityPercent must be in (0, 100) (got ${spec.availabilityPercent})`,
      );
    }
    if (typeof args.healthCheckUrl === "string" && !args.healthCheckUrl.startsWith("https://")) {
      throw new Error(
        `GcpMonitoring ${name}: healthCheckUrl must be https (got ${args.healthCheckUrl})`,
      );
    }
    super(
      "entmoot:monitoring:GcpMonitoring",
      name,
      {},
      { provider: args.context.provider, ...opts },
    );
    const parent = { parent: this };
    const labels = toLabels(args.tags);
    const project = context.project;
    const env = args.environment;

    this.notificationChannels = spec.alertEmails.map(
      (email, i) =>
        new monitoring.NotificationChannel(
          `${name}-email-${i}`,
          {
            type: "email",
            displayName: `Entmoot ${env} alerts: ${email}`,
            labels: { email_address: email },
            userLabels: labels,
          },
          parent,
        ),
    );
    const channels = this.notificationChannels.map((c) => c.name);
    this.alertTopic = pulumi.all(channels).apply((names) => names.join(","));

    const health = pulumi.output(args.healthCheckUrl).apply((u) => new URL(u));
    this.uptimeCheck = new monitoring.UptimeCheckConfig(
      `${name}-health`,
      {
        displayName: `Entmoot ${env} API health`,
        period: "60s",
        timeout: "10s",
        checkerType: "STATIC_IP_CHECKERS",
        monitoredResource: {
          type: "uptime_url",
          labels: { project_id: project, host: health.apply((u) => u.hostname) },
        },
        httpCheck: {
          path: health.apply((u) => `${u.pathname}${u.search}`),
          port: 443,
          useSsl: true,
          validateSsl: true,
          requestMethod: "GET",
          acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
        },
        logCheckFailures: true,
        userLabels: labels,
      },
      parent,
    );

    const service = new monitoring.CustomService(
      `${name}-api`,
      {
        serviceId: gcpId(`${name}-api`, 63),
        displayName: `Entmoot ${env} API`,
        userLabels: labels,
      },
      parent,
    );
    const api = apiTrafficFilter(args.backendServiceName);
    this.slo = new monitoring.Slo(
      `${name}-availability`,
      {
        service: service.serviceId,
        sloId: gcpId(`${name}-availability`, 63),
        displayName: `Entmoot ${env} availability ${spec.availabilityPercent}%`,
        goal: spec.availabilityPercent / 100,
        rollingPeriodDays: 30,
        requestBasedSli: {
          goodTotalRatio: {
            totalServiceFilter: pulumi.interpolate`metric.type="${REQUEST_COUNT}" AND ${api}`,
            badServiceFilter: pulumi.interpolate`metric.type="${REQUEST_COUNT}" AND ${api} AND metric.label.response_code_class=500`,
          },
        },
        userLabels: labels,
      },
      parent,
    );

    const subjects = {
      project,
      backendServiceName: args.backendServiceName,
      cloudRunServiceName: args.cloudRunServiceName,
      databaseInstanceNames: args.databaseInstanceNames,
      redisInstanceId: args.redisInstanceId,
      maxInstances: args.maxInstances,
    };
    this.alertPolicies = alertDefinitions(spec, {
      ...subjects,
      uptimeCheckId: this.uptimeCheck.uptimeCheckId,
      sloName: this.slo.name,
    }).map(
      (def) =>
        new monitoring.AlertPolicy(
          `${name}-${def.key}`,
          {
            displayName: `Entmoot ${env}: ${def.title}`,
            combiner: def.combiner ?? "OR",
            severity: def.severity,
            conditions: def.conditions,
            notificationChannels: channels,
            alertStrategy: { autoClose: "1800s" },
            documentation: {
              mimeType: "text/markdown",
              subject: `[${env}] ${def.title}`,
              content: `${def.summary}\n\nRunbook: ${RUNBOOK}#${def.key} (project ${project}).`,
            },
            userLabels: labels,
          },
          parent,
        ),
    );

    this.dashboard = new monitoring.Dashboard(
      `${name}-dashboard`,
      { dashboardJson: dashboardJson(`Entmoot ${env}`, subjects, spec) },
      parent,
    );
    // The id is `projects/<number>/dashboards/<id>`; the console link wants the last segment.
    this.dashboardUrl = this.dashboard.id.apply(
      (id) =>
        `https://console.cloud.google.com/monitoring/dashboards/custom/${id.split("/").pop() ?? id}?project=${project}`,
    );

    this.registerOutputs({ dashboardUrl: this.dashboardUrl, alertTopic: this.alertTopic });
  }
}
