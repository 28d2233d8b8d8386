/**
 * `npm run bench:bulk`: a bulk flag change over 2,000 users through the dashboard (Apply, then
 * the job runs on the server), with the emulator enforcing Clerk's production limits (1000
 * requests / 10 s). The floor those limits allow is 20 s (2,000 writes at 100/s). Run once
 * clean and once with 5% injected 500s and 5% injected 429s; then two instances on one
 * console database (PostgreSQL when TEST_DATABASE_URL names a server, else one shared SQLite
 * file), each running a job over its own 2,000 users at once: one Clerk budget for both.
 */
import { cpus } from "node:os";
import { createClerkClient } from "@clerk/backend";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { startBulkJob, untilJobFinished } from "@/tests/support/dashboard-processes";
import { buildIfNeeded } from "../build-if-needed";
import { clearFlagForAll, startBenchStack } from "./bench-support";
import { twoInstanceRun } from "./bench-two-instances";

const USERS = Number(process.env.BENCH_BULK_USERS ?? 2000);
const LIMIT_PER_SECOND = 100; // production: 1000 requests per 10 s
const FLOOR_MS = (USERS / LIMIT_PER_SECOND) * 1000;
const APP_PORT = 3202;
const STAFF = "bench-product@metadeck.local";
const root = process.cwd();

type Stats = { requests: Record<string, number>; metadataWritesByUser: Record<string, number> };

/** One instance: a clean run, then one with injected faults. */
async function oneInstanceRuns(): Promise<string[]> {
  const lines: string[] = [];
  const stack = await startBenchStack({
    root,
    users: USERS,
    // Off while the flags are cleared below; production limits for the runs.
    emulatorRateLimit: "off",
    staff: { email: STAFF, role: "product" },
    port: APP_PORT,
    env: { CLERK_RATE_LIMIT: "prod" },
  });
  const { admin, cookie, appUrl } = stack;
  const clerk = createClerkClient({ secretKey: EMBEDDED_SECRET_KEY, apiUrl: stack.emulatorUrl });
  try {
    const runs = [
      { name: "clean", flagKey: "new_dashboard", faults: {} },
      {
        name: "5% 500s + 5% 429s",
        flagKey: "beta_exports",
        faults: { errorRate: 0.05, rateLimitRate: 0.05, retryAfterSeconds: 1 },
      },
    ];
    // Every user needs each write: the floor is 100 writes a second.
    for (const run of runs) await clearFlagForAll(clerk, run.flagKey);
    await admin("/rate-limit", "PUT", { mode: "prod" });
    for (const run of runs) {
      process.stderr.write(`… ${run.name}\n`);
      await admin("/stats", "DELETE");
      await admin("/faults", "PUT", run.faults);
      const started = performance.now();
      const jobId = await startBulkJob(appUrl, cookie, { kind: "query", query: "" }, run.flagKey);
      const progress = await untilJobFinished(appUrl, cookie, jobId);
      const elapsed = performance.now() - started;
      await admin("/faults", "DELETE");
      const stats = await admin<Stats>("/stats", "GET");
      // Read every user back: each must hold the value.
      let holding = 0;
      for (let offset = 0; offset < USERS; offset += 500) {
        const { data } = await clerk.users.getUserList({ limit: 500, offset });
        holding += data.filter(
          (u) =>
            (u.publicMetadata as { features?: Record<string, unknown> }).features?.[run.flagKey] ===
            true,
        ).length;
      }
      const writes = Object.values(stats.metadataWritesByUser);
      const { counts } = progress;
      lines.push(
        `${run.name}: Apply → completed in ${(elapsed / 1000).toFixed(2)} s, ratio to the ${FLOOR_MS / 1000} s floor ${(elapsed / FLOOR_MS).toFixed(3)} (target ≤ 1.15 clean); changed ${counts.changed}, skipped ${counts.skipped}, failed ${counts.failed}; users holding the value ${holding}/${USERS}; users written more than once ${writes.filter((n) => n > 1).length}; requests ${JSON.stringify(stats.requests)}`,
      );
    }
  } finally {
    await stack.stop();
  }
  return lines;
}

/** `BENCH_ONLY=one-instance` or `two-instances` runs only that part. */
async function main() {
  await buildIfNeeded(root, process.env);
  const only = process.env.BENCH_ONLY;
  const lines = [
    `Bulk benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, ${USERS.toLocaleString("en")} users per job, emulator limits: prod (1000 requests / 10 s), floor ${FLOOR_MS / 1000} s per 2,000 users`,
  ];
  if (only !== "two-instances") lines.push(...(await oneInstanceRuns()));
  if (only !== "one-instance") {
    process.stderr.write("… two instances\n");
    lines.push(await twoInstanceRun(root, USERS));
  }
  console.log(`\n${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
