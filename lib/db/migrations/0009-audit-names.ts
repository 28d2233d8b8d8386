import { type Kysely, type Migration } from "kysely";

export function migrationAuditNames(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Who a write was for and by, as people know them, kept at write time so an entry still
      // names a user after Clerk deletes them. Nullable: the previous release writes none.
      await db.schema.alterTable("audit_log").addColumn("target_name", "text").execute();
      await db.schema.alterTable("audit_log").addColumn("actor_name", "text").execute();
      await db.schema.alterTable("bulk_job").addColumn("actor_name", "text").execute();
      await db.schema
        .createIndex("audit_log_bulk_job")
        .on("audit_log")
        .columns(["bulk_job_id", "occurred_at"])
        .execute();
    },
  };
}
