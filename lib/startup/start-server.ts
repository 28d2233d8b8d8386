import "server-only";
import { authSecret } from "@/lib/auth/auth-secret";
import { signInSettings } from "@/lib/auth/sign-in-config";
import { resumeBulkJobs } from "@/lib/bulk/bulk-runtime";
import { serverEnv } from "@/lib/config/server-env";
import { consoleDb } from "@/lib/db/console-db";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { ensureFlagPathIndexes } from "@/lib/user-index/flag-values/flag-path-indexes";
import { scheduleIndexSync } from "./index-runtime";
import { migrateConsoleDatabase } from "./migrate-console-database";

/**
 * Once per server process, before the first request: a malformed configuration (sign-in's
 * too), session secret, flag catalogue or review policy stops it with a clear message; the
 * console database is migrated; bulk jobs that were under way resume; the user index backfills
 * (once) and reconciles (periodically), with an index per catalogued flag path for the filters.
 */
export async function startServer(): Promise<void> {
  serverEnv();
  signInSettings();
  const { flags } = flagCatalogue();
  reviewPolicy();
  authSecret();
  const database = await consoleDb();
  await migrateConsoleDatabase(database);
  await ensureFlagPathIndexes(database.db, database.kind, flags);
  await resumeBulkJobs();
  scheduleIndexSync();
}
