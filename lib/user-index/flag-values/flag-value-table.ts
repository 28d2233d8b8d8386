import { type BagName } from "@/lib/metadata/bags";
import { sql, type Kysely } from "kysely";
import { ADVISORY_LOCKS } from "@/lib/db/advisory-locks";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { FilterExpr, FilterPath, Scalar } from "@/lib/user-filter/filter-ast";
import type { Dialect } from "@/lib/db/dialect";

/**
 * PostgreSQL's table of catalogued flag values (migration 0019_user_flag_value): one row per
 * live user and catalogued flag path holding a string or a boolean, so that a flag filter, its
 * count and the adoption report read one index instead of a million documents.
 */

/** Where a catalogued flag lives: `<location>.features.<key>`. */
export interface FlagPath {
  location: BagName;
  key: string;
}

/** The ids of the paths the table holds, by `flagPathKey`; empty on SQLite. */
export type FlagPathIds = ReadonlyMap<string, number>;

export const NO_FLAG_PATHS: FlagPathIds = new Map();

const flagPathKey = (bag: string, key: string) => `${bag}\u0000${key}`;

/** A value as the table's `value` column holds it (the same encoding as `user_flag_values`). */
export const flagValueText = (value: string | boolean): string =>
  typeof value === "string" ? `"${value}` : String(value);

/** The longest value the table holds, in bytes (UTF-8, as the database encodes text). */
const MAX_VALUE_BYTES = 512;

/** Whether the table holds a value of this text (longer ones stay in the documents only). */
const heldInTable = (text: string) => Buffer.byteLength(text, "utf8") <= MAX_VALUE_BYTES;

/** The id a metadata path is kept under, when it is a catalogued flag path the table holds. */
function flagPathId(path: FilterPath, ids: FlagPathIds): number | undefined {
  if (path.kind !== "metadata" || path.keys.length !== 2 || path.keys[0] !== "features")
    return undefined;
  return ids.get(flagPathKey(path.bag, path.keys[1]!));
}

/**
 * The strings and booleans of a list as the table holds them, each once, or null when any is
 * something the table does not hold.
 */
function storedValues(values: Scalar[]): string[] | null {
  if (values.length === 0) return null;
  const texts = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string" && typeof value !== "boolean") return null;
    const text = flagValueText(value);
    if (!heldInTable(text)) return null;
    texts.add(text);
  }
  return [...texts];
}

/** Which rows of the table a filter is exactly: one path, one or several values. */
export interface FlagValueSelection {
  pathId: number;
  values: string[];
}

/** The rows `path = value` (or `in`) selects, when the table holds the path and every value. */
export function selectionOf(
  path: FilterPath,
  values: Scalar[],
  ids: FlagPathIds,
): FlagValueSelection | null {
  const pathId = flagPathId(path, ids);
  const texts = storedValues(values);
  return pathId === undefined || texts === null ? null : { pathId, values: texts };
}

/**
 * The selection a filter is, when it is exactly one `=` or `in` on a catalogued flag path with
 * string and boolean values: such a filter's users, count and order come from the table alone.
 */
export function flagValueSelection(expr: FilterExpr, ids: FlagPathIds): FlagValueSelection | null {
  if (expr.type === "in") return selectionOf(expr.path, expr.values, ids);
  return expr.type === "compare" && expr.op === "="
    ? selectionOf(expr.path, [expr.value], ids)
    : null;
}

/** The paths the table holds now (another instance may have changed them since this one started). */
export async function readFlagPathIds(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
): Promise<FlagPathIds> {
  if (dialect !== "postgres") return NO_FLAG_PATHS;
  const rows = await db.selectFrom("flag_path").select(["id", "bag", "key"]).execute();
  return new Map(rows.map((row) => [flagPathKey(row.bag, row.key), Number(row.id)]));
}

/**
 * Makes the table hold exactly the catalogue's flag paths: rows and tallies of paths taken out
 * are deleted, paths added get an id, a row for every live user that holds a string or boolean
 * there, and their tallies.
 * Writers of user_index wait meanwhile (a user written during the fill would otherwise keep a
 * row from before it, and the trigger deletes a user's old rows by what its old documents give);
 * the lock conflicts with itself, so instances starting together take turns. Nothing to do, the
 * usual case, takes one read and no lock.
 */
