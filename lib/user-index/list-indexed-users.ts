import { sql, type Kysely } from "kysely";
import type { UserSummaryDto } from "@/lib/clerk/user-dto";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import { parseFilter, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import type { Dialect } from "./filter-sql";
import { matchingUsers } from "./matching-users";

export interface IndexedListRequest {
  where: string;
  query: string;
  page: number;
  pageSize: number;
  orderBy: string;
}

export interface IndexedUserPage {
  users: UserSummaryDto[];
  total: number;
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

const keysOf = (value: unknown): string[] => {
  const document = fromJsonColumn<unknown>(value);
  return document && typeof document === "object" && !Array.isArray(document)
    ? Object.keys(document)
    : [];
};

/**
 * A page of users from the index that match a `where` expression (and, when given, the same
 * free-text `query` the Clerk search takes: part of an email, name, username or id, any case
 * of A–Z), with the total. A malformed expression runs nothing and says where it is wrong.
 */
export async function listIndexedUsers(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  request: IndexedListRequest,
): Promise<Result<IndexedUserPage, FilterSyntaxError>> {
  const parsed = parseFilter(request.where);
  if (!parsed.ok) return fail(parsed.error);
  const matching = matchingUsers(db, dialect, parsed.value, request.query);
  const descending = request.orderBy.startsWith("-");
  const column = ORDER_COLUMNS[request.orderBy.replace(/^[+-]/, "")] ?? "created_at";
  // One pass over the matching users gives both the page's ids and the total (the two used to
  // be two scans, which is most of the time of a filter no index serves); the page's rows are
  // then read by id, so only they are sorted with their documents.
  const [page, freshness] = await Promise.all([
    db
      .with(
        (cte) => cte("m").materialized(),
        () =>
          matching.select(["user_index.user_id as id", sql.ref(`user_index.${column}`).as("k")]),
      )
      .selectFrom("m")
      .select(["m.id", sql<number | string>`(SELECT count(*) FROM m)`.as("total")])
      .orderBy(sql.ref("m.k"), (ob) => (descending ? ob.desc() : ob.asc()).nullsLast())
      .orderBy("m.id")
      .limit(request.pageSize)
      .offset((request.page - 1) * request.pageSize)
      .execute(),
    db
      .selectFrom("user_index")
      .select((eb) => eb.fn.max("indexed_at").as("at"))
      .executeTakeFirst(),
  ]);
  const ids = page.map((row) => row.id);
  const [found, total] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .selectFrom("user_index")
          .selectAll()
          .where("user_id", "in", ids)
          // A user deleted between the two reads is left out, not shown from its tombstone.
          .where("deleted_at", "is", null)
          .execute(),
    // A page past the end has no row to carry the total.
    page[0]
      ? Number(page[0].total)
      : matching
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.count)),
  ]);
  const byId = new Map(found.map((row) => [row.user_id, row]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
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
  const at = freshness?.at;
  return ok({
    users,
    total,
    indexedAt: at === null || at === undefined ? null : Number(at),
  });
}
