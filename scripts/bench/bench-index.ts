/**
 * `npm run bench:index`: the user index. A backfill of 100,000 users from the emulator with
 * its limits off and at `dev` limits (100 requests / 10 s; 200 pages of 500, each two requests
 * since the SDK's getUserList also asks for the count: a 40 s floor);
 * webhook ingest through the dashboard's endpoint; filters and their counts at 100,000 users on
 * SQLite (the backfilled index); and, when TEST_DATABASE_URL names a PostgreSQL server, filters
 * and the catalogue's adoption counts at 1,000,000 users loaded through the same upsert code.
 * Then four sessions run the heaviest filter in a loop while the health check and the users
 * page are timed (bench-index-stall.ts), on both databases.
 * `BENCH_ONLY=backfill|dev|sqlite|stall|postgres` runs one part (`stall`: SQLite's only).
 */
import { cpus } from "node:os";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnEmulator } from "@/emulator/bench/spawn-emulator";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { parseDatabaseUrl } from "@/lib/config/database-url";
import { openConsoleDatabase } from "@/lib/db/open-database";
import {
  emulatorAdmin,
  startDashboard,
  untilIndexBackfilled,
} from "@/tests/support/dashboard-processes";
import { buildIfNeeded } from "../build-if-needed";
import { ingestRun, type BackfillStack } from "./bench-index-ingest";
import { stallRun } from "./bench-index-stall";
import { adoptionTiming, filterTimings, postgresRun } from "./bench-index-queries";

const USERS = Number(process.env.BENCH_INDEX_USERS ?? 100_000);
const PAGES = Math.ceil(USERS / 500);
/** The SDK's getUserList is two requests: the page and `/v1/users/count`. */
const REQUESTS_PER_PAGE = 2;
const DEV_PER_SECOND = 10; // dev: 100 requests per 10 s
const WEBHOOK_SECRET = "whsec_YmVuY2ggd2ViaG9vayBzZWNyZXQgZm9yIHRoZSBpbmRleA==";
const root = process.cwd();

/** A seeded emulator and a dashboard that backfills from it; answers the backfill's duration. */
async function backfillRun(
  mode: "off" | "dev",
  then?: (stack: BackfillStack) => Promise<string[]>,
) {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-bench-index-"));
  process.stderr.write(`… seeding ${USERS.toLocaleString("en")} users (limits ${mode})\n`);
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: String(USERS),
    EMULATOR_RATE_LIMIT: mode,
    EMULATOR_FAULTS: "",
    EMULATOR_WEBHOOK_URL: "",
    CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
  });
  const databaseFile = join(dir, "console.sqlite");
  const admin = emulatorAdmin(emulator.url);
  try {
    await admin("/stats", "DELETE");
    process.stderr.write("… backfilling\n");
    const dashboard = await startDashboard({
      root,
      port: 3203,
      emulatorUrl: emulator.url,
      databaseUrl: databaseFile,
      env: {
        // The dashboard's own pacing follows the emulator's limits; `prod` stands for none here.
        CLERK_RATE_LIMIT: mode === "dev" ? "dev" : "prod",
        CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
      },
    });
    try {
      await untilIndexBackfilled(databaseFile);
      const opened = openConsoleDatabase(parseDatabaseUrl(databaseFile));
      const sync = await opened.db
        .selectFrom("index_sync")
        .select(["started_at", "finished_at"])
        .where("kind", "=", "backfill")
        .executeTakeFirstOrThrow();
      const { count } = await opened.db
        .selectFrom("user_index")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .executeTakeFirstOrThrow();
      await opened.db.destroy();
      const stats = await admin<{ requests: Record<string, number> }>("/stats", "GET");
      const seconds = (Number(sync.finished_at) - Number(sync.started_at)) / 1000;
      const floor = (PAGES * REQUESTS_PER_PAGE) / DEV_PER_SECOND;
      const lines = [
        mode === "off"
          ? `backfill, limits off: ${USERS.toLocaleString("en")} users in ${seconds.toFixed(2)} s (${Math.round(USERS / seconds).toLocaleString("en")} users/s; target ≤ 60 s); ${Number(count).toLocaleString("en")} rows indexed; requests ${JSON.stringify(stats.requests)}`
          : `backfill, dev limits: ${seconds.toFixed(2)} s against the ${floor} s floor (${PAGES} pages × ${REQUESTS_PER_PAGE} requests at ${DEV_PER_SECOND}/s): ratio ${(seconds / floor).toFixed(3)} (target ≤ 1.15); ${Number(count).toLocaleString("en")} rows indexed; requests ${JSON.stringify(stats.requests)}`,
      ];
      if (then)
        lines.push(
          ...(await then({ appUrl: dashboard.url, emulatorUrl: emulator.url, databaseFile })),
        );
      return { lines, databaseFile, dir };
    } finally {
      await dashboard.stop();
    }
  } finally {
    await emulator.stop();
  }
}

/**
 * The stall on PostgreSQL: a dashboard on the loaded database (an emulator of a few users as
 * its Clerk; no reconciliation, which would remove the million users Clerk does not have).
 */
async function postgresStall(databaseUrl: string, label: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-bench-stall-"));
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: "50",
    EMULATOR_RATE_LIMIT: "off",
    EMULATOR_FAULTS: "",
    EMULATOR_WEBHOOK_URL: "",
    CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
  });
  try {
    const dashboard = await startDashboard({
      root,
      port: 3204,
      emulatorUrl: emulator.url,
      databaseUrl,
      env: { CLERK_RATE_LIMIT: "prod", INDEX_RECONCILE_HOURS: "0" },
    });
    try {
      await untilIndexBackfilled(databaseUrl);
      return await stallRun(dashboard.url, databaseUrl, label);
    } finally {
      await dashboard.stop();
    }
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  await buildIfNeeded(root, process.env);
  const only = process.env.BENCH_ONLY;
  const lines = [
    `Index benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
  ];
  if (!only || only === "backfill" || only === "sqlite" || only === "stall") {
    const run = await backfillRun("off", async (stack) => [
      ...(only === "sqlite" || only === "stall" ? [] : await ingestRun(stack, WEBHOOK_SECRET)),
      ...(only === "backfill"
        ? []
        : await stallRun(
            stack.appUrl,
            stack.databaseFile,
            `SQLite, ${USERS.toLocaleString("en")} users`,
          )),
    ]);
    lines.push(...run.lines);
    const opened = openConsoleDatabase(parseDatabaseUrl(run.databaseFile));
    try {
      if (only !== "stall") {
        process.stderr.write("… filters on SQLite\n");
        const label = `SQLite, ${USERS.toLocaleString("en")} users`;
        lines.push(...(await filterTimings(opened.db, "sqlite", label)));
        lines.push(await adoptionTiming(opened.db, "sqlite", label));
      }
    } finally {
      await opened.db.destroy();
      rmSync(run.dir, { recursive: true, force: true });
    }
  }
  if (!only || only === "dev") {
    const run = await backfillRun("dev");
    lines.push(...run.lines);
    rmSync(run.dir, { recursive: true, force: true });
  }
  if ((!only || only === "postgres") && process.env.TEST_DATABASE_URL)
    lines.push(...(await postgresRun(process.env.TEST_DATABASE_URL, postgresStall)));
  else if (!only || only === "postgres")
    lines.push("PostgreSQL: skipped (TEST_DATABASE_URL is not set)");
  console.log(`\n${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
