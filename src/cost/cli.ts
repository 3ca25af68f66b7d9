import { NAMESPACE } from "../config";
import { exitWith, runCommand, startCommand } from "../plan/cli";
import { runWithMocks } from "../plan/harness";
import { loadStackConfig } from "../plan/stackConfig";
import { main } from "../program";
import { costOf, estimate, type CostReport } from "./estimate";
import { renderCost } from "./render";

const USAGE = "usage: npm run -s cost -- <stack> [--set entmoot:key=value ...] [--json]";

/**
 * Evaluates the program for one stack under mocks and prices what it would create. Failures throw
 * as `plan()`'s do; a SKU the price table lacks throws UnknownSkuError.
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
    report: await estimate(cloud, stack, run.resources),
    region: config.values[`${NAMESPACE}:region`],
  };
}

if (require.main === module) {
  startCommand();
  exitWith(
    runCommand(process.argv.slice(2), USAGE, async (args) => {
      const { report, region } = await cost(process.cwd(), args.stack, args.sets);
      if (args.json) return JSON.stringify(report, null, 2);
      return renderCost(report, (await costOf(report.cloud)).table, region);
    }),
  );
}
