import { type Kysely, type Migration } from "kysely";

export function migrationAuditReason(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A nullable column: the previous release, which does not know it, keeps writing.
      await db.schema.alterTable("audit_log").addColumn("reason", "text").execute();
    },
  };
}
