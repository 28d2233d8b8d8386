/**
 * `npm run index:sync` (a backfill: every user in Clerk into the user index) and
 * `npm run index:reconcile` (also corrects what differs and removes users Clerk no longer has).
 * Same configuration as the dashboard (CLERK_SECRET_KEY, CLERK_API_URL, DATABASE_URL); calls to
 * Clerk draw from the bulk share of the budget every instance shares.
 */
import { migrateConsoleDatabase } from "@/lib/startup/migrate-console-database";
import { consoleDb } from "@/lib/db/console-db";
import { runIndexSyncNow } from "@/lib/startup/index-runtime";

async function main() {
  const kind = process.argv[2] === "reconcile" ? "reconcile" : "backfill";
  await migrateConsoleDatabase(await consoleDb());
  const started = Date.now();
  let printedAt = 0;
  const run = await runIndexSyncNow(kind, (sync) => {
    if (Date.now() - printedAt < 1000) return;
    printedAt = Date.now();
    console.log(`${kind}: ${sync.seen} of ~${sync.total ?? "?"} users, ${sync.changed} changed`);
  });
  if (!run.ran) {
    console.error(`The ${kind} did not complete: ${run.reason}`);
    process.exit(1);
  }
  const { seen, changed, removed } = run.sync;
  console.log(
    `${kind} completed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${seen} users read, ${changed} written, ${removed} removed`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
