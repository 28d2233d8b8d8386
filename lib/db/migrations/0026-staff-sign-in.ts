import { type Kysely, type Migration } from "kysely";

export function migrationStaffSignIn(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // When each staff account last signed in (a session made), for the staff page. Sessions
      // themselves go at sign-out and expiry, so they cannot tell.
      await db.schema
        .createTable("staff_sign_in")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("signed_in_at", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
