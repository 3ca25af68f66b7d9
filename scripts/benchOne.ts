// One benchmark sample, in a fresh process so that memory and loaded modules are this stack's
// alone. Prints one JSON line; scripts/bench.ts starts it and collects the lines. With
// `--record <file>` it also writes the plan's resources for scripts/benchFloor.ts to replay.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { CLOUD_ENTRIES } from "../providers";
import { CLOUDS } from "../src/cloud";
import { planWithRun } from "../src/plan/cli";
import type { FloorInput } from "./benchFloor";

/** A package folder under node_modules/@pulumi. */
const PULUMI_PACKAGE = /node_modules[\\/]@pulumi[\\/]([^\\/]+)[\\/]/;

/** Each cloud's SDK packages (the first part of its type tokens), from the registry. */
async function sdkPackages(): Promise<Map<string, string>> {
  const byPackage = new Map<string, string>();
  for (const cloud of CLOUDS) {
    for (const pkg of (await CLOUD_ENTRIES[cloud].loadPlanView()).packages) {
      byPackage.set(pkg, cloud);
    }
  }
  return byPackage;
}

async function sample(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--record");
  const record = at === -1 ? undefined : argv.splice(at, 2)[1];
  const [stack, ...sets] = argv;
  if (stack === undefined) throw new Error("usage: benchOne <stack> [key=value ...] [--record f]");
  const start = performance.now();
  const { plan, run, options } = await planWithRun(process.cwd(), stack, sets);
  const evaluationMs = performance.now() - start;
  // Since the process started: includes loading Node, the TypeScript loader and the SDKs.
  const totalMs = performance.now();
  // Read after the run: the plan views load no SDK, so they cannot add one to the count.
  const packages = await sdkPackages();
  const sdks = new Set<string>();
  for (const path of Object.keys(require.cache)) {
    const cloud = packages.get(PULUMI_PACKAGE.exec(path)?.[1] ?? "");
    if (cloud !== undefined) sdks.add(cloud);
  }
  if (record !== undefined) {
    writeFileSync(
      record,
      JSON.stringify({ options, resources: run.resources } satisfies FloorInput),
    );
  }
  console.log(
    JSON.stringify({
      resources: plan.summary.resources,
      evaluationMs: Math.round(evaluationMs),
      totalMs: Math.round(totalMs),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      sdks: [...sdks].sort(),
    }),
  );
}

sample().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
