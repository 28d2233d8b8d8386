import { type BagName } from "@/lib/metadata/bags";
import { sql, type Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { formatPath, type FilterPath } from "@/lib/user-filter/filter-ast";
import { parseFilter } from "@/lib/user-filter/parse-filter";
import { filterCondition } from "../search/filter-sql";
import type { Dialect } from "@/lib/db/dialect";
import {
  flagValueText,
  readFlagPathIds,
  readFlagTallies,
  selectionOf,
  tallyKey,
  type FlagPathIds,
  type FlagTallies,
} from "./flag-value-table";
import { readIndexedAt } from "../index-freshness";

/** A catalogued flag as counting needs it: where it lives and the values it may hold. */
export interface AdoptionFlag {
  key: string;
  location: BagName;
  values: (boolean | string)[];
}

/** How many users match a filter, and the filter (for a link to the list of them). */
export interface FilterCount {
  count: number;
  where: string;
}

interface FlagAdoption {
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
function adoptionFilters(flag: AdoptionFlag): { values: string[]; fallback: string } {
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

/** The same counts from PostgreSQL's tallies of flag values (`readFlagTallies`). */
function countFromTallies(flags: AdoptionFlag[], paths: number[], tallies: FlagTallies): number[] {
  return flags.flatMap((flag, n) =>
    flag.values.map((value) => tallies.held.get(tallyKey(paths[n]!, flagValueText(value))) ?? 0),
  );
}

/** The table's path id of every flag, or null when it lacks one or cannot hold a value. */
function cataloguedPaths(flags: AdoptionFlag[], ids: FlagPathIds): number[] | null {
  const paths: number[] = [];
  for (const flag of flags) {
    const path: FilterPath = { kind: "metadata", bag: flag.location, keys: ["features", flag.key] };
    const selection = selectionOf(path, flag.values, ids);
    if (!selection) return null;
    paths.push(selection.pathId);
  }
  return paths;
}

/**
 * Per flag, how many indexed users hold each value and how many fall back to the default.
 * Each count is what the filter its link opens selects (read from the documents, or on
 * PostgreSQL from the tallies of the table of flag values that also answers those filters), so
 * the number on `/flags` and the total on `/users` agree.
 */
export async function readFlagAdoption(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  flags: AdoptionFlag[],
): Promise<AdoptionReport> {
  const filters = flags.map(adoptionFilters);
  const paths =
    dialect === "postgres" ? cataloguedPaths(flags, await readFlagPathIds(db, dialect)) : null;
  const counted = async (): Promise<{ users: number; counts: number[] }> => {
    if (paths) {
      // PostgreSQL, every flag in the table: its tallies, in place of reading a million users.
      const tallies = await readFlagTallies(db);
      return { users: tallies.users, counts: countFromTallies(flags, paths, tallies) };
    }
    const [counts, live] = await Promise.all([
      countFromDocuments(db, dialect, flags, filters),
      db
        .selectFrom("user_index")
        .where("deleted_at", "is", null)
        .select((eb) => eb.fn.countAll<number | string>().as("users"))
        .executeTakeFirstOrThrow(),
    ]);
    return { users: Number(live.users), counts };
  };
  const [{ users, counts }, indexedAt] = await Promise.all([counted(), readIndexedAt(db)]);
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
  return {
    readAt: Date.now(),
    users,
    flags: report,
    indexedAt,
  };
}
