import { type Kysely, type Migration } from "kysely";

export function migrationClerkCallWindow(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The Backend API calls every instance made, per Clerk instance and 100 ms slot: the one
      // budget they all draw from (lib/db/call-window-store.ts). A new table: the previous
      // release never reads it.
      await db.schema
        .createTable("clerk_call_window")
        .addColumn("budget_key", "text", (c) => c.notNull())
        .addColumn("slot_start", "bigint", (c) => c.notNull())
        .addColumn("calls", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("clerk_call_window_pk", ["budget_key", "slot_start"])
        .execute();
    },
  };
}
