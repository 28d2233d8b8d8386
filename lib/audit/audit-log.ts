import type { Kysely, Selectable } from "kysely";
import type { BagName, BagPatch, Bags } from "@/lib/metadata/bags";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { AuditLogTable, ConsoleDatabase } from "@/lib/db/schema";
import {
  isAuditOutcome,
  type AuditEntry,
  type AuditEntryInput,
  type AuditOutcome,
} from "./audit-entry";

function toRow(entry: AuditEntryInput) {
  return {
    occurred_at: entry.occurredAt,
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    target_user_id: entry.targetUserId,
    bags: JSON.stringify(entry.bags),
    before_doc: entry.before === null ? null : JSON.stringify(entry.before),
    patch: JSON.stringify(entry.patch),
    after_doc: entry.after === null ? null : JSON.stringify(entry.after),
    outcome: entry.outcome,
    clerk_status: entry.clerkStatus ?? null,
    clerk_code: entry.clerkCode ?? null,
    clerk_trace_id: entry.clerkTraceId ?? null,
    message: entry.message ?? null,
    revert_of: entry.revertOf ?? null,
    bulk_job_id: entry.bulkJobId ?? null,
  };
}

function fromRow(row: Selectable<AuditLogTable>): AuditEntry {
  if (!isAuditOutcome(row.outcome))
    throw new Error(`audit entry ${row.id} has an unknown outcome "${row.outcome}"`);
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actor: row.actor_id ? { id: row.actor_id, email: row.actor_email ?? "" } : null,
    targetUserId: row.target_user_id,
    bags: fromJsonColumn<BagName[]>(row.bags),
    before: row.before_doc === null ? null : fromJsonColumn<Bags>(row.before_doc),
    patch: fromJsonColumn<BagPatch>(row.patch),
    after: row.after_doc === null ? null : fromJsonColumn<Bags>(row.after_doc),
    outcome: row.outcome,
    clerkStatus: row.clerk_status,
    clerkCode: row.clerk_code,
    clerkTraceId: row.clerk_trace_id,
    message: row.message,
    revertOf: row.revert_of,
    bulkJobId: row.bulk_job_id,
  };
}

/** Appends one entry. There is deliberately no update or delete anywhere in the application. */
export async function appendAuditEntry(
  db: Kysely<ConsoleDatabase>,
  entry: AuditEntryInput,
): Promise<number> {
  const { id } = await db
    .insertInto("audit_log")
    .values(toRow(entry))
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

export interface AuditFilter {
  targetUserId?: string;
  actorId?: string;
  outcome?: AuditOutcome;
  from?: number;
  to?: number;
}

/** Newest first, with a stable order for entries of the same millisecond. */
export async function listAuditEntries(
  db: Kysely<ConsoleDatabase>,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ entries: AuditEntry[]; totalCount: number }> {
  let query = db.selectFrom("audit_log");
  if (filter.targetUserId) query = query.where("target_user_id", "=", filter.targetUserId);
  if (filter.actorId) query = query.where("actor_id", "=", filter.actorId);
  if (filter.outcome) query = query.where("outcome", "=", filter.outcome);
  if (filter.from !== undefined) query = query.where("occurred_at", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("occurred_at", "<", filter.to);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("occurred_at", "desc")
      .orderBy("id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return { entries: rows.map(fromRow), totalCount: Number(count?.n ?? 0) };
}

export async function getAuditEntry(
  db: Kysely<ConsoleDatabase>,
  id: number,
): Promise<AuditEntry | null> {
  const row = await db.selectFrom("audit_log").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Whether a bulk job already recorded an attempt on this user at or after the given time. */
export async function hasBulkAttemptSince(
  db: Kysely<ConsoleDatabase>,
  bulkJobId: string,
  targetUserId: string,
  since: number,
): Promise<boolean> {
  const row = await db
    .selectFrom("audit_log")
    .select("id")
    .where("target_user_id", "=", targetUserId)
    .where("bulk_job_id", "=", bulkJobId)
    .where("occurred_at", ">=", since)
    .executeTakeFirst();
  return row !== undefined;
}
