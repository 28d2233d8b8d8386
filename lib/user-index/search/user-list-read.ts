import "server-only";
import type { UserListPage } from "@/lib/clerk/users";
import { fail, ok, type Result } from "@/lib/result/result";
import type { FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import { boundedIndexRead, type IndexReadRefusal } from "../bounded-index-read";
import { listIndexedUsers, type IndexedListRequest } from "./list-indexed-users";

/** A filter the index refused: shown with the position of the problem. */
export type FilterFailure = ({ kind: "invalid_filter" } & FilterSyntaxError) | IndexReadRefusal;

/**
 * The users list's rows for a `where` filter, from the index (no Clerk call), read within the
 * person's index-read slots and budget (boundedIndexRead).
 */
export async function readFilteredUsers(
  request: IndexedListRequest,
  staffId: string,
): Promise<Result<UserListPage, FilterFailure>> {
  const read = await boundedIndexRead(staffId, ({ db, kind }) =>
    listIndexedUsers(db, kind, request),
  );
  if (!read.ok) return read;
  const page = read.value;
  if (!page.ok) return fail({ kind: "invalid_filter", ...page.error });
  const { users, total, totalExact, indexedAt } = page.value;
  return ok({ users, totalCount: total, totalExact, indexedAt });
}
