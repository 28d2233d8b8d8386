import { sql, type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";

export function migrationAuditLogInsertOnly(kind: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (kind === "postgres") {
        // INSERT … ON CONFLICT DO UPDATE already meets the update trigger; TRUNCATE does not.
        await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      } else {
        // REPLACE and INSERT OR REPLACE delete the old row without an UPDATE or DELETE
        // trigger seeing it (recursive triggers are off): refuse any insert over an existing id.
        await sql`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
            WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
    },
  };
}
