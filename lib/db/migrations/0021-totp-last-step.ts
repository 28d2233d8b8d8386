import { type Kysely, type Migration } from "kysely";

export function migrationTotpLastStep(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // RFC 6238 §5.2: a code is accepted once. One row per account holds the last time step
      // accepted; a code is accepted only for a later one, in one conditional write.
      await db.schema
        .createTable("totp_last_step")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("step", "bigint", (c) => c.notNull())
        .addColumn("used_at", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
