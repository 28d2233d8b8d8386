import { sql, type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";

export function migrationUserFlagValue(kind: Dialect): Migration {
  return {
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
      // `true`/`false` (distinct, and written the same way by lib/user-index/flag-values/flag-value-table.ts).
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
      // user_index locked, lib/user-index/flag-values/flag-value-table.ts), so they are deleted by key
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
  };
}
