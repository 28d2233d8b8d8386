import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import type { ClerkResult, UserListPage } from "@/lib/clerk/users";
import { fail, ok } from "@/lib/result/result";
import type { FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import { listIndexedUsers, type IndexedListRequest } from "./list-indexed-users";

/** A filter the index refused: shown with the position of the problem. */
export type FilterFailure = { kind: "invalid_filter" } & FilterSyntaxError;

/** The users list's rows for a `where` filter, from the index (no Clerk call). */
export async function readFilteredUsers(
  request: IndexedListRequest,
): Promise<ClerkResult<UserListPage> | { ok: false; error: FilterFailure }> {
  const { db, kind } = await consoleDb();
  const page = await listIndexedUsers(db, kind, request);
  if (!page.ok) return fail({ kind: "invalid_filter", ...page.error });
  const { users, total, indexedAt } = page.value;
  return ok({ users, totalCount: total, indexedAt });
}
