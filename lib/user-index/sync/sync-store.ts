import type { Kysely, Selectable } from "kysely";
import { fromJsonColumn } from "@/lib/db/json-column";
import { LEASES, releaseLease, renewLease, takeLease } from "@/lib/db/lease";
import type { ConsoleDatabase, IndexSyncTable } from "@/lib/db/schema";
import { WALK_START, type WalkCursor } from "./user-walk";

export type SyncKind = "backfill" | "reconcile";
export type SyncStatus = "running" | "completed" | "failed";

/** A backfill or reconciliation as stored: where it is, what it found, who runs it. */
export interface IndexSync {
  kind: SyncKind;
  status: SyncStatus;
  startedAt: number;
  finishedAt: number | null;
  cursor: WalkCursor;
  total: number | null;
  seen: number;
  changed: number;
  removed: number;
  error: string | null;
}

function toSync(row: Selectable<IndexSyncTable>): IndexSync {
  return {
    kind: row.kind as SyncKind,
    status: row.status as SyncStatus,
    startedAt: Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    cursor: fromJsonColumn<WalkCursor>(row.cursor),
    total: row.total,
    seen: row.seen,
    changed: row.changed,
    removed: row.removed,
    error: row.error,
  };
}

export async function readSync(db: Kysely<ConsoleDatabase>, kind: SyncKind) {
  const row = await db
    .selectFrom("index_sync")
    .selectAll()
    .where("kind", "=", kind)
    .executeTakeFirst();
  return row ? toSync(row) : null;
}

/**
 * Takes the run of this kind for `owner`: a run that did not complete (its holder died, or
 * Clerk failed it) goes on where it stopped; with `fresh`, or after a completed run, a new run
 * starts from the beginning. Null when another process holds the run's lease.
 */
export async function claimSync(
  db: Kysely<ConsoleDatabase>,
  kind: SyncKind,
  owner: string,
  options: { now: number; fresh: boolean },
): Promise<IndexSync | null> {
  const { now, fresh } = options;
  const start = {
    status: "running",
    started_at: now,
    finished_at: null,
    cursor: JSON.stringify(WALK_START),
    total: null,
    seen: 0,
    changed: 0,
    removed: 0,
    error: null,
  };
  await db
    .insertInto("index_sync")
    .values({ kind, ...start })
    .onConflict((conflict) => conflict.column("kind").doNothing())
    .execute();
  if (!(await takeLease(db, LEASES.indexSync(kind), owner, now))) return null;
  const current = await readSync(db, kind);
  if (current && current.status !== "completed" && !fresh) {
    await db
      .updateTable("index_sync")
      .set({ status: "running", error: null, finished_at: null })
      .where("kind", "=", kind)
      .execute();
    return { ...current, status: "running", error: null, finishedAt: null };
  }
  await db.updateTable("index_sync").set(start).where("kind", "=", kind).execute();
  return readSync(db, kind);
}

/** Records a page's progress and renews the lease; false once another process took the run. */
export async function recordSyncProgress(
  db: Kysely<ConsoleDatabase>,
  kind: SyncKind,
  owner: string,
  progress: Pick<IndexSync, "cursor" | "total" | "seen" | "changed" | "removed">,
  now: number,
): Promise<boolean> {
  if (!(await renewLease(db, LEASES.indexSync(kind), owner, now))) return false;
  await db
    .updateTable("index_sync")
    .set({
      cursor: JSON.stringify(progress.cursor),
      total: progress.total,
      seen: progress.seen,
      changed: progress.changed,
      removed: progress.removed,
    })
    .where("kind", "=", kind)
    .execute();
  return true;
}

/** Ends the run `owner` holds, and lets its lease go; a run another process took over stays. */
export async function finishSync(
  db: Kysely<ConsoleDatabase>,
  kind: SyncKind,
  owner: string,
  outcome: { status: "completed" | "failed"; error?: string; now: number },
): Promise<void> {
  const lease = LEASES.indexSync(kind);
  if (!(await renewLease(db, lease, owner, outcome.now))) return;
  await db
    .updateTable("index_sync")
    .set({ status: outcome.status, error: outcome.error ?? null, finished_at: outcome.now })
    .where("kind", "=", kind)
    .execute();
  await releaseLease(db, lease, owner);
}
