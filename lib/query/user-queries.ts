import { queryOptions } from "@tanstack/react-query";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { UserListPage } from "@/lib/clerk/users";
import type { PathSuggestion } from "@/lib/user-filter/filter-builder";
import { userListSearch, type UserListQuery } from "@/lib/users/user-list-query";
import { fetchJson } from "./fetch-json";

/** Every cached users list view, whatever its search, sort or page. */
export const USER_LISTS_KEY = ["users", "list"] as const;

/**
 * One view of the users table. The server prefetches it under the same key (with its own
 * Clerk read as the query function); the browser reads `/api/users`.
 */
export function userListQuery(query: UserListQuery) {
  return queryOptions({
    queryKey: [...USER_LISTS_KEY, query] as const,
    queryFn: ({ signal }) => fetchJson<UserListPage>(`/api/users${userListSearch(query)}`, signal),
  });
}

/** One user, metadata included: the user page's document. */
export function userQuery(userId: string) {
  return queryOptions({
    queryKey: ["users", "detail", userId] as const,
    queryFn: ({ signal }) => fetchJson<UserDto>(`/api/users/${encodeURIComponent(userId)}`, signal),
  });
}

/** The filter builder's path suggestions: the catalogue, the user fields, paths in the index. */
export function filterPathsQuery() {
  return queryOptions({
    queryKey: ["users", "filter-paths"] as const,
    queryFn: ({ signal }) =>
      fetchJson<{ paths: PathSuggestion[] }>("/api/users/filter-paths", signal),
    staleTime: 60_000,
  });
}
