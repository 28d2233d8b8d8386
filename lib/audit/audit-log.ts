import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
} from "kysely";
import type { BagName, BagPatch, Bags } from "@/lib/metadata/bags";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { AuditLogTable, ConsoleDatabase } from "@/lib/db/schema";
import type { AuditActor } from "./audit-actor";
import {
  isAuditOutcome,
  type AuditEntry,
  type AuditEntryInput,
  type AuditOutcome,
} from "./audit-entry";
import {
  USERS_EXPORT_EVENT,
  type UsersExportAuditEntry,
  type UsersExportDetails,
  type UsersExportEntryInput,
} from "./export-event";
import {
  REVIEW_EVENTS,
  isReviewEvent,
  type ReviewAuditEntry,
  type ReviewAuditEntryInput,
} from "./review-event";
import {
  STAFF_EVENTS,
  isStaffEvent,
  type StaffAuditEntry,
  type StaffAuditEntryInput,
  type StaffEvent,
  type StaffSnapshot,
} from "./staff-event";

const METADATA_WRITE = "metadata_write";

/** Everything an entry may be appended as. */
export type AnyAuditEntryInput =
  AuditEntryInput | StaffAuditEntryInput | UsersExportEntryInput | ReviewAuditEntryInput;

const docColumn = (doc: unknown) => (doc === null ? null : JSON.stringify(doc));

function staffRow(entry: StaffAuditEntryInput) {
  return {
    event: entry.event,
    target_user_id: entry.target.id ?? "",
    target_email: entry.target.email,
    bags: "[]",
    before_doc: docColumn(entry.before),
    patch: "{}",
    after_doc: docColumn(entry.after),
  };
}

/** An export names no one user: what it read (filter, search, paths, rows) is its after_doc. */
function exportRow(entry: UsersExportEntryInput) {
  return {
    event: USERS_EXPORT_EVENT,
    target_user_id: "",
    bags: "[]",
    before_doc: null,
    patch: "{}",
    after_doc: JSON.stringify(entry.details),
  };
}

function reviewRow(entry: ReviewAuditEntryInput) {
  return {
    event: entry.event,
    target_user_id: entry.targetUserId,
    target_name: entry.target.name,
    target_email: entry.target.email,
    bags: JSON.stringify(entry.bags),
    before_doc: null,
    patch: JSON.stringify(entry.patch),
    after_doc: null,
    reason: entry.reason,
    change_request_id: entry.changeRequestId,
  };
}

function metadataRow(entry: AuditEntryInput) {
  return {
    event: METADATA_WRITE,
    target_user_id: entry.targetUserId,
    target_name: entry.target?.name ?? null,
    target_email: entry.target?.email ?? null,
    bags: JSON.stringify(entry.bags),
    before_doc: docColumn(entry.before),
    patch: JSON.stringify(entry.patch),
    after_doc: docColumn(entry.after),
    clerk_status: entry.clerkStatus ?? null,
    clerk_code: entry.clerkCode ?? null,
    clerk_trace_id: entry.clerkTraceId ?? null,
    revert_of: entry.revertOf ?? null,
    bulk_job_id: entry.bulkJobId ?? null,
    reason: entry.reason ?? null,
    change_request_id: entry.changeRequestId ?? null,
  };
}

function rowOf(entry: AnyAuditEntryInput) {
  if (entry.kind === "staff") return staffRow(entry);
  if (entry.kind === "export") return exportRow(entry);
  if (entry.kind === "review") return reviewRow(entry);
  return metadataRow(entry);
}

function toRow(entry: AnyAuditEntryInput) {
  return {
    occurred_at: entry.occurredAt,
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email ?? null,
    actor_name: entry.actor?.name ?? null,
    outcome: entry.outcome,
    message: entry.message ?? null,
    ...rowOf(entry),
  };
}

function actorOf(row: Selectable<AuditLogTable>): AuditActor | null {
  if (!row.actor_id) return null;
  return { id: row.actor_id, email: row.actor_email ?? "", name: row.actor_name };
}

const docOf = <T>(column: unknown): T | null =>
  column === null ? null : fromJsonColumn<T>(column);

function staffFromRow(row: Selectable<AuditLogTable>, event: StaffEvent): StaffAuditEntry {
  if (row.outcome !== "success" && row.outcome !== "refused")
    throw new Error(`staff event ${row.id} has the outcome "${row.outcome}"`);
  return {
    kind: "staff",
    id: row.id,
    occurredAt: row.occurred_at,
    actor: actorOf(row),
    event,
    target: { id: row.target_user_id || null, email: row.target_email ?? "" },
    before: docOf<StaffSnapshot>(row.before_doc),
    after: docOf<StaffSnapshot>(row.after_doc),
    outcome: row.outcome,
    message: row.message,
  };
}

