import { sql, type Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { MetadataBag } from "@/lib/user-filter/filter-ast";
import { sqliteExtract, type Dialect } from "./filter-sql";

/** Where a catalogued flag lives: `<location>.features.<key>`. */
export interface FlagPath {
  location: MetadataBag;
  key: string;
}

const PREFIX = "user_index_flag_";

const indexName = (flag: FlagPath) => `${PREFIX}${flag.location}_${flag.key}`;

/**
 * On SQLite, one expression index per catalogued flag path, so that a filter on a flag reads
 * the matching rows instead of parsing every user's JSON; indexes of flags no longer in the
 * catalogue are dropped. Run at start, when the catalogue is what it will be until the next.
 * PostgreSQL needs none: its GIN indexes on the metadata columns serve every path.
 */
export async function ensureFlagPathIndexes(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  flags: FlagPath[],
): Promise<void> {
  if (dialect !== "sqlite") return;
  const wanted = new Map(flags.map((flag) => [indexName(flag), flag]));
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master
    WHERE type = 'index' AND tbl_name = 'user_index' AND substr(name, 1, ${PREFIX.length}) = ${PREFIX}`.execute(
    db,
  );
  for (const { name } of rows)
    if (!wanted.has(name)) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(db);
  for (const [name, flag] of wanted)
    await sql`CREATE INDEX IF NOT EXISTS ${sql.id(name)}
      ON user_index (${sqliteExtract(flag.location, ["features", flag.key])})`.execute(db);
}
