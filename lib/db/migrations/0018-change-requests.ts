import { type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { jsonType, idType } from "./column-types";

export function migrationChangeRequests(kind: Dialect): Migration {
  const json = jsonType(kind);
  const id = idType(kind);
  return {
    async up(db: Kysely<unknown>) {
      // New tables and one nullable column: the previous release neither reads nor needs them.
      await db.schema
        .createTable("change_request")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("user_email", "text")
        .addColumn("user_name", "text")
        .addColumn("author_id", "text", (c) => c.notNull())
        .addColumn("author_email", "text", (c) => c.notNull())
        .addColumn("author_name", "text")
        .addColumn("reason", "text")
        .addColumn("base_updated_at", "bigint", (c) => c.notNull())
        .addColumn("base_doc", json, (c) => c.notNull())
        .addColumn("patch", json, (c) => c.notNull())
        .addColumn("rules", json, (c) => c.notNull())
        .addColumn("approver_roles", "text", (c) => c.notNull())
        .addColumn("round", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("revert_of", "bigint")
        .addColumn("bulk_job_id", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("closed_at", "bigint")
        .addColumn("applied_entry_id", "bigint")
        .addColumn("claim_until", "bigint")
        .execute();
      await db.schema
        .createIndex("change_request_status")
        .on("change_request")
        .columns(["status", "created_at"])
        .execute();
      await db.schema
        .createIndex("change_request_author")
        .on("change_request")
        .columns(["author_id", "created_at"])
        .execute();
      await db.schema
        .createIndex("change_request_user")
        .on("change_request")
        .columns(["user_id", "created_at"])
        .execute();
      await db.schema
        .createTable("change_request_approval")
        .addColumn("request_id", "bigint", (c) => c.notNull())
        .addColumn("round", "integer", (c) => c.notNull())
        .addColumn("staff_id", "text", (c) => c.notNull())
        .addColumn("staff_email", "text", (c) => c.notNull())
        .addColumn("staff_name", "text")
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("approved_at", "bigint", (c) => c.notNull())
        // One approval per person and round: a second press is refused by the key itself.
        .addPrimaryKeyConstraint("change_request_approval_pk", ["request_id", "round", "staff_id"])
        .execute();
      await db.schema
        .createTable("change_request_comment")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("request_id", "bigint", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("author_id", "text", (c) => c.notNull())
        .addColumn("author_email", "text", (c) => c.notNull())
        .addColumn("author_name", "text")
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("change_request_comment_request")
        .on("change_request_comment")
        .columns(["request_id", "id"])
        .execute();
      await db.schema.alterTable("audit_log").addColumn("change_request_id", "bigint").execute();
      await db.schema
        .createIndex("audit_log_change_request")
        .on("audit_log")
        .columns(["change_request_id", "id"])
        .execute();
    },
  };
}
