// Vitest's global setup: runs every committed stack on every implemented cloud once, before any
// test file, and hands the runs to the test processes as one JSON file (`inject("sharedRuns")`).
// test/support/stack.ts `runStack` answers from it, so a plan that a dozen files read is computed
// once per `vitest run` instead of once per file.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { IMPLEMENTED_CLOUDS } from "../providers";
import { ROOT } from "./committedPlans";

declare module "vitest" {
  interface ProvidedContext {
    /** Path of the JSON file of shared runs, keyed by `runKey`. */
    sharedRuns: string;
  }
}

const exec = promisify(execFile);

/** Records the runs, one process per cloud (each loads its own SDK only, in parallel). */
async function recordRuns(dir: string): Promise<string> {
  const parts = await Promise.all(
    IMPLEMENTED_CLOUDS.map(async (cloud) => {
      const out = join(dir, `${cloud}.json`);
      // Started the way `npm run plan` starts: plain node with the project's transpile cache.
      const entry = [join(ROOT, "scripts", "recordRuns.ts"), out, cloud];
      try {
        const { stderr } = await exec(
          process.execPath,
          ["--require", join(ROOT, "scripts", "register.cjs"), ...entry],
          { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
        );
        if (stderr.trim() !== "") console.warn(stderr.trim());
        return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
      } catch (err) {
        // Sharing is only a shortcut: the tests run what is missing themselves and show why.
        console.warn(`shared runs for ${cloud} not recorded: ${(err as Error).message}`);
        return {};
      }
    }),
  );
  const file = join(dir, "runs.json");
  writeFileSync(file, JSON.stringify(Object.assign({}, ...parts)));
  return file;
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "entmoot-runs-"));
  project.provide("sharedRuns", await recordRuns(dir));
  // In watch mode the program may have changed since: record again before each rerun.
  project.onTestsRerun(async () => {
    await recordRuns(dir);
  });
  return () => rmSync(dir, { recursive: true, force: true });
}
