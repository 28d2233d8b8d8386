import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import type { AuditEntry } from "./audit-entry";
import { getAuditEntry, listAuditEntries, revertsOf } from "./audit-log";
import { AUDIT_PAGE_SIZE, auditFilterOf, type AuditQuery } from "./audit-query";

/**
 * One page of the audit log as `/audit` and `/api/audit` show it: the URL's filter, newest
 * first, a bulk job's writes folded into one row. Staff and sign-in events only for a reader allowed them (`audit:staff`); metadata writes
 * and CSV exports of users for every reader.
 */
export async function readAuditPage(query: AuditQuery, { staffEvents }: { staffEvents: boolean }) {
  const { db } = await consoleDb();
  const filter = auditFilterOf(query);
  if (!staffEvents) {
    if (filter.event !== undefined && filter.event !== "metadata" && filter.event !== "export")
      return { entries: [], totalCount: 0, bulkJobs: {} };
    filter.withoutStaffEvents = true;
    filter.targetStaffEmail = undefined;
  }
  // A bulk job's entries are one row, opening to them (?job=), unless one user's or one job's
  // entries are asked for.
  filter.foldBulkJobs = !filter.bulkJobId && !filter.target && !filter.targetUserId;
  return listAuditEntries(db, filter, {
    limit: AUDIT_PAGE_SIZE,
    offset: (query.page - 1) * AUDIT_PAGE_SIZE,
  });
}

/** An entry by the id in its URL; null when the id is malformed or unknown. */
export async function readAuditEntry(entryId: string): Promise<AuditEntry | null> {
  if (!/^\d{1,15}$/.test(entryId)) return null;
  return getAuditEntry((await consoleDb()).db, Number(entryId));
}

/** The entries that reverted this one, for its page's links. */
export async function readRevertsOf(entryId: number): Promise<number[]> {
  return revertsOf((await consoleDb()).db, entryId);
}
