import { type Kysely, type Migration } from "kysely";

export function migrationRequestCounts(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("request_count")
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("window_start", "bigint", (c) => c.notNull())
        .addColumn("count", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("request_count_pk", ["key", "window_start"])
        .execute();
    },
  };
}
