// `npm run bench`: plan evaluation time, peak memory and loaded provider SDKs per implemented
// cloud and stack, each in a fresh process, median of several runs. Exits 1 when a target is missed.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const TARGET_MS = 3000;
const TARGET_MB = 400;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = join(__dirname, "..");

/** Implemented clouds and the `--set` values that put the committed stacks on them. */
const CLOUDS: Record<string, string[]> = {
  aws: [],
  gcp: [
    "entmoot:cloud=gcp",
    "entmoot:region=us-central1",
    "entmoot:drRegion=us-east1",
    "entmoot:gcpProject=entmoot-bench-1",
  ],
};

interface Sample {
  resources: number;
  evaluationMs: number;
  totalMs: number;
  peakRssMB: number;
  sdks: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let failed = false;
const rows: string[] = [];
for (const [cloud, sets] of Object.entries(CLOUDS)) {
  for (const stack of ["production", "staging"]) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Started the way `npm run plan` starts: plain node with the project's transpile cache.
      const out = execFileSync(
        process.execPath,
        [
          "--require",
          join(ROOT, "scripts", "register.cjs"),
          join(ROOT, "scripts", "benchOne.ts"),
          stack,
          ...sets,
        ],
        { cwd: ROOT, encoding: "utf8" },
      );
      samples.push(JSON.parse(out.trim().split("\n").pop()!) as Sample);
    }
    const total = median(samples.map((s) => s.totalMs));
    const evaluation = median(samples.map((s) => s.evaluationMs));
    const rss = Math.max(...samples.map((s) => s.peakRssMB));
    const sdks = samples[0]!.sdks;
    const ok = total < TARGET_MS && rss < TARGET_MB && sdks.length === 1 && sdks[0] === cloud;
    failed ||= !ok;
    rows.push(
      [
        cloud,
        stack,
        String(samples[0]!.resources),
        `${evaluation} ms`,
        `${total} ms`,
        `${rss} MB`,
        sdks.join(",") || "-",
        ok ? "ok" : "MISSED",
      ].join(" | "),
    );
  }
}

console.log(
  `Plan benchmark: median of ${RUNS} runs per stack, each in a fresh process (Node ${process.version}).`,
);
console.log(
  `Targets: under ${TARGET_MS} ms from process start and ${TARGET_MB} MB peak RSS; only the chosen cloud's SDK loaded.\n`,
);
console.log("cloud | stack | resources | evaluation | total | peak RSS | SDKs loaded | target");
console.log("--- | --- | --- | --- | --- | --- | --- | ---");
for (const row of rows) console.log(row);
process.exit(failed ? 1 : 0);
