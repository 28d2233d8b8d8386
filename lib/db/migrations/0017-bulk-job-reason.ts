import { type Kysely, type Migration } from "kysely";

export function migrationBulkJobReason(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Each write of a job carries the reason given when it was started (nullable, as 0016).
      await db.schema.alterTable("bulk_job").addColumn("reason", "text").execute();
    },
  };
}
