import { readPath } from "../inputs";
import type { RecordedResource } from "./harness";

/** Inputs worth showing in a plan, by path; the rest is noise for a reviewer. */
const KEY_SETTINGS = [
  "cidrBlock",
  "ipCidrRange",
  "availabilityZone",
  "engine",
  "engineVersion",
  "instanceClass",
  "multiAz",
  "allocatedStorage",
  "maxAllocatedStorage",
  "storageType",
  "backupRetentionPeriod",
  "storageEncrypted",
  "publiclyAccessible",
  "deletionProtection",
  "replicateSourceDb",
  "nodeType",
  "numCacheClusters",
  "numNodeGroups",
  "replicasPerNodeGroup",
  "automaticFailoverEnabled",
  "multiAzEnabled",
  "transitEncryptionEnabled",
  "atRestEncryptionEnabled",
  "snapshotRetentionLimit",
  "cpu",
  "memory",
  "launchType",
  "desiredCount",
  "minCapacity",
  "maxCapacity",
  "retentionInDays",
  "enableKeyRotation",
  "trafficType",
  "vpcEndpointType",
  "loadBalancerType",
  "internal",
  "sslPolicy",
  "protocol",
  "port",
  "scope",
  "imageTagMutability",
  "metricName",
  "comparisonOperator",
  "threshold",
  "databaseVersion",
  "settings.tier",
  "settings.availabilityType",
  "settings.edition",
  "settings.ipConfiguration.ipv4Enabled",
  "settings.backupConfiguration.backupRetentionSettings.retainedBackups",
  "tier",
  "memorySizeGb",
  "redisVersion",
  "replicaCount",
  "transitEncryptionMode",
  "location",
  "storageClass",
  "uniformBucketLevelAccess",
  "publicAccessPrevention",
  "ingress",
  "template.scaling.minInstanceCount",
  "template.scaling.maxInstanceCount",
  "profile",
  "minTlsVersion",
  "loadBalancingScheme",
  "enableCdn",
  "format",
  "displayName",
  "protocolType",
  "retentionDays",
];

export interface PlanNode {
  readonly type: string;
  readonly name: string;
  readonly protect: boolean;
  readonly settings: Record<string, unknown>;
  readonly children: PlanNode[];
}

export interface Plan {
  readonly stack: string;
  readonly cloud: string;
  readonly summary: {
    readonly resources: number;
    readonly components: number;
    readonly protected: number;
  };
  readonly components: PlanNode[];
  readonly outputs: Record<string, unknown>;
}

/** Key settings of one resource; secret inputs are never shown. */
function settingsOf(r: RecordedResource): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of KEY_SETTINGS) {
    const v = readPath(r.inputs, path);
    if (v === undefined || v === null || v === "") continue;
    if (typeof v === "object") continue;
    out[path] = r.secretInputs.includes(path.split(".")[0]!) ? "[secret]" : v;
  }
  return out;
}

/** Groups recorded resources into a tree of components under the stack. */
export function buildPlan(
  stack: string,
  cloud: string,
  resources: readonly RecordedResource[],
  outputs: Record<string, unknown>,
): Plan {
  const nodes = new Map<string, PlanNode>();
  for (const r of resources) {
    nodes.set(r.urn, {
      type: r.type,
      name: r.name,
      protect: r.protect,
      settings: settingsOf(r),
      children: [],
    });
  }
  const roots: PlanNode[] = [];
  const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  for (const r of resources) {
    if (r.urn === stackUrn) continue;
    const node = nodes.get(r.urn)!;
    const parent =
      r.parent === undefined || r.parent === stackUrn ? undefined : nodes.get(r.parent);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  return {
    stack,
    cloud,
    summary: {
      resources: custom.length,
      components: resources.filter((r) => !r.custom && r.urn !== stackUrn).length,
      protected: custom.filter((r) => r.protect).length,
    },
    components: roots,
    outputs,
  };
}

function formatValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The plan as an indented tree with a summary line, for a terminal or a pull-request comment. */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  const walk = (node: PlanNode, depth: number): void => {
    const settings = Object.entries(node.settings)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(" ");
    const flag = node.protect ? " [protected]" : "";
    lines.push(
      `${"  ".repeat(depth)}+ ${node.type}  ${node.name}${flag}${settings ? `  ${settings}` : ""}`,
    );
    for (const child of node.children) walk(child, depth + 1);
  };
  lines.push(`Plan for stack ${plan.stack} on ${plan.cloud} (offline, under mocks)`);
  for (const node of plan.components) walk(node, 1);
  lines.push("", "Outputs:");
  for (const [k, v] of Object.entries(plan.outputs)) lines.push(`  ${k}: ${formatValue(v)}`);
  const s = plan.summary;
  lines.push(
    "",
    `${s.resources} resources to create in ${s.components} components (${s.protected} protected)`,
  );
  return lines.join("\n");
}
