import { firstUnstorable } from "@/lib/metadata/storable-text";
import { z } from "zod";

/** Columns the users table can sort by: the `order_by` fields Clerk supports that it shows. */
const SORTABLE_FIELDS = [
  "created_at",
  "updated_at",
  "email_address",
  "first_name",
  "last_name",
  "phone_number",
  "username",
  "last_active_at",
  "last_sign_in_at",
] as const;
export type SortableField = (typeof SORTABLE_FIELDS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;
const DEFAULT_ORDER = "-created_at";

export interface UserListQuery {
  query: string;
  /** A filter on the users' metadata and fields (lib/user-filter); rows then come from the index. */
  where: string;
  page: number;
  pageSize: (typeof PAGE_SIZES)[number];
  orderBy: `${"+" | "-"}${SortableField}`;
  /** With a filter: `exact` counts every match ("Count all"); `capped` stops past a cap. */
  count: "capped" | "exact";
}

const orderBySchema = z
  .string()
  .transform((v) => v.trim().replace(/^ /, "+"))
  .transform((v) => (/^[+-]/.test(v) ? v : `+${v}`))
  .refine((v) => (SORTABLE_FIELDS as readonly string[]).includes(v.slice(1)));

/**
 * The list's sort as an address gives it (`-created_at`, ` email_address` where a `+` was
 * decoded to a space, `username`), or the default when it names no sortable column: read the
 * same way wherever a view's address is read (the page, the API, the export).
 */
export function userListOrder(value: unknown): UserListQuery["orderBy"] {
  return orderBySchema
    .catch(DEFAULT_ORDER)
    .parse(value ?? DEFAULT_ORDER) as UserListQuery["orderBy"];
}

/** The longest search Clerk's `query` is given. */
const MAX_SEARCH_LENGTH = 200;

/** Why a search cannot run, or null: the list and the API refuse it rather than drop it. */
export function searchRefusal(query: string): string | null {
  if (query.length > MAX_SEARCH_LENGTH)
    return `The search is longer than ${MAX_SEARCH_LENGTH} characters: shorten it.`;
  // No one types them, and the index's database cannot compare them.
  if (firstUnstorable(query) !== -1)
    return "The search holds a NUL character or half of a surrogate pair: remove it.";
  return null;
}

/** Each field falls back to its default when missing or malformed, so any URL renders a view. */
const schema = z.object({
  // Not capped here either: a search too long is refused where it would run (see
  // searchRefusal), so a link with one shows why instead of every user.
  query: z.string().trim().catch(""),
  // Not capped here: a filter too long is the parser's to refuse, with its position, so it
  // fails closed (an error) rather than open (every user, as an empty filter).
  where: z.string().trim().catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .refine((n): n is UserListQuery["pageSize"] => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(10),
  orderBy: z.unknown().transform(userListOrder),
  count: z.enum(["capped", "exact"]).catch("capped"),
});

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function first(source: ParamSource, key: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(key) ?? undefined;
  const value = source[key];
  return Array.isArray(value) ? value[0] : value;
}

export function parseUserListQuery(source: ParamSource): UserListQuery {
  const parsed = schema.parse({
    query: first(source, "query") ?? "",
    where: first(source, "where") ?? "",
    page: first(source, "page") ?? 1,
    pageSize: first(source, "pageSize") ?? 10,
    orderBy: first(source, "orderBy") ?? DEFAULT_ORDER,
    count: first(source, "count") ?? "capped",
  });
  return parsed as UserListQuery;
}

/** The URL search string for a view; defaults are left out so links stay short. */
export function userListSearch(query: UserListQuery): string {
  const params = new URLSearchParams();
  if (query.query) params.set("query", query.query);
  if (query.where) params.set("where", query.where);
  if (query.page !== 1) params.set("page", String(query.page));
  if (query.pageSize !== 10) params.set("pageSize", String(query.pageSize));
  if (query.orderBy !== DEFAULT_ORDER) params.set("orderBy", query.orderBy);
  if (query.count === "exact") params.set("count", "exact");
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function pageCount(totalCount: number, pageSize: number): number {
  return Math.max(1, Math.ceil(totalCount / pageSize));
}
