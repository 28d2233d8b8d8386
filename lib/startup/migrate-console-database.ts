import { sql } from "kysely";
import { ADVISORY_LOCKS } from "@/lib/db/advisory-locks";
import { migrateAuthSchema } from "@/lib/auth/create-auth";
import { ensureOneSubjectPerAccount } from "@/lib/auth/sso/one-subject-index";
import { forgetTrustedDevices } from "@/lib/auth/two-factor/trusted-devices";
import { migrateToLatest } from "@/lib/db/migrations";
import type { ConsoleDb } from "@/lib/db/open-database";

async function migrateAll(opened: ConsoleDb): Promise<string[]> {
  const applied = await migrateToLatest(opened);
  await migrateAuthSchema(opened);
  await ensureOneSubjectPerAccount(opened);
  await forgetTrustedDevices(opened);
  return applied;
}

const SQLITE_ATTEMPTS = 5;

/**
 * SQLite has no lock to wait on across processes sharing the file: a process that loses the
 * race to create a table tries again once the winner's migration is in (each one is recorded
 * in the same transaction as its changes, so a retry skips what is done).
 */
async function migrateSqlite(opened: ConsoleDb): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateAll(opened);
    } catch (error) {
      if (attempt >= SQLITE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 100));
    }
  }
}

/**
 * Brings the whole console database to the latest schema: Metadeck's own tables, then
 * better-auth's. Every start-up path runs this one function. Returns Metadeck's migrations
 * that were applied. On PostgreSQL, instances starting at the same moment take turns through
 * a session advisory lock: better-auth creates its tables without a lock of its own.
 */
export async function migrateConsoleDatabase(opened: ConsoleDb): Promise<string[]> {
  if (opened.kind !== "postgres") return migrateSqlite(opened);
  return opened.db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${ADVISORY_LOCKS.migrations})`.execute(connection);
    try {
      return await migrateAll(opened);
    } finally {
      await sql`SELECT pg_advisory_unlock(${ADVISORY_LOCKS.migrations})`.execute(connection);
    }
  });
}
