import { sql, type Kysely } from "kysely";
import type { UserSummaryDto } from "@/lib/clerk/user-dto";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import { parseFilter, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import type { Dialect } from "@/lib/db/dialect";
import {
  flagValuePage,
  flagValueSelection,
  NO_FLAG_PATHS,
  readFlagPathIds,
} from "../flag-values/flag-value-table";
import { matchingUsers } from "./matching-users";
import { readIndexedAt } from "../index-freshness";
import { INDEX_COUNT_CAP } from "@/lib/config/limits";

export interface IndexedListRequest {
  where: string;
  query: string;
  page: number;
  pageSize: number;
  orderBy: string;
  /** `capped` (the default): past INDEX_COUNT_CAP matches, say "more than" instead of counting. */
  count?: "capped" | "exact";
}

export interface IndexedUserPage {
  users: UserSummaryDto[];
  /** How many match; with `totalExact` false, more than INDEX_COUNT_CAP (this is the cap + 1). */
  total: number;
  totalExact: boolean;
  /** The newest write to the index: how fresh these rows are. */
  indexedAt: number | null;
}

/** The users table's sort fields, as index columns (phone numbers are not sortable here). */
const ORDER_COLUMNS: Record<string, string> = {
  created_at: "created_at",
  updated_at: "updated_at",
  email_address: "primary_email",
  first_name: "first_name",
  last_name: "last_name",
  username: "username",
  last_active_at: "last_active_at",
  last_sign_in_at: "last_sign_in_at",
};

/** The index column and direction of a users table sort (`-created_at`, `+email_address`). */
export function indexOrder(orderBy: string): { column: string; descending: boolean } {
  const field = orderBy.replace(/^[+-]/, "");
  return {
    // Own keys only: "constructor" or "__proto__" are no column.
    column: Object.hasOwn(ORDER_COLUMNS, field) ? ORDER_COLUMNS[field]! : "created_at",
    descending: orderBy.startsWith("-"),
  };
}

const keysOf = (value: unknown): string[] => {
  const document = fromJsonColumn<unknown>(value);
  return document && typeof document === "object" && !Array.isArray(document)
    ? Object.keys(document)
    : [];
};

interface PageWindow {
  descending: boolean;
  limit: number;
  offset: number;
}

/**
 * A page of the ids of the users that match, ordered by `column` then id (both the same way,
 * as the table of flag values is keyed), and how many match, up to `countCap` + 1 when given.
 * One pass over the matching users gives both the page's ids and the total (the two used to be
 * two scans, which is most of the time of a filter no index serves); the page's rows are then
 * read by id, so only they are sorted with their documents. With a cap the pass stops after
 * cap + 1 matches, which are then some of the matches, not the page: see orderedWalk.
 */
async function matchingPage(
  db: Kysely<ConsoleDatabase>,
  matching: ReturnType<typeof matchingUsers>,
  column: string,
  page: PageWindow,
  countCap: number | null,
): Promise<{ ids: string[]; total: number }> {
  const direction = page.descending ? "desc" : "asc";
  const rows = await db
    .with(
      (cte) => cte("m").materialized(),
      () =>
        matching
          .select(["user_index.user_id as id", sql.ref(`user_index.${column}`).as("k")])
          .$if(countCap !== null, (q) => q.limit(countCap! + 1)),
    )
    .selectFrom("m")
    .select(["m.id", sql<number | string>`(SELECT count(*) FROM m)`.as("total")])
    .orderBy(sql.ref("m.k"), (ob) => (page.descending ? ob.desc() : ob.asc()).nullsLast())
    .orderBy("m.id", direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  // A page past the end has no row to carry the total; the first page without a row has none
  // to count. Counted again there, a user indexed between the two statements made the list
  // say "1 user matches" over "No users match this filter" (the project's CI met it).
  const total = rows[0]
    ? Number(rows[0].total)
    : page.offset === 0
      ? 0
      : await db
          .selectFrom(
            matching
              .select("user_index.user_id")
              .$if(countCap !== null, (q) => q.limit(countCap! + 1))
              .as("c"),
          )
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.count));
  return { ids: rows.map((row) => row.id), total };
}

