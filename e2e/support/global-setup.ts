import { rmSync } from "node:fs";
import { spawnEmulator } from "../../emulator/bench/spawn-emulator";
import { buildIfNeeded } from "../../scripts/build-if-needed";
import { createDatabaseTemplates } from "../../tests/support/database-templates";
import { startDashboard } from "../../tests/support/dashboard-processes";
import {
  E2E_AUTH_SECRET,
  E2E_SECRET_KEY,
  E2E_SLOTS,
  E2E_WEBHOOK_SECRET,
  e2eStack,
} from "./e2e-env";

/**
 * Before any test: the console database templates (for the specs that start their own
 * stacks), one build of the dashboard, and one emulator and dashboard per worker slot, each on
 * an empty console database. Returns the teardown that stops them.
 */
export default async function globalSetup() {
  const templates = await createDatabaseTemplates(process.env.TEST_DATABASE_URL);
  // Workers start after this and inherit it.
  Object.assign(process.env, templates.env);
  await buildIfNeeded(process.cwd(), process.env);
  // As many as E2E_WORKERS says, whatever --workers asks: the setup project signs in on each.
  const slots = Array.from({ length: E2E_SLOTS }, (_, slot) => slot);
  const started = await Promise.allSettled(slots.map(startSlotStack));
  const stops = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const teardown = async () => {
    await Promise.all(stops.map((stop) => stop()));
    await templates.dispose();
  };
  const failure = started.find((s) => s.status === "rejected");
  if (failure) {
    // Playwright runs no teardown when the set-up throws: stop what did start.
    await teardown();
    throw failure.reason;
  }
  return teardown;
}

async function startSlotStack(slot: number): Promise<() => Promise<void>> {
  const stack = e2eStack(slot);
  for (const suffix of ["", "-wal", "-shm"])
    rmSync(`${stack.databaseFile}${suffix}`, { force: true });
  const emulator = await spawnEmulator({
    EMULATOR_PORT: String(stack.emulatorPort),
    EMULATOR_DB: ":memory:",
    EMULATOR_SEED_USERS: "300",
    EMULATOR_FAULTS: "",
    CLERK_SECRET_KEY: E2E_SECRET_KEY,
    EMULATOR_WEBHOOK_URL: `${stack.appUrl}/api/webhooks/clerk`,
    EMULATOR_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
    // Deliveries before the dashboard is up are retried soon, not in 5 minutes.
    EMULATOR_WEBHOOK_RETRY_SCALE: "0.01",
  });
  const dashboard = await startDashboard({
    root: process.cwd(),
    port: Number(new URL(stack.appUrl).port),
    emulatorUrl: emulator.url,
    databaseUrl: stack.databaseFile,
    env: {
      BETTER_AUTH_SECRET: E2E_AUTH_SECRET,
      CLERK_WEBHOOK_SIGNING_SECRET: E2E_WEBHOOK_SECRET,
      // Staff sign in with passwords alone here; two-factor has its own spec and dashboards.
      REQUIRE_2FA: "off",
      // Tests stand behind a "proxy" on loopback, so a test can come from an address of its
      // own (X-Forwarded-For) and keep its request limits apart from the others'.
      TRUSTED_PROXIES: "127.0.0.1",
    },
  }).catch(async (error: unknown) => {
    await emulator.stop();
    throw error;
  });
  return async () => {
    await dashboard.stop();
    await emulator.stop();
  };
}
