import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import {
  E2E_APP_URL,
  E2E_AUTH_SECRET,
  E2E_DATABASE_FILE,
  E2E_EMULATOR_PORT,
  E2E_EMULATOR_URL,
  E2E_SECRET_KEY,
  E2E_WEBHOOK_SECRET,
  storageStateFor,
} from "./e2e/support/e2e-env";

// Debian's Chromium: Playwright cannot download its own browser on these machines.
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  // One emulator and one app serve every test, and some tests switch the emulator's faults.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/playwright",
  use: {
    ...devices["Desktop Chrome"],
    baseURL: E2E_APP_URL,
    viewport: { width: 1400, height: 1000 },
    trace: "retain-on-failure",
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
    {
      name: "chromium",
      dependencies: ["setup"],
      // Tests act as a support user unless they open a context for another role.
      use: { storageState: storageStateFor("support") },
    },
  ],
  webServer: [
    {
      command: "node --import tsx emulator/main.ts",
      url: `${E2E_EMULATOR_URL}/__emulator/health`,
      env: {
        EMULATOR_PORT: String(E2E_EMULATOR_PORT),
        EMULATOR_DB: ":memory:",
        EMULATOR_SEED_USERS: "300",
        CLERK_SECRET_KEY: E2E_SECRET_KEY,
        EMULATOR_WEBHOOK_URL: `${E2E_APP_URL}/api/webhooks/clerk`,
        EMULATOR_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
        // Deliveries before the dashboard is up are retried soon, not in 5 minutes.
        EMULATOR_WEBHOOK_RETRY_SCALE: "0.01",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Each run starts from an empty console database (removed here, once, not in every worker).
      command: `rm -f ${E2E_DATABASE_FILE} ${E2E_DATABASE_FILE}-wal ${E2E_DATABASE_FILE}-shm && node --import tsx scripts/build-if-needed.ts && node --import tsx scripts/serve.ts --hostname 127.0.0.1 --port ${new URL(E2E_APP_URL).port}`,
      url: `${E2E_APP_URL}/api/health`,
      env: {
        CLERK_SECRET_KEY: E2E_SECRET_KEY,
        CLERK_API_URL: E2E_EMULATOR_URL,
        DATABASE_URL: E2E_DATABASE_FILE,
        BETTER_AUTH_SECRET: E2E_AUTH_SECRET,
        CLERK_WEBHOOK_SIGNING_SECRET: E2E_WEBHOOK_SECRET,
        BETTER_AUTH_URL: E2E_APP_URL,
        // Staff sign in with passwords alone here; two-factor has its own spec and dashboards.
        REQUIRE_2FA: "off",
        // Tests stand behind a "proxy" on loopback, so a test can come from an address of its
        // own (X-Forwarded-For) and keep its request limits apart from the others'.
        TRUSTED_PROXIES: "127.0.0.1",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      reuseExistingServer: false,
      timeout: 300_000,
    },
  ],
});
