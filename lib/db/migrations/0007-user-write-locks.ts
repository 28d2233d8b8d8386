import { type Kysely, type Migration } from "kysely";

export function migrationUserWriteLocks(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("user_write_lock")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("lease_until", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
