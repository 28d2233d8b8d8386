import { type Kysely, type Migration } from "kysely";

export function migrationApprovalNotCounted(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Why an approval does not count (the author added, enabled, reset or promoted the
      // approver's account shortly before); null for one that counts.
      await db.schema
        .alterTable("change_request_approval")
        .addColumn("not_counted", "text")
        .execute();
    },
  };
}
