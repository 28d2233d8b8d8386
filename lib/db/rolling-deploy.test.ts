import { Migrator, sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit/audit-log";
import { createTestDatabase, databaseKinds } from "@/tests/support/console-databases";
import { WindowCounter } from "./window-counter";
import { migrateToLatest, migrations } from "./migrations";
import type { ConsoleDb } from "./open-database";
import type { ConsoleDatabase } from "./schema";

/**
 * During a rolling deploy the previous release keeps serving on the same database while the
 * new one migrates it. So each migration only adds: every column the previous release knows
 * keeps its name, type and nullability, and a column added to an existing table is nullable or
 * has a default (the previous release's inserts do not name it).
 */
type Columns = Map<string, { dataType: string; isNullable: boolean; hasDefaultValue: boolean }>;

async function columnsOf({ db }: ConsoleDb): Promise<Columns> {
  const columns: Columns = new Map();
  for (const table of await db.introspection.getTables())
    for (const column of table.columns)
      columns.set(`${table.name}.${column.name}`, {
        dataType: column.dataType,
        isNullable: column.isNullable,
        hasDefaultValue: column.hasDefaultValue,
      });
  return columns;
}

function migratorFor({ db, kind }: ConsoleDb) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations(kind) } });
}

async function migrateTo(opened: ConsoleDb, name: string) {
  const { error } = await migratorFor(opened).migrateTo(name);
  if (error) throw error;
}

const names = Object.keys(migrations("sqlite"));

describe.each(databaseKinds)("migrations during a rolling deploy, on %s", (kind) => {
  it("each only adds to what the release before it reads and writes", async () => {
    const database = await createTestDatabase(kind, { migrate: false });
    try {
      let before: Columns = new Map();
      for (const name of names) {
        await migrateTo(database, name);
        const after = await columnsOf(database);
        for (const [column, shape] of before)
          expect(after.get(column), `${name} keeps ${column} as it was`).toEqual(shape);
        const tablesBefore = new Set([...before.keys()].map((column) => column.split(".")[0]));
        for (const [column, shape] of after)
          if (!before.has(column) && tablesBefore.has(column.split(".")[0]))
            expect(
              shape.isNullable || shape.hasDefaultValue,
              `${name} adds ${column} nullable or with a default`,
            ).toBe(true);
        before = after;
      }
    } finally {
      await database.dispose();
    }
  });

  it("the latest migration runs while an instance of the previous release keeps serving", async () => {
    const database = await createTestDatabase(kind, { migrate: false });
    try {
      await migrateTo(database, names.at(-2)!);
      const known = await columnsOf(database);
      const auditColumns = [...known.keys()]
        .filter((column) => column.startsWith("audit_log."))
        .map((column) => column.slice("audit_log.".length));
      // The old instance's day: audit entries written with the columns it knows, the request
      // limits, its Clerk calls, reads of the log. Every statement must go on succeeding.
      const db = database.db as Kysely<ConsoleDatabase>;
      const failures: unknown[] = [];
      let serving = true;
      let served = 0;
      const oldInstance = (async () => {
        for (let n = 0; (serving || served < 20) && failures.length === 0; n++) {
          try {
            const userId = `user_old_${n % 5}`;
            const now = Date.now();
            await db
              .insertInto("audit_log")
              .values({
                occurred_at: Date.now(),
                actor_id: "staff_old",
                actor_email: "old@example.com",
                target_user_id: userId,
                bags: JSON.stringify(["public_metadata"]),
                patch: JSON.stringify({ public_metadata: { n } }),
                outcome: "success",
              })
              .execute();
            // The previous release's request limit, as it shipped.
            await sql`
              INSERT INTO request_count (key, window_start, count) VALUES ('write:session:old', ${now - (now % 60_000)}, 1)
              ON CONFLICT (key, window_start) DO UPDATE SET count = request_count.count + 1
              RETURNING count`.execute(db);
            // The previous release counts its Clerk calls naming only the columns it knows.
            await sql`
              INSERT INTO clerk_call_window (budget_key, slot_start, calls)
              VALUES ('clerk_old', ${n % 3}, 1)
              ON CONFLICT (budget_key, slot_start)
              DO UPDATE SET calls = clerk_call_window.calls + excluded.calls`.execute(db);
            await db
              .selectFrom("audit_log")
              .select(auditColumns as never[])
              .orderBy("id", "desc")
              .limit(10)
              .execute();
            served++;
          } catch (error) {
            failures.push(error);
          }
          // better-sqlite3 answers synchronously: let the migration's timers run in between.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await migrateToLatest(database);
      serving = false;
      await oldInstance;
      expect(failures).toEqual([]);
      expect(served).toBeGreaterThanOrEqual(20);
      // The new release reads what the old one wrote.
      const { entries } = await listAuditEntries(db, {}, { limit: 5, offset: 0 });
      expect(entries[0]).toMatchObject({ actor: { id: "staff_old" }, outcome: "success" });
      const window = { key: "clerk_old", now: 50, windowMs: 10_000, slotMs: 100 };
      expect(
        await new WindowCounter(database).take({
          ...window,
          cap: served,
          calls: 5,
          atLeast: 1,
        }),
      ).toHaveProperty("retryAt");
      expect(
        await new WindowCounter(database).take({
          ...window,
          cap: served + 2,
          calls: 5,
          atLeast: 1,
        }),
      ).toEqual({ taken: 2 });
    } finally {
      await database.dispose();
    }
  });
});
