import { sql, type Kysely } from "kysely";
import type { CallWindowStore, WindowTake } from "@/lib/scheduling/call-budget";
import { ADVISORY_LOCKS } from "./advisory-locks";
import type { ConsoleDb } from "./open-database";
import type { ConsoleDatabase } from "./schema";

/** What one take asks of a counter: see CallWindowStore. `windowMs` 0 is a fixed window of one slot. */
export type WindowTakeRequest = Parameters<CallWindowStore["take"]>[0];

/** Slots are kept this long: longer than any window counted (lib/config/limits.ts). */
const KEEP_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 10_000;
const prunedAt = new WeakMap<ConsoleDb, number>();

/**
 * The one counter of the console database: events per key in time slots, shared by every
 * instance. It counts the Clerk budget's calls (a sliding window of many slots) and the request
 * limits (a fixed window: one slot). The table is `clerk_call_window` because the Clerk budget
 * was its first user; its keys are a budget's hash, or `read:…`, `write:…`, `webhook-refused:…`.
 *
 * The check and the count are one statement. A one-slot window needs nothing more: the slot's
 * row lock orders the takes. A window over several slots sums them first; on SQLite a write
 * statement holds the database's write lock from its first read, so no other process counts in
 * between, and on PostgreSQL a transaction-scoped advisory lock per key does the same.
 */
export class WindowCounter implements CallWindowStore {
  constructor(private readonly database: ConsoleDb) {}

  async take(request: WindowTakeRequest): Promise<WindowTake> {
    const { db, kind } = this.database;
    const answer =
      request.windowMs === 0 && request.calls === request.atLeast && request.calls <= request.cap
        ? await takeFromSlot(db, request)
        : kind === "postgres"
          ? await db.transaction().execute(async (trx) => {
              const lock = ADVISORY_LOCKS.windowCounter(request.key);
              await sql`SELECT pg_advisory_xact_lock(${lock})`.execute(trx);
              return takeFromWindow(trx, request);
            })
          : await takeFromWindow(db, request);
    await this.pruneNowAndThen(request.now);
    return answer;
  }

  /** How many are counted for `key` in the window at `now`, counting nothing. */
  async counted({
    key,
    now,
    windowMs,
    slotMs,
  }: Omit<WindowTakeRequest, "cap" | "calls" | "atLeast">) {
    const row = await this.database.db
      .selectFrom("clerk_call_window")
      .select((eb) => eb.fn.sum<number>("calls").as("calls"))
      .where("budget_key", "=", key)
      .where("slot_start", ">", now - windowMs - slotMs)
      .executeTakeFirst();
    return Number(row?.calls ?? 0);
  }

  private async pruneNowAndThen(now: number) {
    // Per database handle, not per counter: a request makes its own counters.
    if (now - (prunedAt.get(this.database) ?? 0) < PRUNE_EVERY_MS) return;
    prunedAt.set(this.database, now);
    await this.database.db
      .deleteFrom("clerk_call_window")
      .where("slot_start", "<", now - KEEP_MS)
      .execute();
  }
}

async function takeFromSlot(
  db: Kysely<ConsoleDatabase>,
  { key, now, slotMs, cap, calls }: WindowTakeRequest,
): Promise<WindowTake> {
  const slot = now - (now % slotMs);
  const counted = await db
    .insertInto("clerk_call_window")
    .values({ budget_key: key, slot_start: slot, calls, last_take: calls })
    .onConflict((oc) =>
      oc
        .columns(["budget_key", "slot_start"])
        .doUpdateSet((eb) => ({
          calls: eb("clerk_call_window.calls", "+", calls),
          last_take: calls,
        }))
        .where((eb) => eb(eb("clerk_call_window.calls", "+", calls), "<=", cap)),
    )
    .returning("calls")
    .executeTakeFirst();
  if (counted) return { taken: calls };
  return { retryAt: slot + slotMs };
}

async function takeFromWindow(
  db: Kysely<ConsoleDatabase>,
  { key, now, windowMs, slotMs, cap, calls, atLeast }: WindowTakeRequest,
): Promise<WindowTake> {
  const slot = now - (now % slotMs);
  const oldestCounted = now - windowMs - slotMs;
  // `last_take` hands back what this statement counted (RETURNING sees only the row's new
  // state). SQLite needs the WHERE on an INSERT … SELECT that has an ON CONFLICT clause;
  // PostgreSQL needs the casts to type the parameters.
  const counted = await sql<{ last_take: number }>`
    WITH room AS (
      SELECT CAST(${cap} AS INTEGER) - COALESCE(SUM(calls), 0) AS free
      FROM clerk_call_window
      WHERE budget_key = ${key} AND slot_start > ${oldestCounted}
    ), counted_now AS (
      SELECT CASE WHEN free < ${calls} THEN free ELSE CAST(${calls} AS INTEGER) END AS calls
      FROM room
    )
    INSERT INTO clerk_call_window (budget_key, slot_start, calls, last_take)
    SELECT CAST(${key} AS TEXT), CAST(${slot} AS BIGINT), calls, calls
    FROM counted_now
    WHERE calls >= ${atLeast}
    ON CONFLICT (budget_key, slot_start)
    DO UPDATE SET calls = clerk_call_window.calls + excluded.calls, last_take = excluded.last_take
    RETURNING last_take`.execute(db);
  const taken = counted.rows[0]?.last_take;
  if (taken !== undefined) return { taken: Number(taken) };
  const oldest = await db
    .selectFrom("clerk_call_window")
    .select((eb) => eb.fn.min("slot_start").as("start"))
    .where("budget_key", "=", key)
    .where("slot_start", ">", oldestCounted)
    .executeTakeFirst();
  return { retryAt: Number(oldest?.start ?? slot) + windowMs + slotMs };
}
