import { type Kysely, type Migration } from "kysely";

export function migrationStaffEvents(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Added columns with defaults: an instance still on the previous release keeps writing
      // metadata entries as before, and they read back as metadata writes.
      await db.schema
        .alterTable("audit_log")
        .addColumn("event", "text", (c) => c.notNull().defaultTo("metadata_write"))
        .execute();
      await db.schema.alterTable("audit_log").addColumn("target_email", "text").execute();
      await db.schema
        .createIndex("audit_log_event")
        .on("audit_log")
        .columns(["event", "occurred_at"])
        .execute();
    },
  };
}
