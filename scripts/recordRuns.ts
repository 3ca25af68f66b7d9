// Runs the committed stacks on one cloud and writes the runs as JSON, for the test suite to share
// (scripts/vitestSetup.ts starts one per implemented cloud):
//   node --require ./scripts/register.cjs scripts/recordRuns.ts <out.json> <cloud>
// A run that fails is left out; the tests that need it then run it themselves and show why.
import { writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { Cloud } from "../src/cloud";
import { runWithMocks } from "../src/plan/harness";
import { main } from "../src/program";
import { committedPlans, runKey, runOptions } from "./committedPlans";

async function record(out: string, cloud: Cloud): Promise<void> {
  const runs: Record<string, unknown> = {};
  for (const { stack, sets } of committedPlans([cloud])) {
    const options = runOptions(stack, sets);
    let run: unknown;
    try {
      run = await runWithMocks(main, options);
    } catch (err) {
      console.error(`${cloud} ${stack}: not shared: ${(err as Error).message}`);
      continue;
    }
    // A value JSON cannot carry (undefined, NaN, a class) would reach the tests changed.
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(run)), run)) {
      console.error(`${cloud} ${stack}: not shared: the run does not survive a JSON round trip`);
      continue;
    }
    runs[runKey(options)] = run;
  }
  writeFileSync(out, JSON.stringify(runs));
}

const [out, cloud] = process.argv.slice(2);
if (out === undefined || cloud === undefined) {
  console.error("usage: recordRuns <out.json> <cloud>");
  process.exit(2);
}
record(out, cloud as Cloud).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
