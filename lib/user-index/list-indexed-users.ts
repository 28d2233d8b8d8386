import { sql, type Kysely } from "kysely";
import type { UserSummaryDto } from "@/lib/clerk/user-dto";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import { parseFilter, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import { filterCondition, type Dialect } from "./filter-sql";

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
  const condition = filterCondition(parsed.value, dialect);
  const needle = request.query.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
  const lower = (column: string) =>
    dialect === "sqlite"
      ? sql`lower(coalesce(CAST(${sql.ref(column)} AS TEXT), ''))`
      : sql`translate(coalesce(CAST(${sql.ref(column)} AS TEXT), ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
  const has = (column: string) =>
    dialect === "sqlite"
      ? sql`instr(${lower(column)}, ${needle}) > 0`
      : sql`strpos(${lower(column)}, ${needle}) > 0`;
  const matching = db
    .selectFrom("user_index")
    .where("deleted_at", "is", null)
    .where(condition as never)
    .$if(needle !== "", (q) =>
      q.where(
        sql<boolean>`(${sql.join(
          [
            "user_index.user_id",
            "user_index.emails",
            "user_index.username",
            "user_index.first_name",
            "user_index.last_name",
            "user_index.phone_numbers",
          ].map(has),
          sql` OR `,
        )})`,
      ),
    );
  const descending = request.orderBy.startsWith("-");
  const column = ORDER_COLUMNS[request.orderBy.replace(/^[+-]/, "")] ?? "created_at";
  const [rows, count, freshness] = await Promise.all([
    matching
      .selectAll()
      .orderBy(
        sql.ref(`user_index.${column}`),
        sql.raw(descending ? "desc nulls last" : "asc nulls last"),
      )
      .orderBy("user_index.user_id")
      .limit(request.pageSize)
      .offset((request.page - 1) * request.pageSize)
      .execute(),
    matching.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    db
      .selectFrom("user_index")
      .select((eb) => eb.fn.max("indexed_at").as("at"))
      .executeTakeFirst(),
  ]);
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
    total: Number(count.count),
    indexedAt: at === null || at === undefined ? null : Number(at),
  });
}
