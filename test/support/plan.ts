import type { Plan, PlanNode } from "../../src/plan/render";
import { planOf } from "../../src/plan/cli";
import { loadStackConfig } from "../../src/plan/stackConfig";
import { ROOT, runStack } from "./stack";

/** `npm run plan`'s plan of a committed stack, built from the suite's shared run of it. */
export async function plan(stack: string, sets: readonly string[] = []): Promise<Plan> {
  return planOf(stack, loadStackConfig(ROOT, stack, sets).values, await runStack(stack, sets));
}

export function flatten(nodes: readonly PlanNode[]): PlanNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** The plan's node for one resource; fails when the plan has none. */
export function node(p: Plan, type: string, name: string): PlanNode {
  const found = flatten(p.components).find((n) => n.type === type && n.name === name);
  if (found === undefined) throw new Error(`no ${type} ${name} in the plan`);
  return found;
}
