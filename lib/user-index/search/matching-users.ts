import { sql, type Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { FilterExpr } from "@/lib/user-filter/filter-ast";
import { filterCondition } from "./filter-sql";
import type { Dialect } from "@/lib/db/dialect";
import { NO_FLAG_PATHS, type FlagPathIds } from "../flag-values/flag-value-table";

/** The columns the free-text search reads, as Clerk's `query` does: ids, emails, names, phones. */
const SEARCHED_COLUMNS = [
  "user_index.user_id",
  "user_index.emails",
  "user_index.username",
  "user_index.first_name",
  "user_index.last_name",
  "user_index.phone_numbers",
];

/**
 * The live users of the index that a `where` expression selects and, when given, the free-text
 * `query` too (part of an email, name, username, phone or id, any case of A–Z). The users list
 * pages it and the CSV export walks it, so both always agree on who matches. `flagPaths`: the
 * flag paths PostgreSQL's table of flag values holds (`readFlagPathIds`), read from there;
 * `options.indexes` as filterCondition takes it.
 */
export function matchingUsers(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  expr: FilterExpr,
  query: string,
  flagPaths: FlagPathIds = NO_FLAG_PATHS,
  options: { indexes?: boolean } = {},
) {
  const condition = filterCondition(expr, dialect, flagPaths, options);
  const needle = query.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  const lower = (column: string) =>
    dialect === "sqlite"
      ? sql`lower(coalesce(CAST(${sql.ref(column)} AS TEXT), ''))`
      : sql`translate(coalesce(CAST(${sql.ref(column)} AS TEXT), ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
  const has = (column: string) =>
    dialect === "sqlite"
      ? sql`instr(${lower(column)}, ${needle}) > 0`
      : sql`strpos(${lower(column)}, ${needle}) > 0`;
  return db
    .selectFrom("user_index")
    .where("deleted_at", "is", null)
    .where(condition as never)
    .$if(needle !== "", (q) =>
      q.where(sql<boolean>`(${sql.join(SEARCHED_COLUMNS.map(has), sql` OR `)})`),
    );
}