export async function syncFlagValuePaths(
  db: Kysely<ConsoleDatabase>,
  flags: FlagPath[],
): Promise<void> {
  const wanted = new Map(flags.map((flag) => [flagPathKey(flag.location, flag.key), flag]));
  const differs = (held: FlagPathIds) =>
    held.size !== wanted.size || [...wanted.keys()].some((key) => !held.has(key));
  if (!differs(await readFlagPathIds(db, "postgres"))) return;
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE user_index IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    // No fold of the tallies meanwhile: one could put back a removed path's tallies.
    await sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.flagTallies})`.execute(trx);
    const held = await readFlagPathIds(trx, "postgres");
    const removed = [...held].filter(([key]) => !wanted.has(key)).map(([, id]) => id);
    if (removed.length > 0) {
      await trx.deleteFrom("user_flag_value").where("path_id", "in", removed).execute();
      await trx.deleteFrom("user_flag_tally").where("path_id", "in", removed).execute();
      await trx.deleteFrom("flag_path").where("id", "in", removed).execute();
    }
    const added: number[] = [];
    for (const [key, flag] of wanted) {
      if (held.has(key)) continue;
      // From a sequence, never reused (migration 0019): 32,767 paths over the database's life.
      const { id } = await trx
        .insertInto("flag_path")
        .values({ id: sql<number>`nextval('flag_path_id')`, bag: flag.location, key: flag.key })
        .returning("id")
        .executeTakeFirstOrThrow();
      added.push(Number(id));
    }
    if (added.length === 0) return;
    await sql`INSERT INTO user_flag_value (path_id, value, created_at, user_id)
      SELECT o.path_id, o.value, u.created_at, u.user_id
      FROM user_index AS u
      CROSS JOIN LATERAL user_flag_values(u.public_metadata, u.private_metadata, u.unsafe_metadata) AS o
      WHERE u.deleted_at IS NULL AND o.path_id IN (${sql.join(added)})`.execute(trx);
    await sql`INSERT INTO user_flag_tally (path_id, value, delta)
      SELECT path_id, value, count(*) FROM user_flag_value
      WHERE path_id IN (${sql.join(added)}) GROUP BY path_id, value`.execute(trx);
  });
}

/**
 * The live users holding one of the selection's values, as a condition on user_index: exactly
 * the users `= value` (or `in`) accepts, since the table holds every live user's value there.
 */
export function flagValueCondition(selection: FlagValueSelection) {
  return sql`user_index.user_id IN (SELECT user_id FROM user_flag_value
    WHERE path_id = ${selection.pathId} AND value IN (${sql.join(selection.values)}))`;
}

/**
 * A page of the selection's user ids in `created_at` order (then id, the same way), and their
 * count. One ordered read of the key per value, merged: PostgreSQL 15 reads `value IN (…)` in
 * key order only within each value, and would otherwise sort every match (419,000 users of a
 * two-value filter: 173 → 48 ms at a million users, docs/benchmarks.md).
 */
export async function flagValuePage(
  db: Kysely<ConsoleDatabase>,
  selection: FlagValueSelection,
  page: { descending: boolean; limit: number; offset: number },
): Promise<{ ids: string[]; total: number }> {
  const direction = sql.raw(page.descending ? "DESC" : "ASC");
  const upTo = page.offset + page.limit;
  const perValue = selection.values.map(
    (value) => sql`(SELECT created_at, user_id FROM user_flag_value
      WHERE path_id = ${selection.pathId} AND value = ${value}
      ORDER BY created_at ${direction}, user_id ${direction} LIMIT ${upTo})`,
  );
  const [ids, count] = await Promise.all([
    sql<{ user_id: string }>`SELECT user_id FROM (${sql.join(perValue, sql` UNION ALL `)}) AS v
      ORDER BY created_at ${direction}, user_id ${direction}
      LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    db
      .selectFrom("user_flag_value")
      .where("path_id", "=", selection.pathId)
      .where("value", "in", selection.values)
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return { ids: ids.rows.map((row) => row.user_id), total: Number(count.count) };
}

/** Tally rows past which a read folds them into one per value (a write leaves one to three). */
const FOLD_AFTER = 5_000;

/** The adoption counts: live users, and how many hold each value of each path (by `pathId value`). */
export interface FlagTallies {
  users: number;
  held: ReadonlyMap<string, number>;
}

export const tallyKey = (pathId: number, value: string) => `${pathId} ${value}`;

/**
 * The tallies' sums: what `count(*)` of live users and of each path's values would say, in
 * the time it takes to read a few thousand rows. When the rows have piled up (a backfill
 * leaves several per user), they are folded into one per value. Folding sums what it deletes,
 * so writers beside it lose nothing; one fold at a time (another read skips folding), and
 * never beside a catalogue change.
 */
export async function readFlagTallies(
  db: Kysely<ConsoleDatabase>,
  foldAfter = FOLD_AFTER,
): Promise<FlagTallies> {
  const rows = await db
    .selectFrom("user_flag_tally")
    .groupBy(["path_id", "value"])
    .select([
      "path_id",
      "value",
      (eb) => eb.fn.sum<number | string>("delta").as("sum"),
      (eb) => eb.fn.countAll<number | string>().as("entries"),
    ])
    .execute();
  const entries = rows.reduce((sum, row) => sum + Number(row.entries), 0);
  if (entries > Math.max(foldAfter, rows.length * 2)) {
    const folded = await db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{
        held: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${ADVISORY_LOCKS.flagTallies}) AS held`.execute(trx);
      if (!lock[0]?.held) return false;
      await sql`WITH gone AS (DELETE FROM user_flag_tally RETURNING path_id, value, delta)
        INSERT INTO user_flag_tally (path_id, value, delta)
        SELECT path_id, value, sum(delta) FROM gone GROUP BY path_id, value
        HAVING sum(delta) <> 0`.execute(trx);
      return true;
    });
    if (folded)
      // The folded rows stay behind as dead tuples until a vacuum, and every read until then
      // would wade through them (130 ms after a backfill of a million users): vacuum now.
      await sql`VACUUM user_flag_tally`.execute(db);
  }
  const held = new Map(
    rows
      .filter((row) => Number(row.path_id) !== 0)
      .map((row) => [tallyKey(Number(row.path_id), row.value), Number(row.sum)]),
  );
  const live = rows.find((row) => Number(row.path_id) === 0);
  return { users: live ? Number(live.sum) : 0, held };
}
