import { type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { jsonType } from "./column-types";

export function migrationIndexSync(kind: Dialect): Migration {
  const json = jsonType(kind);
  return {
    async up(db: Kysely<unknown>) {
      // The backfill and the reconciliation of the user index: one row each, with the
      // cursor a resumed run goes on from, its counts, and the lease of the instance running
      // it. `verified_at` marks the users a reconciliation found in Clerk. Both new.
      await db.schema
        .createTable("index_sync")
        .addColumn("kind", "text", (c) => c.primaryKey())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("finished_at", "bigint")
        .addColumn("cursor", json, (c) => c.notNull())
        .addColumn("total", "integer")
        .addColumn("seen", "integer", (c) => c.notNull())
        .addColumn("changed", "integer", (c) => c.notNull())
        .addColumn("removed", "integer", (c) => c.notNull())
        .addColumn("error", "text")
        .addColumn("lease_owner", "text")
        .addColumn("lease_until", "bigint")
        .execute();
      await db.schema.alterTable("user_index").addColumn("verified_at", "bigint").execute();
    },
  };
}
