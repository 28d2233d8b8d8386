import { type Kysely, type Migration } from "kysely";

export function migrationBulkJobApproval(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The change request a held job was approved under, its author and approvers: each of
      // the job's writes says so in its audit entry.
      await db.schema.alterTable("bulk_job").addColumn("approval", "text").execute();
    },
  };
}