/**
 * A page of a filter that matches many users, newest (or oldest) first: the users are read in
 * the order of the index on (created_at, user_id), each tested as it comes, until the page is
 * full, so the cost is the page's depth divided by the share of users that match, not the
 * number that match. Indexes other than the order's are left out (`indexes: false`), since with
 * them PostgreSQL would gather every match first (it cannot tell how many a metadata
 * comparison selects). Live users
 * always have a creation time, so the index's order is the list's.
 */
async function orderedWalk(
  matching: ReturnType<typeof matchingUsers>,
  page: PageWindow,
): Promise<string[]> {
  const direction = page.descending ? "desc" : "asc";
  const rows = await matching
    .select("user_index.user_id as id")
    .orderBy("user_index.created_at", direction)
    .orderBy("user_index.user_id", direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * A page of users from the index that match a `where` expression (and, when given, the same
 * free-text `query` the Clerk search takes: part of an email, name, username or id, any case
 * of A–Z), with the total. A malformed expression runs nothing and says where it is wrong.
 */
export async function listIndexedUsers(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  request: IndexedListRequest,
  { countCap: cap = INDEX_COUNT_CAP }: { countCap?: number } = {},
): Promise<Result<IndexedUserPage, FilterSyntaxError>> {
  const parsed = parseFilter(request.where);
  if (!parsed.ok) return fail(parsed.error);
  const flagPaths = await readFlagPathIds(db, dialect);
  const { column, descending } = indexOrder(request.orderBy);
  const selection =
    column === "created_at" && request.query.trim() === ""
      ? flagValueSelection(parsed.value, flagPaths)
      : null;
  const page = {
    descending,
    limit: request.pageSize,
    offset: (request.page - 1) * request.pageSize,
  };
  // Only the creation order has an index to walk: other orders count every match.
  const countCap = request.count !== "exact" && column === "created_at" ? cap : null;
  const counted = async () => {
    // Counting up to the cap must stop at the cap: a semi-join on the table of flag values
    // hashes every user holding the value first (and spills to disk past work_mem), so the
    // capped count reads flag values from the documents, which an index hint drives.
    const first = await matchingPage(
      db,
      matchingUsers(
        db,
        dialect,
        parsed.value,
        request.query,
        countCap === null ? flagPaths : NO_FLAG_PATHS,
      ),
      column,
      page,
      countCap,
    );
    if (countCap === null || first.total <= countCap) return { ...first, exact: true };
    const walk = matchingUsers(db, dialect, parsed.value, request.query, NO_FLAG_PATHS, {
      indexes: false,
    });
    return { ids: await orderedWalk(walk, page), total: first.total, exact: false };
  };
  const [{ ids: pageIds, total, exact }, indexedAt] = await Promise.all([
    // A single flag filter in the default order is PostgreSQL's table of flag values alone,
    // whose key counts every match at once.
    selection ? flagValuePage(db, selection, page).then((p) => ({ ...p, exact: true })) : counted(),
    readIndexedAt(db),
  ]);
  const found =
    pageIds.length === 0
      ? []
      : await db
          .selectFrom("user_index")
          .selectAll()
          .where("user_id", "in", pageIds)
          // A user deleted between the two reads is left out, not shown from its tombstone.
          .where("deleted_at", "is", null)
          .execute();
  const byId = new Map(found.map((row) => [row.user_id, row]));
  const rows = pageIds.flatMap((id) => byId.get(id) ?? []);
  const users = rows.map((row): UserSummaryDto => ({
    id: row.user_id,
    externalId: row.external_id,
    username: row.username,
    firstName: row.first_name,
    lastName: row.last_name,
    fullName: [row.first_name, row.last_name].filter(Boolean).join(" ") || null,
    imageUrl: "",
    hasImage: false,
    primaryEmail: row.primary_email,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastSignInAt: row.last_sign_in_at === null ? null : Number(row.last_sign_in_at),
    lastActiveAt: row.last_active_at === null ? null : Number(row.last_active_at),
    banned: row.banned === 1,
    locked: row.locked === 1,
    metadataKeys: {
      public: keysOf(row.public_metadata),
      private: keysOf(row.private_metadata),
      unsafe: keysOf(row.unsafe_metadata),
    },
  }));
  return ok({ users, total, totalExact: exact, indexedAt });
}
