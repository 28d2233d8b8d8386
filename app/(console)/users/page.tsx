import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { UsersLoading } from "@/components/users/users-loading";
import { UsersView } from "@/components/users/users-view";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { listUsers, type ClerkResult, type UserListPage } from "@/lib/clerk/users";
import { getQueryClient } from "@/lib/query/query-client";
import type { Result } from "@/lib/result/result";
import { readFilteredUsers, type FilterFailure } from "@/lib/user-index/search/user-list-read";
import { ReadError } from "@/lib/query/fetch-json";
import { userListQuery } from "@/lib/query/user-queries";
import {
  parseUserListQuery,
  searchRefusal,
  userListSearch,
  type UserListQuery,
} from "@/lib/users/user-list-query";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

/** Prefetches on the server with the same key the browser uses; the cache is handed over. */
function prefetchUsers(
  queryClient: QueryClient,
  query: UserListQuery,
  read: Promise<ClerkResult<UserListPage> | Result<UserListPage, FilterFailure>>,
) {
  return queryClient.prefetchQuery({
    queryKey: userListQuery(query).queryKey,
    queryFn: async () => {
      const result = await read;
      if (!result.ok) throw new ReadError(result.error);
      return result.value;
    },
  });
}

/** The rows, once Clerk answers, with the cache handed to the browser. */
async function UsersRows({
  queryClient,
  rows,
  canBulkChange,
}: {
  queryClient: QueryClient;
  rows: Promise<void>;
  canBulkChange: boolean;
}) {
  await rows;
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <UsersView canBulkChange={canBulkChange} />
    </HydrationBoundary>
  );
}

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseUserListQuery(await searchParams);
  // Checked before anything streams, and before any Clerk call: a missing, expired or revoked
  // session is a plain redirect and costs no Backend API quota.
  const access = await requirePageAccess("users:read", `/users${userListSearch(query)}`);
  const queryClient = getQueryClient();
  // Clerk's two calls (or, with a filter, the index) start now; the shell streams meanwhile.
  // A search too long runs nothing: the view says so (searchRefusal).
  const rows = searchRefusal(query.query)
    ? Promise.resolve()
    : prefetchUsers(
        queryClient,
        query,
        query.where ? readFilteredUsers(query, access.id) : listUsers(query),
      );
  return (
    <Suspense fallback={<UsersLoading />}>
      <UsersRows
        queryClient={queryClient}
        rows={rows}
        canBulkChange={can(access.role, "flags:write")}
      />
    </Suspense>
  );
}
