import { type Kysely, type Migration } from "kysely";

export function migrationLease(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The one lease table (lib/db/lease.ts): one row per thing held, by whom, until when.
      // The previous release's lease columns (user_write_lock, bulk_job.lease_*,
      // index_sync.lease_*, change_request.claim_until) are still written alongside for one
      // release, so its instances and this one exclude each other during a rolling deploy.
      await db.schema
        .createTable("lease")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("owner", "text", (c) => c.notNull())
        .addColumn("held_until", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
