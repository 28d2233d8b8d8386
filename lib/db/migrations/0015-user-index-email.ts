import { sql, type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";

export function migrationUserIndexEmail(kind: Dialect): Migration {
  return {
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
  };
}
