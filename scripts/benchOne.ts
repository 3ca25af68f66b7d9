// One benchmark sample, in a fresh process so that memory and loaded modules are this stack's
// alone. Prints one JSON line; scripts/bench.ts starts it and collects the lines.
import { performance } from "node:perf_hooks";
import { plan } from "../src/plan/cli";

async function sample(): Promise<void> {
  const [stack, ...sets] = process.argv.slice(2);
  if (stack === undefined) throw new Error("usage: benchOne <stack> [key=value ...]");
  const start = performance.now();
  const result = await plan(process.cwd(), stack, sets);
  const evaluationMs = performance.now() - start;
  const sdks = new Set<string>();
  for (const path of Object.keys(require.cache)) {
    const match = /node_modules[\\/]@pulumi[\\/](aws|gcp|azure-native|azure)[\\/]/.exec(path);
    if (match) sdks.add(match[1]!);
  }
  console.log(
    JSON.stringify({
      resources: result.summary.resources,
      evaluationMs: Math.round(evaluationMs),
      // Since the process started: includes loading Node, the TypeScript loader and the SDKs.
      totalMs: Math.round(performance.now()),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      sdks: [...sdks].sort(),
    }),
  );
}

sample().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
