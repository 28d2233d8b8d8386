import { type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { jsonType } from "./column-types";

export function migrationBulkJobs(kind: Dialect): Migration {
  const json = jsonType(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("bulk_job")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("rollback_of", "text", (c) => c.references("bulk_job.id"))
        .addColumn("flag_key", "text", (c) => c.notNull())
        .addColumn("bag", "text", (c) => c.notNull())
        .addColumn("value", json)
        .addColumn("target_description", "text", (c) => c.notNull())
        .addColumn("unknown_entries", json, (c) => c.notNull())
        .addColumn("actor_id", "text", (c) => c.notNull())
        .addColumn("actor_email", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("total", "integer", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("started_at", "bigint")
        .addColumn("finished_at", "bigint")
        .addColumn("lease_owner", "text")
        .addColumn("lease_until", "bigint")
        .execute();
      await db.schema
        .createIndex("bulk_job_created")
        .on("bulk_job")
        .columns(["created_at"])
        .execute();
      await db.schema
        .createTable("bulk_job_item")
        .addColumn("job_id", "text", (c) => c.notNull().references("bulk_job.id"))
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("email", "text")
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("before_value", json, (c) => c.notNull())
        .addColumn("target_value", json, (c) => c.notNull())
        .addColumn("after_value", json)
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("error", "text")
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("bulk_job_item_pk", ["job_id", "user_id"])
        .execute();
      await db.schema
        .createIndex("bulk_job_item_state")
        .on("bulk_job_item")
        .columns(["job_id", "state", "seq"])
        .execute();
    },
  };
}