function exportFromRow(row: Selectable<AuditLogTable>): UsersExportAuditEntry {
  if (row.outcome !== "success" && row.outcome !== "incomplete")
    throw new Error(`export ${row.id} has the outcome "${row.outcome}"`);
  return {
    kind: "export",
    id: row.id,
    occurredAt: row.occurred_at,
    actor: actorOf(row),
    details: fromJsonColumn<UsersExportDetails>(row.after_doc),
    outcome: row.outcome,
    message: row.message,
  };
}

function reviewFromRow(row: Selectable<AuditLogTable>, event: ReviewAuditEntry["event"]) {
  if (row.outcome !== "success" && row.outcome !== "refused")
    throw new Error(`review event ${row.id} has the outcome "${row.outcome}"`);
  if (row.change_request_id === null)
    throw new Error(`review event ${row.id} names no change request`);
  const entry: ReviewAuditEntry = {
    kind: "review",
    id: row.id,
    occurredAt: row.occurred_at,
    actor: actorOf(row),
    event,
    changeRequestId: Number(row.change_request_id),
    targetUserId: row.target_user_id,
    target: { name: row.target_name, email: row.target_email },
    bags: fromJsonColumn<BagName[]>(row.bags),
    patch: fromJsonColumn<BagPatch>(row.patch),
    outcome: row.outcome,
    message: row.message,
    reason: row.reason,
  };
  return entry;
}

function fromRow(row: Selectable<AuditLogTable>): AuditEntry {
  if (isStaffEvent(row.event)) return staffFromRow(row, row.event);
  if (isReviewEvent(row.event)) return reviewFromRow(row, row.event);
  if (row.event === USERS_EXPORT_EVENT) return exportFromRow(row);
  if (row.event !== METADATA_WRITE)
    throw new Error(`audit entry ${row.id} has an unknown event "${row.event}"`);
  if (!isAuditOutcome(row.outcome))
    throw new Error(`audit entry ${row.id} has an unknown outcome "${row.outcome}"`);
  return {
    kind: "metadata",
    id: row.id,
    occurredAt: row.occurred_at,
    actor: actorOf(row),
    targetUserId: row.target_user_id,
    target: { name: row.target_name, email: row.target_email },
    bags: fromJsonColumn<BagName[]>(row.bags),
    before: docOf<Bags>(row.before_doc),
    patch: fromJsonColumn<BagPatch>(row.patch),
    after: docOf<Bags>(row.after_doc),
    outcome: row.outcome,
    clerkStatus: row.clerk_status,
    clerkCode: row.clerk_code,
    clerkTraceId: row.clerk_trace_id,
    message: row.message,
    revertOf: row.revert_of,
    bulkJobId: row.bulk_job_id,
    reason: row.reason,
    changeRequestId: row.change_request_id === null ? null : Number(row.change_request_id),
  };
}

