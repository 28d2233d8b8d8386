import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // server-only throws outside a React Server Components bundle; tests import server code directly.
      "server-only": fileURLToPath(new URL("./tests/support/empty-module.ts", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    globalSetup: ["tests/support/vitest-global-setup.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    // The JSON report is what .ci/run totals into its closing "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    // Vitest's default is one worker per core less one: one worker on a 2-core machine, where
    // many files wait on sockets, child processes and PostgreSQL rather than on the CPU.
    maxWorkers: "150%",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
