import { NAMESPACE } from "../config";
import { exitWith, runCommand } from "../plan/cli";
import { runWithMocks } from "../plan/harness";
import { loadStackConfig } from "../plan/stackConfig";
import { main } from "../program";
import { estimate, type CostReport } from "./estimate";
import { renderCost } from "./render";

const USAGE = "usage: npm run cost -- <stack> [--set entmoot:key=value ...] [--json]";

/**
 * Evaluates the program for one stack under mocks and prices what it would create. Config
 * problems throw as `plan()` does (MockRunError wrapping a pulumi.RunError, or StackConfigError).
 */
export async function cost(
  dir: string,
  stack: string,
  sets: readonly string[] = [],
): Promise<{ report: CostReport; region: string | undefined }> {
  const config = loadStackConfig(dir, stack, sets);
  const run = await runWithMocks(main, {
    stack,
    config: config.values,
    secretKeys: config.secretKeys,
  });
  const cloud = config.values[`${NAMESPACE}:cloud`] ?? "?";
  return {
    report: estimate(cloud, stack, run.resources),
    region: config.values[`${NAMESPACE}:region`],
  };
}

if (require.main === module) {
  exitWith(
    runCommand(process.argv.slice(2), USAGE, async (args) => {
      const { report, region } = await cost(process.cwd(), args.stack, args.sets);
      return args.json ? JSON.stringify(report, null, 2) : renderCost(report, region);
    }),
  );
}