/** Appends one entry. There is deliberately no update or delete anywhere in the application. */
export async function appendAuditEntry(
  db: Kysely<ConsoleDatabase>,
  entry: AnyAuditEntryInput,
): Promise<number> {
  const { id } = await db
    .insertInto("audit_log")
    .values(toRow(entry))
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Which entries: metadata writes, exports, staff and sign-in events, or one kind of staff event. */
type AuditEventFilter = "metadata" | "export" | "staff" | "review" | StaffEvent;

/** The events about Clerk users, which every reader of the log may see. */
const USER_EVENTS = [METADATA_WRITE, USERS_EXPORT_EVENT, ...REVIEW_EVENTS];
/** What one Clerk user's history holds: their metadata writes, and the requests about them. */
const USER_HISTORY_EVENTS = [METADATA_WRITE, ...REVIEW_EVENTS];

export interface AuditFilter {
  event?: AuditEventFilter;
  /** Leave out staff and sign-in events (for readers without `audit:staff`). */
  withoutStaffEvents?: boolean;
  /** A Clerk user's metadata writes and change-request events. */
  targetUserId?: string;
  /** Clerk users' writes and request events by what people know: the id, or part of a name or email. */
  target?: string;
  /** What happened to one staff account, by its address. */
  targetStaffEmail?: string;
  /** Who acted: a staff id, or part of their name or email (any case). */
  actor?: string;
  bulkJobId?: string;
  /** Everything about one change request: its transitions and its write. */
  changeRequestId?: number;
  outcome?: AuditOutcome;
  from?: number;
  to?: number;
  /**
   * One row per bulk job: of a job's entries that match, only its first is listed, and the
   * page's `bulkJobs` sums them all up. (A job writes one entry per user.)
   */
  foldBulkJobs?: boolean;
}

/** A bulk job's entries that match a filter, summed up for its one row. */
export interface BulkJobFold {
  entries: number;
  outcomes: Partial<Record<AuditOutcome, number>>;
}

/** `column` holds `text`, ignoring case; LIKE's wildcards in the text match only themselves. */
function containsText(
  eb: ExpressionBuilder<ConsoleDatabase, "audit_log">,
  column: "target_email" | "target_name" | "actor_email" | "actor_name",
  text: string,
) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, "!$&")}%`;
  // "!" rather than a backslash: it is one character in both SQLite's and PostgreSQL's literals.
  return eb(sql`lower(${sql.ref(column)})`, "like", sql<string>`${pattern} escape '!'`);
}

type AuditQuery = SelectQueryBuilder<ConsoleDatabase, "audit_log", object>;

/** The entries `filter` names, in any query of `audit_log`. */
function filtered(query: AuditQuery, filter: AuditFilter): AuditQuery {
  if (filter.event === "metadata") query = query.where("event", "=", METADATA_WRITE);
  else if (filter.event === "export") query = query.where("event", "=", USERS_EXPORT_EVENT);
  else if (filter.event === "staff") query = query.where("event", "in", STAFF_EVENTS);
  else if (filter.event === "review") query = query.where("event", "in", REVIEW_EVENTS);
  else if (filter.event) query = query.where("event", "=", filter.event);
  // A list of what may be shown, not of what may not: an event added later stays hidden.
  if (filter.withoutStaffEvents) query = query.where("event", "in", USER_EVENTS);
  // A staff account's id never names a Clerk user's history, whatever it looks like. A user's
  // history is their metadata writes and the change requests about them.
  if (filter.targetUserId)
    query = query
      .where("target_user_id", "=", filter.targetUserId)
      .where("event", "in", USER_HISTORY_EVENTS);
  if (filter.target) {
    const text = filter.target;
    query = query
      .where((eb) =>
        eb.or([
          eb("target_user_id", "=", text),
          containsText(eb, "target_email", text),
          containsText(eb, "target_name", text),
        ]),
      )
      .where("event", "in", USER_HISTORY_EVENTS);
  }
  // Metadata writes keep their user's email in the same column: a staff filter is for staff.
  if (filter.targetStaffEmail)
    query = query
      .where("target_email", "=", filter.targetStaffEmail.toLowerCase())
      .where("event", "in", STAFF_EVENTS);
  if (filter.actor) {
    const actor = filter.actor;
    query = query.where((eb) =>
      eb.or([
        eb("actor_id", "=", actor),
        containsText(eb, "actor_email", actor),
        containsText(eb, "actor_name", actor),
      ]),
    );
  }
  if (filter.bulkJobId) query = query.where("bulk_job_id", "=", filter.bulkJobId);
  if (filter.changeRequestId !== undefined)
    query = query.where("change_request_id", "=", filter.changeRequestId);
  if (filter.outcome) query = query.where("outcome", "=", filter.outcome);
  if (filter.from !== undefined) query = query.where("occurred_at", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("occurred_at", "<", filter.to);
  return query;
}

/** Newest first, with a stable order for entries of the same millisecond. */
export async function listAuditEntries(
  db: Kysely<ConsoleDatabase>,
  filter: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{
  entries: AuditEntry[];
  totalCount: number;
  /** With `foldBulkJobs`: each listed job's matching entries, by job id. */
  bulkJobs: Record<string, BulkJobFold>;
}> {
  let query = filtered(db.selectFrom("audit_log"), filter);
  if (filter.foldBulkJobs)
    query = query.where((eb) =>
      eb.or([
        eb("bulk_job_id", "is", null),
        eb(
          "id",
          "in",
          filtered(db.selectFrom("audit_log"), filter)
            .select((inner) => inner.fn.min<number>("id").as("first"))
            .where("bulk_job_id", "is not", null)
            .groupBy("bulk_job_id"),
        ),
      ]),
    );
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
  const jobIds = filter.foldBulkJobs
    ? [...new Set(rows.flatMap((row) => (row.bulk_job_id ? [row.bulk_job_id] : [])))]
    : [];
  const bulkJobs: Record<string, BulkJobFold> = {};
  if (jobIds.length > 0) {
    const tallies = await filtered(db.selectFrom("audit_log"), filter)
      .where("bulk_job_id", "in", jobIds)
      .select(["bulk_job_id", "outcome", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["bulk_job_id", "outcome"])
      .execute();
    for (const { bulk_job_id: job, outcome, n } of tallies) {
      if (!job) continue;
      const fold = (bulkJobs[job] ??= { entries: 0, outcomes: {} });
      fold.entries += Number(n);
      if (isAuditOutcome(outcome))
        fold.outcomes[outcome] = (fold.outcomes[outcome] ?? 0) + Number(n);
    }
  }
  return { entries: rows.map(fromRow), totalCount: Number(count?.n ?? 0), bulkJobs };
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

/** The successful reverts of an entry, oldest first (a later save may be reverted again). */
export async function revertsOf(db: Kysely<ConsoleDatabase>, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select("id")
    .where("revert_of", "=", id)
    .where("outcome", "=", "success")
    .orderBy("id")
    .execute();
  return rows.map((row) => Number(row.id));
}
