import type { Kysely, Selectable, Transaction } from "kysely";
import { appendAuditEntry } from "@/lib/audit/audit-log";
import type { AuditActor } from "@/lib/audit/audit-actor";
import type { AuditEntryInput } from "@/lib/audit/audit-entry";
import { fromJsonColumn } from "@/lib/db/json-column";
import type {
  BulkItemState,
  BulkJobItemTable,
  BulkJobStatus,
  BulkJobTable,
  ConsoleDatabase,
} from "@/lib/db/schema";
import type { FlagValue } from "@/lib/flags/catalogue-schema";
import type { BagName } from "@/lib/metadata/bags";
import type { StoredFlag } from "./stored-flag";

type Db = Kysely<ConsoleDatabase>;

export interface BulkJob {
  id: string;
  kind: "apply" | "rollback";
  rollbackOf: string | null;
  flagKey: string;
  bag: BagName;
  value: FlagValue | null;
  targetDescription: string;
  unknownEntries: string[];
  /** Given when the job was started; each of its writes' audit entries carries it. */
  reason: string | null;
  actor: AuditActor;
  /** A job held for approval: the request, its author and approvers, said on each write. */
  approval: string | null;
  status: BulkJobStatus;
  total: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface BulkItem {
  jobId: string;
  userId: string;
  seq: number;
  email: string | null;
  state: BulkItemState;
  before: StoredFlag;
  target: StoredFlag;
  after: StoredFlag | null;
  attempts: number;
  error: string | null;
  updatedAt: number;
}

export type BulkCounts = Record<BulkItemState, number>;

export interface NewBulkJob extends Omit<
  BulkJob,
  "status" | "startedAt" | "finishedAt" | "approval"
> {
  items: (Omit<BulkItem, "jobId" | "attempts" | "error" | "updatedAt" | "after"> & {
    /** Why a user is skipped from the start. */
    error?: string;
  })[];
}

function jobOf(row: Selectable<BulkJobTable>): BulkJob {
  return {
    id: row.id,
    kind: row.kind,
    rollbackOf: row.rollback_of,
    flagKey: row.flag_key,
    bag: row.bag as BagName,
    value: row.value === null ? null : fromJsonColumn<{ value: FlagValue | null }>(row.value).value,
    targetDescription: row.target_description,
    unknownEntries: fromJsonColumn<string[]>(row.unknown_entries),
    reason: row.reason ?? null,
    actor: { id: row.actor_id, email: row.actor_email, name: row.actor_name },
    approval: row.approval ?? null,
    status: row.status,
    total: Number(row.total),
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

function itemOf(row: Selectable<BulkJobItemTable>): BulkItem {
  return {
    jobId: row.job_id,
    userId: row.user_id,
    seq: Number(row.seq),
    email: row.email,
    state: row.state,
    before: fromJsonColumn<StoredFlag>(row.before_value),
    target: fromJsonColumn<StoredFlag>(row.target_value),
    after: row.after_value === null ? null : fromJsonColumn<StoredFlag>(row.after_value),
    attempts: Number(row.attempts),
    error: row.error,
    updatedAt: Number(row.updated_at),
  };
}

const CHUNK = 500;

/**
 * Stores a planned job and all its items at once; the job starts as "running", or, on a
 * reviewed flag, waits in "awaiting_approval" for its change request.
 */
export async function createJob(
  db: Db,
  job: NewBulkJob,
  now: number,
  status: "running" | "awaiting_approval" = "running",
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("bulk_job")
      .values({
        id: job.id,
        kind: job.kind,
        rollback_of: job.rollbackOf,
        flag_key: job.flagKey,
        bag: job.bag,
        // Wrapped: a bare JSON string in jsonb would read back like SQLite's text.
        value: JSON.stringify({ value: job.value }),
        target_description: job.targetDescription,
        unknown_entries: JSON.stringify(job.unknownEntries),
        reason: job.reason,
        actor_id: job.actor.id,
        actor_email: job.actor.email,
        actor_name: job.actor.name ?? null,
        status,
        total: job.total,
        created_at: now,
      })
      .execute();
    for (let i = 0; i < job.items.length; i += CHUNK) {
      await tx
        .insertInto("bulk_job_item")
        .values(
          job.items.slice(i, i + CHUNK).map((item) => ({
            job_id: job.id,
            user_id: item.userId,
            seq: item.seq,
            email: item.email,
            state: item.state,
            before_value: JSON.stringify(item.before),
            target_value: JSON.stringify(item.target),
            attempts: 0,
            error: item.error ?? null,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
}

/** The rollback of a job, if it has one (there is at most one: a unique index holds it). */
export async function rollbackOfJob(db: Db, id: string): Promise<BulkJob | null> {
  const row = await db
    .selectFrom("bulk_job")
    .selectAll()
    .where("rollback_of", "=", id)
    .executeTakeFirst();
  return row ? jobOf(row) : null;
}

export async function getJob(db: Db, id: string): Promise<BulkJob | null> {
  const row = await db.selectFrom("bulk_job").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? jobOf(row) : null;
}

export async function listJobs(db: Db, limit: number): Promise<BulkJob[]> {
  const rows = await db
    .selectFrom("bulk_job")
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(jobOf);
}

export async function countItems(db: Db, jobId: string): Promise<BulkCounts> {
  const rows = await db
    .selectFrom("bulk_job_item")
    .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
    .where("job_id", "=", jobId)
    .groupBy("state")
    .execute();
  const counts: BulkCounts = { pending: 0, writing: 0, changed: 0, skipped: 0, failed: 0 };
  for (const row of rows) counts[row.state] = Number(row.n);
  return counts;
}

export async function itemsIn(
  db: Db,
  jobId: string,
  states: BulkItemState[],
  limit: number,
): Promise<BulkItem[]> {
  const rows = await db
    .selectFrom("bulk_job_item")
    .selectAll()
    .where("job_id", "=", jobId)
    .where("state", "in", states)
    .orderBy("seq")
    .limit(limit)
    .execute();
  return rows.map(itemOf);
}

/** Jobs a runner should be working on: running, or asked to cancel but not yet stopped. */
export async function unfinishedJobIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom("bulk_job")
    .select("id")
    .where("status", "in", ["running", "cancelling"])
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Marks a job under way as started, once; false for a job no longer under way (finished, or
 * cancelled while no runner held it). The caller holds the job's lease (LEASES.bulkJob).
 */
export async function startJob(db: Db, id: string, now: number): Promise<boolean> {
  const job = await db
    .selectFrom("bulk_job")
    .select("id")
    .where("id", "=", id)
    .where("status", "in", ["running", "cancelling"])
    .executeTakeFirst();
  if (!job) return false;
  await db
    .updateTable("bulk_job")
    .set({ started_at: now })
    .where("id", "=", id)
    .where("started_at", "is", null)
    .execute();
  return true;
}

export async function setJobStatus(
  db: Db,
  id: string,
  status: BulkJobStatus,
  from: BulkJobStatus[],
  finishedAt: number | null,
): Promise<boolean> {
  const result = await db
    .updateTable("bulk_job")
    .set({ status, finished_at: finishedAt })
    .where("id", "=", id)
    .where("status", "in", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks an item as being written: from here on, a restart checks the user before rewriting. */
export async function markWriting(db: Db, item: BulkItem, now: number): Promise<void> {
  await db
    .updateTable("bulk_job_item")
    .set({ state: "writing", attempts: item.attempts + 1, updated_at: now })
    .where("job_id", "=", item.jobId)
    .where("user_id", "=", item.userId)
    .execute();
}

export async function settleItem(
  db: Db | Transaction<ConsoleDatabase>,
  item: Pick<BulkItem, "jobId" | "userId">,
  outcome: { state: BulkItemState; after?: StoredFlag | null; error?: string | null },
  now: number,
): Promise<void> {
  await db
    .updateTable("bulk_job_item")
    .set({
      state: outcome.state,
      after_value: outcome.after ? JSON.stringify(outcome.after) : null,
      error: outcome.error ?? null,
      updated_at: now,
    })
    .where("job_id", "=", item.jobId)
    .where("user_id", "=", item.userId)
    .execute();
}

/** A finished write: its audit entry and the item's new state land together, or not at all. */
export async function settleWrite(
  db: Db,
  item: Pick<BulkItem, "jobId" | "userId">,
  outcome: { state: BulkItemState; after?: StoredFlag | null; error?: string | null },
  audit: AuditEntryInput | null,
  now: number,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (audit) await appendAuditEntry(tx, audit);
    await settleItem(tx, item, outcome, now);
  });
}

/** Puts failed items back in the queue and the job back to running. */
export async function requeueFailed(db: Db, jobId: string, now: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const result = await tx
      .updateTable("bulk_job_item")
      .set({ state: "pending", attempts: 0, error: null, updated_at: now })
      .where("job_id", "=", jobId)
      .where("state", "=", "failed")
      .executeTakeFirst();
    const requeued = Number(result.numUpdatedRows);
    if (requeued > 0)
      await tx
        .updateTable("bulk_job")
        .set({ status: "running", finished_at: null })
        .where("id", "=", jobId)
        .where("status", "in", ["completed", "cancelled"])
        .execute();
    return requeued;
  });
}
