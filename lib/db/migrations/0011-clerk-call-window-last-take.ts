import { type Kysely, type Migration } from "kysely";

export function migrationClerkCallWindowLastTake(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // What the latest take added to a slot, so one statement can count several callers'
      // calls at once and say how many it counted. The previous release neither sets nor
      // reads it; the default keeps its inserts valid.
      await db.schema
        .alterTable("clerk_call_window")
        .addColumn("last_take", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
