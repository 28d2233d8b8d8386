import "server-only";
import type { Kysely } from "kysely";
import { consoleDb } from "@/lib/db/console-db";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { appendAuditEntry, type AnyAuditEntryInput } from "./audit-log";

/**
 * Appends attempts to the given console database's audit log. A failure to write the log is
 * reported on the server; it does not turn a write Clerk already made into an error.
 */
export function recordInto(db: Kysely<ConsoleDatabase>) {
  return async (entry: AnyAuditEntryInput): Promise<void> => {
    try {
      await appendAuditEntry(db, entry);
    } catch (error) {
      console.error("[audit] could not append an audit entry", { entry, error });
    }
  };
}

/** Appends an attempt to the process's console database (see `recordInto`). */
export async function recordAttempt(entry: AnyAuditEntryInput): Promise<void> {
  await recordInto((await consoleDb()).db)(entry);
}
