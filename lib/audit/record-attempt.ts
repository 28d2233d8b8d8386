import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { appendAuditEntry, type AnyAuditEntryInput } from "./audit-log";

/**
 * Appends an attempt to the console database's audit log. A failure to write the log is
 * reported on the server; it does not turn a write Clerk already made into an error.
 */
export async function recordAttempt(entry: AnyAuditEntryInput): Promise<void> {
  try {
    const { db } = await consoleDb();
    await appendAuditEntry(db, entry);
  } catch (error) {
    console.error("[audit] could not append an audit entry", { entry, error });
  }
}
