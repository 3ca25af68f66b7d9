import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file runs the Pulumi runtime, which keeps per-process state: one process per file.
    pool: "forks",
    // Loading a provider SDK under mocks takes a few seconds on a small machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
