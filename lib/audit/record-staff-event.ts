import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { appendAuditEntry } from "./audit-log";
import { staffAuditEntry, type StaffEventAttempt } from "./staff-event";

/**
 * Appends a staff or sign-in event. Takes the database it is given, as the staff command runs
 * outside the server. A failure to write is reported, and does not undo a change already made.
 */
export async function recordStaffEvent(
  db: Kysely<ConsoleDatabase>,
  attempt: StaffEventAttempt,
): Promise<void> {
  try {
    await appendAuditEntry(db, staffAuditEntry(attempt));
  } catch (error) {
    console.error("[audit] could not append a staff event", {
      event: attempt.event,
      target: attempt.target.email,
      error,
    });
  }
}
