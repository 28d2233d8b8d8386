import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClerkClient } from "@clerk/backend";
import { spawnEmulator } from "@/emulator/bench/spawn-emulator";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { createTestDatabase } from "@/tests/support/console-databases";
import { clearFlagForAll } from "./bench-support";
import {
  createStaff,
  emulatorAdmin,
  signIn,
  startBulkJob,
  startDashboard,
  untilIndexBackfilled,
  untilJobFinished,
} from "@/tests/support/dashboard-processes";

const LIMIT_PER_SECOND = 100; // production: 1000 requests per 10 s
const STAFF = "bench-product@metadeck.local";
const FLAG = "beta_exports";

type Stats = { total: number; rateLimited: number };

/**
 * Two instances on one console database, each running a bulk job over its own `perJob` users,
 * started at the same moment, with the emulator at production limits. Answers the report line.
 */
export async function twoInstanceRun(root: string, perJob: number): Promise<string> {
  const users = 2 * perJob;
  const floorMs = (users / LIMIT_PER_SECOND) * 1000;
  const dir = mkdtempSync(join(tmpdir(), "metadeck-bench-two-"));
  const postgres = Boolean(process.env.TEST_DATABASE_URL);
  const database = postgres ? await createTestDatabase("postgres") : null;
  const databaseUrl = database?.url ?? join(dir, "console.sqlite");
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: String(users),
    EMULATOR_RATE_LIMIT: "off",
    EMULATOR_FAULTS: "",
    CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
  });
  const admin = emulatorAdmin(emulator.url);
  const instances: Awaited<ReturnType<typeof startDashboard>>[] = [];
  try {
    await createStaff(databaseUrl, STAFF, "product");
    for (const port of [3203, 3204])
      instances.push(
        await startDashboard({
          root,
          port,
          emulatorUrl: emulator.url,
          databaseUrl,
          env: { CLERK_RATE_LIMIT: "prod" },
        }),
      );
    await untilIndexBackfilled(databaseUrl);
    const clerk = createClerkClient({ secretKey: EMBEDDED_SECRET_KEY, apiUrl: emulator.url });
    // Every user needs the write: the floor is 100 writes a second, 40 s for 4,000 users.
    const ids = await clearFlagForAll(clerk, FLAG);
    const cookies = await Promise.all(instances.map((i) => signIn(i.url, STAFF)));
    await admin("/rate-limit", "PUT", { mode: "prod" });
    await admin("/stats", "DELETE");
    const started = performance.now();
    // The emulator's request count every 250 ms: how much of each 10 s window the jobs used.
    const samples: { at: number; total: number }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push({ at: performance.now(), total: (await admin<Stats>("/stats", "GET")).total });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const done = await Promise.all(
      instances.map(async (instance, n) => {
        const cohort = ids.slice(n * perJob, (n + 1) * perJob);
        const jobId = await startBulkJob(
          instance.url,
          cookies[n]!,
          { kind: "list", text: cohort.join("\n") },
          FLAG,
        );
        return untilJobFinished(instance.url, cookies[n]!, jobId);
      }),
    );
    const elapsed = performance.now() - started;
    sampling = false;
    await sampler;
    const stats = await admin<Stats>("/stats", "GET");
    const busiest = Math.max(
      ...samples.map(
        (from) =>
          (samples.findLast((to) => to.at <= from.at + 10_000)?.total ?? from.total) - from.total,
      ),
    );
    const counts = done.map(
      ({ counts: c }) => `changed ${c.changed}, skipped ${c.skipped}, failed ${c.failed}`,
    );
    return `two instances (${postgres ? "PostgreSQL" : "one SQLite file"}), a job of ${perJob.toLocaleString("en")} users on each at once: both completed in ${(elapsed / 1000).toFixed(2)} s, ratio to the ${floorMs / 1000} s floor ${(elapsed / floorMs).toFixed(3)} (target ≤ 1.15); 429s from the emulator ${stats.rateLimited} of ${stats.total} requests (target 0); busiest 10 s: ${busiest} requests (the jobs' share: 900); ${counts.join(" / ")}`;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await emulator.stop();
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
