import { sql, type Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { formatPath, type MetadataBag } from "@/lib/user-filter/filter-ast";
import { parseFilter } from "@/lib/user-filter/parse-filter";
import { filterCondition, type Dialect } from "./filter-sql";
import { flagPathId, flagValueText, readFlagPathIds, type FlagPathIds } from "./flag-value-table";

/** A catalogued flag as counting needs it: where it lives and the values it may hold. */
export interface AdoptionFlag {
  key: string;
  location: MetadataBag;
  values: (boolean | string)[];
}

/** How many users match a filter, and the filter (for a link to the list of them). */
export interface FilterCount {
  count: number;
  where: string;
}

export interface FlagAdoption {
  key: string;
  /** One per value of the flag, in the catalogue's order. */
  values: (FilterCount & { value: boolean | string })[];
  /** Users with no valid value of their own (absent, null or a wrong value): the default. */
  fallback: FilterCount;
}

export interface AdoptionReport {
  /** When the counts were read: what "ago" counts from. */
  readAt: number;
  /** The users the index holds (deleted ones left out). */
  users: number;
  flags: FlagAdoption[];
  /** The newest write to the index: how fresh the counts are. */
  indexedAt: number | null;
}

const literal = (value: boolean | string) => JSON.stringify(value);

/** The filters that split a flag's users by value; the same text the `/users` links carry. */
export function adoptionFilters(flag: AdoptionFlag): { values: string[]; fallback: string } {
  const path = formatPath({ kind: "metadata", bag: flag.location, keys: ["features", flag.key] });
  return {
    values: flag.values.map((value) => `${path} = ${literal(value)}`),
    fallback: `not (${path} in [${flag.values.map(literal).join(", ")}])`,
  };
}

/** What each adoption filter tests, as `/users` evaluates it. */
function filterConditions(filters: { values: string[] }[], dialect: Dialect) {
  return filters
    .flatMap((filter) => filter.values)
    .map((where) => {
      const parsed = parseFilter(where);
      if (!parsed.ok) throw new Error(`The adoption filter "${where}" does not parse`);
      return filterCondition(parsed.value, dialect);
    });
}

/**
 * The same tests on PostgreSQL, each a comparison of one key of a user's `features`: for a
 * scalar value exactly the filter's test, without its containment half (there only to reach
 * the GIN index, and here one more walk of every document per value). 1.32 s → 0.94 s at a
 * million users; reading the table is most of what is left (docs/benchmarks.md).
 */
function featureValueConditions(flags: AdoptionFlag[]) {
  return flags.flatMap((flag) =>
    flag.values.map(
      (value) =>
        sql`(${sql.ref(flag.location)} -> 'features' -> CAST(${flag.key} AS text) = CAST(${literal(value)} AS jsonb))`,
    ),
  );
}

/** Each flag's values as `c0`, `c1`, … in order, counted from the documents in one pass. */
async function countFromDocuments(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  flags: AdoptionFlag[],
  filters: { values: string[] }[],
): Promise<number[]> {
  const conditions =
    dialect === "postgres" ? featureValueConditions(flags) : filterConditions(filters, dialect);
  if (conditions.length === 0) return [];
  const row = (await db
    .selectFrom("user_index")
    .where("deleted_at", "is", null)
    .select(
      conditions.map((condition, n) =>
        sql<number | string>`count(*) FILTER (WHERE ${condition})`.as(`c${n}`),
      ),
    )
    .executeTakeFirstOrThrow()) as Record<string, number | string>;
  return conditions.map((_, n) => Number(row[`c${n}`]));
}

/**
 * The same counts from PostgreSQL's table of flag values, when it holds every flag's path: one
 * index read grouped by value (0.94 s → … at a million users, docs/benchmarks.md). A user has
 * one value per path, so a row is a user.
 */
async function countFromFlagValues(
  db: Kysely<ConsoleDatabase>,
  flags: AdoptionFlag[],
  paths: number[],
): Promise<number[]> {
  const rows =
    paths.length === 0
      ? []
      : await db
          .selectFrom("user_flag_value")
          .where("path_id", "in", paths)
          .groupBy(["path_id", "value"])
          .select(["path_id", "value", (eb) => eb.fn.countAll<number | string>().as("count")])
          .execute();
  const counted = new Map(rows.map((row) => [`${row.path_id} ${row.value}`, Number(row.count)]));
  return flags.flatMap((flag, n) =>
    flag.values.map((value) => counted.get(`${paths[n]} ${flagValueText(value)}`) ?? 0),
  );
}

/** The table's path id of every flag, or null when it lacks one (or on SQLite). */
function cataloguedPaths(flags: AdoptionFlag[], ids: FlagPathIds): number[] | null {
  const paths = flags.map((flag) =>
    flagPathId({ kind: "metadata", bag: flag.location, keys: ["features", flag.key] }, ids),
  );
  return paths.every((id) => id !== undefined) ? (paths as number[]) : null;
}

/**
 * Per flag, how many indexed users hold each value and how many fall back to the default.
 * Each count is what the filter its link opens selects (from the same table, where PostgreSQL's
 * table of flag values serves it), so the number on `/flags` and the total on `/users` agree.
 */
export async function readFlagAdoption(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  flags: AdoptionFlag[],
): Promise<AdoptionReport> {
  const filters = flags.map(adoptionFilters);
  const paths = cataloguedPaths(flags, await readFlagPathIds(db, dialect));
  const [counts, live, freshness] = await Promise.all([
    paths ? countFromFlagValues(db, flags, paths) : countFromDocuments(db, dialect, flags, filters),
    // On PostgreSQL from the partial index user_index_live, not from every row.
    db
      .selectFrom("user_index")
      .where("deleted_at", "is", null)
      .select((eb) => eb.fn.countAll<number | string>().as("users"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("user_index")
      .select((eb) => eb.fn.max("indexed_at").as("at"))
      .executeTakeFirst(),
  ]);
  const users = Number(live.users);
  let column = 0;
  const report = flags.map((flag, n): FlagAdoption => {
    const filter = filters[n]!;
    const values = flag.values.map((value, v) => ({
      value,
      count: counts[column++]!,
      where: filter.values[v]!,
    }));
    const set = values.reduce((sum, value) => sum + value.count, 0);
    return { key: flag.key, values, fallback: { count: users - set, where: filter.fallback } };
  });
  const at = freshness?.at;
  return {
    readAt: Date.now(),
    users,
    flags: report,
    indexedAt: at === null || at === undefined ? null : Number(at),
  };
}
