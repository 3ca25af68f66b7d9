// `npm run bench`: plan evaluation time, peak memory and loaded provider SDKs for each committed
// stack on each implemented cloud (from the registry), each in a fresh process, median of several
// runs; and each plan's evaluation time as a ratio to its floor (scripts/benchFloor.ts: the same
// resources from the same SDK classes under the same mocks, without the program). Exits 1 when a
// target is missed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { committedPlans, ROOT } from "./committedPlans";

const TARGET_MS = 3000;
const TARGET_MB = 400;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
  resources: number;
  evaluationMs: number;
  totalMs: number;
  peakRssMB: number;
  sdks: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs a script the way `npm run plan` starts: plain node with the project's transpile cache. */
function runScript<T>(script: string, args: readonly string[]): T {
  const out = execFileSync(
    process.execPath,
    ["--require", join(ROOT, "scripts", "register.cjs"), join(ROOT, "scripts", script), ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as T;
}

const dir = mkdtempSync(join(tmpdir(), "entmoot-bench-"));
let failed = false;
const rows: string[] = [];
try {
  for (const { cloud, stack, sets } of committedPlans()) {
    const recorded = join(dir, `${cloud}-${stack}.json`);
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const record = i === 0 ? ["--record", recorded] : [];
      samples.push(runScript<Sample>("benchOne.ts", [stack, ...sets, ...record]));
    }
    const floors: Sample[] = [];
    for (let i = 0; i < RUNS; i++) floors.push(runScript<Sample>("benchFloor.ts", [recorded]));
    const total = median(samples.map((s) => s.totalMs));
    const evaluation = median(samples.map((s) => s.evaluationMs));
    const floor = median(floors.map((s) => s.evaluationMs));
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
        `${floor} ms`,
        (evaluation / Math.max(floor, 1)).toFixed(2),
        `${total} ms`,
        `${rss} MB`,
        sdks.join(",") || "-",
        ok ? "ok" : "MISSED",
      ].join(" | "),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `Plan benchmark: median of ${RUNS} runs per stack, each in a fresh process (Node ${process.version}).`,
);
console.log(
  `Targets: under ${TARGET_MS} ms from process start and ${TARGET_MB} MB peak RSS; only the chosen cloud's SDK loaded.`,
);
console.log(
  "Floor: the plan's custom resources created again from their SDK classes with the inputs they were registered with, under the same mocks, without components, config or applies; ratio = evaluation / floor.\n",
);
console.log(
  "cloud | stack | resources | evaluation | floor | ratio | total | peak RSS | SDKs loaded | target",
);
console.log("--- | --- | --- | --- | --- | --- | --- | --- | --- | ---");
for (const row of rows) console.log(row);
process.exit(failed ? 1 : 0);
