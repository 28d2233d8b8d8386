import { sql, type Kysely } from "kysely";
import { ADVISORY_LOCKS } from "./advisory-locks";
import type { CallWindowStore, WindowTake } from "@/lib/scheduling/call-budget";
import type { ConsoleDb } from "./open-database";
import type { ConsoleDatabase } from "./schema";

const PRUNE_EVERY_MS = 10_000;

/**
 * The call window in the console database, so every instance on it draws from one budget.
 * The check and the count are one statement: on SQLite a write statement holds the database's
 * write lock from its first read, so no other process counts in between; on PostgreSQL a
 * transaction-scoped advisory lock per budget does the same for concurrent transactions.
 */
export class DatabaseWindowStore implements CallWindowStore {
  private prunedAt = 0;

  constructor(private readonly console: ConsoleDb) {}

  async take(request: Parameters<CallWindowStore["take"]>[0]): Promise<WindowTake> {
    const { db, kind } = this.console;
    const answer =
      kind === "postgres"
        ? await db.transaction().execute(async (trx) => {
            const lock = ADVISORY_LOCKS.clerkCallWindow(request.key);
            await sql`SELECT pg_advisory_xact_lock(${lock})`.execute(trx);
            return takeIn(trx, request);
          })
        : await takeIn(db, request);
    await this.pruneNowAndThen(request.now, request.windowMs);
    return answer;
  }

  private async pruneNowAndThen(now: number, windowMs: number) {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    await this.console.db
      .deleteFrom("clerk_call_window")
      .where("slot_start", "<", now - 2 * windowMs)
      .execute();
  }
}

async function takeIn(
  db: Kysely<ConsoleDatabase>,
  { key, now, windowMs, slotMs, cap, calls, atLeast }: Parameters<CallWindowStore["take"]>[0],
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
