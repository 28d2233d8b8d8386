import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_MISSING, chromiumPath } from "./e2e/support/chromium-path";
import { E2E_SLOTS } from "./e2e/support/e2e-env";

const executablePath = chromiumPath();
if (!executablePath) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

/** Specs that speak HTTP only: no page, so many run at once. */
const HTTP_SPECS = [
  "access-matrix",
  "audit-noise",
  "concurrent-saves",
  "dead-sessions",
  "request-limits",
  "return-paths",
  "security-headers",
  "security",
].map((name) => `${name}.spec.ts`);

/** Specs that start emulators and dashboards of their own, with their own settings. */
const STACK_SPECS = [
  "sso",
  "two-factor",
  "user-index-webhooks",
  "several-instances",
  "index-read-limits",
].map((name) => `${name}.spec.ts`);

export default defineConfig({
  testDir: "e2e",
  // One emulator, dashboard and console database per worker slot (e2e/support/global-setup.ts).
  workers: E2E_SLOTS,
  fullyParallel: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1400, height: 1000 },
    // A trace costs about a fifth of a browser test's CPU, and every test would record one:
    // failures keep a screenshot; ask for traces with --trace=retain-on-failure.
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    // First, so that their waits (rate-limit windows, retries, leases) overlap the other projects.
    {
      name: "stacks",
      dependencies: ["setup"],
      testMatch: STACK_SPECS,
      workers: Math.max(1, E2E_SLOTS - 1),
    },
    { name: "http", dependencies: ["setup"], testMatch: HTTP_SPECS },
    {
      name: "browser",
      dependencies: ["setup"],
      testMatch: /\.spec\.ts$/,
      testIgnore: [...HTTP_SPECS, ...STACK_SPECS],
    },
  ],
});
