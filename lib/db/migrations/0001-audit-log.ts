import { sql, type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { jsonType, idType } from "./column-types";

export function migrationAuditLog(kind: Dialect): Migration {
  const json = jsonType(kind);
  const id = idType(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("audit_log")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("occurred_at", "bigint", (c) => c.notNull())
        .addColumn("actor_id", "text")
        .addColumn("actor_email", "text")
        .addColumn("target_user_id", "text", (c) => c.notNull())
        .addColumn("bags", json, (c) => c.notNull())
        .addColumn("before_doc", json)
        .addColumn("patch", json, (c) => c.notNull())
        .addColumn("after_doc", json)
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("clerk_status", "integer")
        .addColumn("clerk_code", "text")
        .addColumn("clerk_trace_id", "text")
        .addColumn("message", "text")
        .addColumn("revert_of", "bigint", (c) => c.references("audit_log.id"))
        .addColumn("bulk_job_id", "text")
        .execute();
      await db.schema
        .createIndex("audit_log_occurred")
        .on("audit_log")
        .columns(["occurred_at", "id"])
        .execute();
      await db.schema
        .createIndex("audit_log_target")
        .on("audit_log")
        .columns(["target_user_id", "occurred_at"])
        .execute();
      await db.schema
        .createIndex("audit_log_actor")
        .on("audit_log")
        .columns(["actor_id", "occurred_at"])
        .execute();
      if (kind === "postgres") {
        // The log is append-only: the database itself refuses to change or remove entries.
        await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      } else {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
    },
  };
}
