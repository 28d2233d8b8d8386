import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import type { ConsoleDb } from "./open-database";

type Dialect = ConsoleDb["kind"];

/** Migrations live in code (no files to find at run time), in order, never edited once shipped. */
export function migrations(kind: Dialect): Record<string, Migration> {
  const json = kind === "postgres" ? "jsonb" : "text";
  const id = kind === "postgres" ? "bigserial" : "integer";
  return {
    "0001_audit_log": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("audit_log")
          .addColumn("id", id, (c) => c.primaryKey())
          .addColumn("occurred_at", "bigint", (c) => c.notNull())
          .addColumn("actor_id", "text")
          .addColumn("actor_email", "text")
          .addColumn("target_user_id", "text", (c) => c.notNull())
          .addColumn("bags", json, (c) => c.notNull())
          .addColumn("before_doc", json)
          .addColumn("patch", json, (c) => c.notNull())
          .addColumn("after_doc", json)
          .addColumn("outcome", "text", (c) => c.notNull())
          .addColumn("clerk_status", "integer")
          .addColumn("clerk_code", "text")
          .addColumn("clerk_trace_id", "text")
          .addColumn("message", "text")
          .addColumn("revert_of", "bigint", (c) => c.references("audit_log.id"))
          .addColumn("bulk_job_id", "text")
          .execute();
        await db.schema
          .createIndex("audit_log_occurred")
          .on("audit_log")
          .columns(["occurred_at", "id"])
          .execute();
        await db.schema
          .createIndex("audit_log_target")
          .on("audit_log")
          .columns(["target_user_id", "occurred_at"])
          .execute();
        await db.schema
          .createIndex("audit_log_actor")
          .on("audit_log")
          .columns(["actor_id", "occurred_at"])
          .execute();
        if (kind === "postgres") {
          // The log is append-only: the database itself refuses to change or remove entries.
          await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
        } else {
          await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        }
      },
    },
    "0002_bulk_jobs": {
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
    },
    "0003_audit_log_insert_only": {
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
    },
    "0004_sign_in_failures": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("sign_in_failure")
          .addColumn("id", id, (c) => c.primaryKey())
          .addColumn("account", "text", (c) => c.notNull())
          .addColumn("address", "text", (c) => c.notNull())
          .addColumn("failed_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex("sign_in_failure_account")
          .on("sign_in_failure")
          .columns(["account", "failed_at"])
          .execute();
        await db.schema
          .createIndex("sign_in_failure_address")
          .on("sign_in_failure")
          .columns(["address", "failed_at"])
          .execute();
      },
    },
    "0005_request_counts": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("request_count")
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("window_start", "bigint", (c) => c.notNull())
          .addColumn("count", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("request_count_pk", ["key", "window_start"])
          .execute();
      },
    },
    "0006_staff_events": {
      async up(db: Kysely<unknown>) {
        // Added columns with defaults: an instance still on the previous release keeps writing
        // metadata entries as before, and they read back as metadata writes.
        await db.schema
          .alterTable("audit_log")
          .addColumn("event", "text", (c) => c.notNull().defaultTo("metadata_write"))
          .execute();
        await db.schema.alterTable("audit_log").addColumn("target_email", "text").execute();
        await db.schema
          .createIndex("audit_log_event")
          .on("audit_log")
          .columns(["event", "occurred_at"])
          .execute();
      },
    },
    "0007_user_write_locks": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("user_write_lock")
          .addColumn("user_id", "text", (c) => c.primaryKey())
          .addColumn("owner", "text", (c) => c.notNull())
          .addColumn("lease_until", "bigint", (c) => c.notNull())
          .execute();
      },
    },
    "0008_one_rollback_per_job": {
      async up(db: Kysely<unknown>) {
        // Two rollbacks of one job started at once would each restore the same users.
        await db.schema
          .createIndex("bulk_job_one_rollback")
          .on("bulk_job")
          .column("rollback_of")
          .unique()
          .execute();
      },
    },
    "0009_audit_names": {
      async up(db: Kysely<unknown>) {
        // Who a write was for and by, as people know them, kept at write time so an entry still
        // names a user after Clerk deletes them. Nullable: the previous release writes none.
        await db.schema.alterTable("audit_log").addColumn("target_name", "text").execute();
        await db.schema.alterTable("audit_log").addColumn("actor_name", "text").execute();
        await db.schema.alterTable("bulk_job").addColumn("actor_name", "text").execute();
        await db.schema
          .createIndex("audit_log_bulk_job")
          .on("audit_log")
          .columns(["bulk_job_id", "occurred_at"])
          .execute();
      },
    },
    "0010_clerk_call_window": {
      async up(db: Kysely<unknown>) {
        // The Backend API calls every instance made, per Clerk instance and 100 ms slot: the one
        // budget they all draw from (lib/db/call-window-store.ts). A new table: the previous
        // release never reads it.
        await db.schema
          .createTable("clerk_call_window")
          .addColumn("budget_key", "text", (c) => c.notNull())
          .addColumn("slot_start", "bigint", (c) => c.notNull())
          .addColumn("calls", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("clerk_call_window_pk", ["budget_key", "slot_start"])
          .execute();
      },
    },
    "0011_clerk_call_window_last_take": {
      async up(db: Kysely<unknown>) {
        // What the latest take added to a slot, so one statement can count several callers'
        // calls at once and say how many it counted. The previous release neither sets nor
        // reads it; the default keeps its inserts valid.
        await db.schema
          .alterTable("clerk_call_window")
          .addColumn("last_take", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    "0012_user_index": {
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
    },
    "0013_index_sync": {
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
    },
    "0014_user_index_freshness": {
      async up(db: Kysely<unknown>) {
        // Every filtered list says how fresh the index is (its newest indexed_at): an index
        // makes that one lookup instead of a scan of every user. Only adds an index.
        await db.schema
          .createIndex("user_index_indexed_at")
          .on("user_index")
          .column("indexed_at")
          .execute();
      },
    },
    "0015_user_index_email": {
      async up(db: Kysely<unknown>) {
        // Each indexed user's email addresses, lower-cased (A–Z only, as the filter compares
        // them), one row each: `email = "…"` reads one index entry instead of every user's list.
        // Triggers keep it in step with user_index, so every writer (this release's, the
        // previous release's, a reconciliation) maintains it without knowing it exists.
        await db.schema
          .createTable("user_index_email")
          .addColumn("email", "text", (c) => c.notNull())
          .addColumn("user_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("user_index_email_pk", ["email", "user_id"])
          .execute();
        await db.schema
          .createIndex("user_index_email_user")
          .on("user_index_email")
          .column("user_id")
          .execute();
        if (kind === "sqlite") {
          const fill = (row: string) =>
            sql.raw(
              `INSERT OR IGNORE INTO user_index_email (email, user_id)
             SELECT lower(e.value), ${row}.user_id FROM json_each(${row}.emails) AS e
             WHERE ${row}.emails IS NOT NULL AND e.type = 'text'`,
            );
          await sql`CREATE TRIGGER user_index_email_insert AFTER INSERT ON user_index
            BEGIN ${fill("NEW")}; END`.execute(db);
          await sql`CREATE TRIGGER user_index_email_update AFTER UPDATE OF emails ON user_index
            BEGIN
              DELETE FROM user_index_email WHERE user_id = OLD.user_id;
              ${fill("NEW")};
            END`.execute(db);
          await sql`CREATE TRIGGER user_index_email_delete AFTER DELETE ON user_index
            BEGIN DELETE FROM user_index_email WHERE user_id = OLD.user_id; END`.execute(db);
          await sql`INSERT OR IGNORE INTO user_index_email (email, user_id)
            SELECT lower(e.value), u.user_id FROM user_index AS u, json_each(u.emails) AS e
            WHERE u.emails IS NOT NULL AND e.type = 'text'`.execute(db);
        } else {
          const lowered = `translate(e.v, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
          await sql`CREATE FUNCTION user_index_email_sync() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP <> 'INSERT' THEN
                DELETE FROM user_index_email WHERE user_id = OLD.user_id;
              END IF;
              IF TG_OP <> 'DELETE' AND NEW.emails IS NOT NULL AND jsonb_typeof(NEW.emails) = 'array' THEN
                INSERT INTO user_index_email (email, user_id)
                SELECT DISTINCT ${sql.raw(lowered)}, NEW.user_id
                FROM jsonb_array_elements_text(NEW.emails) AS e(v)
                ON CONFLICT DO NOTHING;
              END IF;
              RETURN NULL;
            END $$`.execute(db);
          await sql`CREATE TRIGGER user_index_email_sync
            AFTER INSERT OR DELETE OR UPDATE OF emails ON user_index
            FOR EACH ROW EXECUTE FUNCTION user_index_email_sync()`.execute(db);
          await sql`INSERT INTO user_index_email (email, user_id)
            SELECT DISTINCT ${sql.raw(lowered)}, u.user_id
            FROM user_index AS u, jsonb_array_elements_text(u.emails) AS e(v)
            WHERE u.emails IS NOT NULL AND jsonb_typeof(u.emails) = 'array'
            ON CONFLICT DO NOTHING`.execute(db);
        }
      },
    },
    "0016_audit_reason": {
      async up(db: Kysely<unknown>) {
        // A nullable column: the previous release, which does not know it, keeps writing.
        await db.schema.alterTable("audit_log").addColumn("reason", "text").execute();
      },
    },
    "0017_bulk_job_reason": {
      async up(db: Kysely<unknown>) {
        // Each write of a job carries the reason given when it was started (nullable, as 0016).
        await db.schema.alterTable("bulk_job").addColumn("reason", "text").execute();
      },
    },
    "0018_change_requests": {
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
          .addPrimaryKeyConstraint("change_request_approval_pk", [
            "request_id",
            "round",
            "staff_id",
          ])
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
    },
    "0019_user_flag_value": {
      async up(db: Kysely<unknown>) {
        // PostgreSQL: a flag filter or adoption count read every user's documents (hundreds of
        // ms at a million users, docs/benchmarks.md). One narrow row per live user and
        // catalogued flag value, keyed for counting and for the list's default order, answers
        // a filter from an index alone, and running tallies answer the adoption counts.
        // SQLite's expression indexes on user_index do the same there.
        if (kind !== "postgres") return;
        // Ids are never reused, so that ids read just before the catalogue changes can only
        // miss a removed path, never read another's values.
        await sql`CREATE SEQUENCE flag_path_id AS smallint`.execute(db);
        await sql`CREATE TABLE flag_path (
          id smallint PRIMARY KEY,
          bag text NOT NULL,
          key text NOT NULL,
          UNIQUE (bag, key)
        )`.execute(db);
        await sql`CREATE TABLE user_flag_value (
          path_id smallint NOT NULL,
          value text NOT NULL,
          created_at bigint NOT NULL,
          user_id text NOT NULL,
          PRIMARY KEY (path_id, value, created_at, user_id)
        )`.execute(db);
        // +1 and -1 as rows come and go, summed when read (and folded together now and then):
        // appending never makes writers wait on one counter row. Path 0 counts live users.
        await sql`CREATE TABLE user_flag_tally (
          path_id smallint NOT NULL,
          value text NOT NULL,
          delta bigint NOT NULL
        )`.execute(db);
        // A user's rows for the catalogued paths: strings as `"` and their text, booleans as
        // `true`/`false` (distinct, and written the same way by lib/user-index/flag-value-table.ts).
        // At most 512 bytes: a B-tree key cannot hold a few kilobytes, and a write must never
        // fail for what a user's metadata holds; longer values are read from the documents.
        await sql`CREATE FUNCTION user_flag_values(public_doc jsonb, private_doc jsonb, unsafe_doc jsonb)
          RETURNS TABLE (path_id smallint, value text) LANGUAGE sql STABLE AS $$
            SELECT p.id, e.value
            FROM flag_path AS p
            CROSS JOIN LATERAL (
              SELECT (CASE p.bag
                WHEN 'public_metadata' THEN public_doc
                WHEN 'private_metadata' THEN private_doc
                ELSE unsafe_doc END) -> 'features' -> p.key AS j
            ) AS v
            CROSS JOIN LATERAL (
              SELECT CASE jsonb_typeof(v.j)
                WHEN 'string' THEN '"' || (v.j #>> '{}')
                WHEN 'boolean' THEN v.j::text END AS value
            ) AS e
            WHERE e.value IS NOT NULL AND octet_length(e.value) <= 512
          $$`.execute(db);
        // The rows a user had are those its old documents give (the catalogue only changes with
        // user_index locked, lib/user-index/flag-value-table.ts), so they are deleted by key
        // and no index on user_id is needed. The tallies follow the rows actually deleted and
        // inserted. Every writer of user_index keeps both, as with 0015.
        await sql`CREATE FUNCTION user_flag_value_sync() RETURNS trigger LANGUAGE plpgsql AS $$
          DECLARE
            was_live boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
            is_live boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
          BEGIN
            IF TG_OP = 'UPDATE'
              AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at
              AND OLD.created_at = NEW.created_at
              AND OLD.public_metadata IS NOT DISTINCT FROM NEW.public_metadata
              AND OLD.private_metadata IS NOT DISTINCT FROM NEW.private_metadata
              AND OLD.unsafe_metadata IS NOT DISTINCT FROM NEW.unsafe_metadata THEN
              RETURN NULL;
            END IF;
            IF was_live THEN
              WITH gone AS (
                DELETE FROM user_flag_value AS f
                USING user_flag_values(OLD.public_metadata, OLD.private_metadata, OLD.unsafe_metadata) AS o
                WHERE f.path_id = o.path_id AND f.value = o.value
                  AND f.created_at = OLD.created_at AND f.user_id = OLD.user_id
                RETURNING f.path_id, f.value
              )
              INSERT INTO user_flag_tally (path_id, value, delta)
              SELECT g.path_id, g.value, -1 FROM gone AS g;
            END IF;
            IF is_live THEN
              WITH added AS (
                INSERT INTO user_flag_value (path_id, value, created_at, user_id)
                SELECT n.path_id, n.value, NEW.created_at, NEW.user_id
                FROM user_flag_values(NEW.public_metadata, NEW.private_metadata, NEW.unsafe_metadata) AS n
                ON CONFLICT DO NOTHING
                RETURNING user_flag_value.path_id, user_flag_value.value
              )
              INSERT INTO user_flag_tally (path_id, value, delta)
              SELECT a.path_id, a.value, 1 FROM added AS a;
            END IF;
            IF was_live <> is_live THEN
              INSERT INTO user_flag_tally (path_id, value, delta)
              VALUES (0, '', CASE WHEN is_live THEN 1 ELSE -1 END);
            END IF;
            RETURN NULL;
          END $$`.execute(db);
        await sql`CREATE TRIGGER user_flag_value_sync
          AFTER INSERT OR DELETE
            OR UPDATE OF public_metadata, private_metadata, unsafe_metadata, deleted_at, created_at
          ON user_index
          FOR EACH ROW EXECUTE FUNCTION user_flag_value_sync()`.execute(db);
        // After the trigger, in the same transaction: creating it locked out writers until the
        // commit, so no user is counted twice or missed.
        await sql`INSERT INTO user_flag_tally (path_id, value, delta)
          SELECT 0, '', count(*) FROM user_index WHERE deleted_at IS NULL`.execute(db);
      },
    },
    "0020_user_index_email_trigram": {
      async up(db: Kysely<unknown>) {
        // PostgreSQL: `email contains` read every address (540 ms at a million users). A
        // trigram index finds those holding a needle of three characters or more. pg_trgm
        // ships with PostgreSQL and is trusted (a database owner may add it); where it cannot
        // be added, the migration goes on without the index and the filter scans, as before.
        if (kind !== "postgres") return;
        await sql`DO $$ BEGIN
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
          CREATE INDEX user_index_email_trigram ON user_index_email USING gin (email gin_trgm_ops);
        EXCEPTION WHEN OTHERS THEN
          RAISE WARNING 'no trigram index on user_index_email (%): email contains scans every address', SQLERRM;
        END $$`.execute(db);
      },
    },
    "0021_totp_last_step": {
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
    },
    "0022_change_request_scope": {
      async up(db: Kysely<unknown>) {
        // What a request covered when it was made, and the permission its author made it with:
        // a rebase stays within both. Older requests read theirs from their base and patch.
        await db.schema.alterTable("change_request").addColumn("scope", json).execute();
        await db.schema
          .alterTable("change_request")
          .addColumn("author_permission", "text")
          .execute();
      },
    },
    "0023_approval_not_counted": {
      async up(db: Kysely<unknown>) {
        // Why an approval does not count (the author added, enabled, reset or promoted the
        // approver's account shortly before); null for one that counts.
        await db.schema
          .alterTable("change_request_approval")
          .addColumn("not_counted", "text")
          .execute();
      },
    },
    "0024_bulk_job_approval": {
      async up(db: Kysely<unknown>) {
        // The change request a held job was approved under, its author and approvers: each of
        // the job's writes says so in its audit entry.
        await db.schema.alterTable("bulk_job").addColumn("approval", "text").execute();
      },
    },
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly kind: Dialect) {}
  async getMigrations() {
    return migrations(this.kind);
  }
}

/** Brings the schema to the latest version; safe to call at every start, from several instances. */
export async function migrateToLatest({ db, kind }: ConsoleDb): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
