import { sql, type Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { sqliteExtract, sqliteType } from "../search/filter-sql";
import type { Dialect } from "@/lib/db/dialect";
import { syncFlagValuePaths, type FlagPath } from "./flag-value-table";

/** Bumped when the indexes' shape changes, so that those of an older shape are replaced. */
const PREFIX = "user_index_flag3_";
const OLDER_PREFIX = "user_index_flag";

const indexName = (flag: FlagPath) => `${PREFIX}${flag.location}_${flag.key}`;

/**
 * On SQLite, one expression index per catalogued flag path, so that a filter on a flag reads
 * the matching rows instead of parsing every user's JSON; indexes of flags no longer in the
 * catalogue are dropped. Run at start, when the catalogue is what it will be until the next.
 * On PostgreSQL, the table of flag values holds the catalogue's paths (flag-value-table.ts).
 */
export async function ensureFlagPathIndexes(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  flags: FlagPath[],
): Promise<void> {
  if (dialect === "postgres") return syncFlagValuePaths(db, flags);
  const wanted = new Map(flags.map((flag) => [indexName(flag), flag]));
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master
    WHERE type = 'index' AND tbl_name = 'user_index'
      AND substr(name, 1, ${OLDER_PREFIX.length}) = ${OLDER_PREFIX}`.execute(db);
  for (const { name } of rows)
    if (!wanted.has(name)) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(db);
  for (const [name, flag] of wanted) {
    const keys = ["features", flag.key];
    // The value and its JSON type are all a comparison on the flag reads; with deleted_at and
    // the list's default order and tie-break beside them, counts and pages read the index alone.
    // Not a partial index (WHERE deleted_at IS NULL): without statistics SQLite then walks it in
    // place of the table for every filter, a random read per user.
    await sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)} ON user_index (
      ${sqliteExtract(flag.location, keys)}, ${sqliteType(flag.location, keys)},
      deleted_at, created_at, user_id
    )`.execute(db);
  }
}
