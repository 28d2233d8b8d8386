import "server-only";
import { migrateAuthSchema } from "@/lib/auth/create-auth";
import { parseDatabaseUrl } from "./database-url";
import { migrateToLatest } from "./migrations";
import { openConsoleDatabase, type ConsoleDb } from "./open-database";

interface Holder {
  opened: ConsoleDb;
  ready: Promise<ConsoleDb>;
}

// Kept on globalThis so that development reloads reuse one pool instead of leaking them.
const holder = globalThis as typeof globalThis & { __metadeckConsoleDb?: Holder };

/** The console database named by DATABASE_URL, migrated to the latest schema before first use. */
export function consoleDb(): Promise<ConsoleDb> {
  if (!holder.__metadeckConsoleDb) {
    const opened = openConsoleDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
    const ready = migrateToLatest(opened)
      .then(() => migrateAuthSchema(opened))
      .then(() => opened);
    holder.__metadeckConsoleDb = { opened, ready };
  }
  return holder.__metadeckConsoleDb.ready;
}
