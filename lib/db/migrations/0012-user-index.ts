import { sql, type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { jsonType } from "./column-types";

export function migrationUserIndex(kind: Dialect): Migration {
  const json = jsonType(kind);
  return {
    async up(db: Kysely<unknown>) {
      // Clerk's users as its webhooks, the backfill and Metadeck's own saves last saw them,
      // so users can be found by their metadata (lib/user-index/). New tables: the previous
      // release never reads them. A deleted user stays as a tombstone (deleted_at set, data
      // cleared) so a late event cannot bring them back.
      await db.schema
        .createTable("user_index")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("public_metadata", json)
        .addColumn("private_metadata", json)
        .addColumn("unsafe_metadata", json)
        .addColumn("primary_email", "text")
        .addColumn("emails", json)
        .addColumn("phone_numbers", json)
        .addColumn("username", "text")
        .addColumn("first_name", "text")
        .addColumn("last_name", "text")
        .addColumn("external_id", "text")
        .addColumn("banned", "integer")
        .addColumn("locked", "integer")
        .addColumn("created_at", "bigint")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("last_active_at", "bigint")
        .addColumn("last_sign_in_at", "bigint")
        .addColumn("deleted_at", "bigint")
        .addColumn("indexed_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("user_index_created")
        .on("user_index")
        .columns(["created_at", "user_id"])
        .execute();
      await db.schema
        .createIndex("user_index_primary_email")
        .on("user_index")
        .column("primary_email")
        .execute();
      if (kind === "postgres") {
        for (const column of ["public_metadata", "private_metadata", "unsafe_metadata", "emails"])
          await sql`CREATE INDEX ${sql.id(`user_index_${column}_gin`)} ON user_index USING gin (${sql.id(column)} jsonb_path_ops)`.execute(
            db,
          );
      }
      // One row per webhook message taken in, so a retried or duplicated delivery is applied
      // once; pruned after Svix's retries are long over.
      await db.schema
        .createTable("webhook_receipt")
        .addColumn("svix_id", "text", (c) => c.primaryKey())
        .addColumn("event_type", "text", (c) => c.notNull())
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("webhook_receipt_received")
        .on("webhook_receipt")
        .column("received_at")
        .execute();
    },
  };
}
