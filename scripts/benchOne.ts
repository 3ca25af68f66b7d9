// One benchmark sample, in a fresh process so that memory and loaded modules are this stack's
// alone. Prints one JSON line; scripts/bench.ts starts it and collects the lines. With
// `--record <file>` it also writes the plan's resources for scripts/benchFloor.ts to replay.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { planWithRun } from "../src/plan/cli";
import type { FloorInput } from "./benchFloor";

/** The package folder under node_modules/@pulumi of each cloud's SDK, as the clouds are named. */
const SDK = /node_modules[\\/]@pulumi[\\/](aws|gcp|azure-native|azure)[\\/]/;
const cloudOf = (sdk: string) => (sdk === "azure-native" ? "azure" : sdk);

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
  const sdks = new Set<string>();
  for (const path of Object.keys(require.cache)) {
    const match = SDK.exec(path);
    if (match) sdks.add(cloudOf(match[1]!));
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
