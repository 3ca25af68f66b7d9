import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file runs the Pulumi runtime, which keeps per-process state: one process per file.
    pool: "forks",
    // Runs each committed stack on each implemented cloud once and shares the runs with every
    // file (test/support/stack.ts runStack), instead of each file running them again.
    globalSetup: ["scripts/vitestSetup.ts"],
    // Loading a provider SDK under mocks takes a few seconds on a small machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
