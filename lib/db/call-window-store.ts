import { sql, type Kysely } from "kysely";
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
            await sql`SELECT pg_advisory_xact_lock(hashtext(${`clerk_call_window:${request.key}`}))`.execute(
              trx,
            );
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
  { key, now, windowMs, slotMs, cap, calls }: Parameters<CallWindowStore["take"]>[0],
): Promise<WindowTake> {
  const slot = now - (now % slotMs);
  const oldestCounted = now - windowMs - slotMs;
  // SQLite needs the WHERE on an INSERT … SELECT that has an ON CONFLICT clause; PostgreSQL
  // needs the casts to type the parameters of a SELECT without FROM.
  const counted = await sql<{ calls: number }>`
    INSERT INTO clerk_call_window (budget_key, slot_start, calls)
    SELECT CAST(${key} AS TEXT), CAST(${slot} AS BIGINT), CAST(${calls} AS INTEGER)
    WHERE (
      SELECT COALESCE(SUM(calls), 0) FROM clerk_call_window
      WHERE budget_key = ${key} AND slot_start > ${oldestCounted}
    ) + ${calls} <= ${cap}
    ON CONFLICT (budget_key, slot_start)
    DO UPDATE SET calls = clerk_call_window.calls + excluded.calls
    RETURNING calls`.execute(db);
  if (counted.rows.length > 0) return { taken: true };
  const oldest = await db
    .selectFrom("clerk_call_window")
    .select((eb) => eb.fn.min("slot_start").as("start"))
    .where("budget_key", "=", key)
    .where("slot_start", ">", oldestCounted)
    .executeTakeFirst();
  return { taken: false, retryAt: Number(oldest?.start ?? slot) + windowMs + slotMs };
}
