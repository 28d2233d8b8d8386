import { type Kysely, type Migration } from "kysely";

export function migrationOneRollbackPerJob(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Two rollbacks of one job started at once would each restore the same users.
      await db.schema
        .createIndex("bulk_job_one_rollback")
        .on("bulk_job")
        .column("rollback_of")
        .unique()
        .execute();
    },
  };
}
