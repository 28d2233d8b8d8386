/** What the dashboard benchmarks share: a staff account, a production server, a signed-in cookie. */
import { mkdtempSync, rmSync } from "node:fs";
import type { createClerkClient } from "@clerk/backend";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnEmulator } from "@/emulator/bench/spawn-emulator";
import type { Role } from "@/lib/auth/roles";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import {
  createStaff,
  emulatorAdmin,
  signIn,
  startDashboard,
  untilIndexBackfilled,
} from "@/tests/support/dashboard-processes";

/**
 * A seeded emulator and a production dashboard on temporary files, with one staff account
 * signed in; `stop` removes everything again.
 */
export async function startBenchStack(options: {
  root: string;
  users: number;
  emulatorRateLimit: "off" | "dev" | "prod";
  staff: { email: string; role: Role };
  port: number;
  env?: Record<string, string>;
}) {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-bench-"));
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: String(options.users),
    EMULATOR_RATE_LIMIT: options.emulatorRateLimit,
    EMULATOR_FAULTS: "",
    CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
  });
  const databaseFile = join(dir, "console.sqlite");
  await createStaff(databaseFile, options.staff.email, options.staff.role);
  const dashboard = await startDashboard({
    root: options.root,
    port: options.port,
    emulatorUrl: emulator.url,
    databaseUrl: databaseFile,
    env: options.env,
  });
  await untilIndexBackfilled(databaseFile);
  return {
    emulatorUrl: emulator.url,
    appUrl: dashboard.url,
    admin: emulatorAdmin(emulator.url),
    /** What the dashboard has printed so far (with METADECK_LOG_STATEMENTS=1, its statements). */
    logs: dashboard.logs,
    cookie: await signIn(dashboard.url, options.staff.email),
    async stop() {
      await dashboard.stop();
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Removes a flag from every user, so a bulk change of it writes every one of them (the seed
 * switches catalogued flags on for some users). Run while the emulator's limits are off.
 * Answers every user's id, newest first.
 */
export async function clearFlagForAll(
  clerk: ReturnType<typeof createClerkClient>,
  flagKey: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const { data } = await clerk.users.getUserList({ limit: 500, offset });
    for (const user of data) {
      ids.push(user.id);
      const features = (user.publicMetadata as { features?: Record<string, unknown> }).features;
      if (features?.[flagKey] !== undefined)
        await clerk.users.updateUserMetadata(user.id, {
          publicMetadata: { features: { [flagKey]: null } },
        });
    }
    if (data.length < 500) return ids;
  }
}
