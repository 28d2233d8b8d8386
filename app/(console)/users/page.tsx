import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { Forbidden } from "@/components/auth/forbidden";
import { UsersLoading } from "@/components/users/users-loading";
import { UsersView } from "@/components/users/users-view";
import { mayReadAhead, requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { listUsers, type ClerkResult, type UserListPage } from "@/lib/clerk/users";
import { getQueryClient } from "@/lib/query/query-client";
import { readAheadTicket, takeUserListReadAhead } from "@/lib/read-ahead/request-read-ahead";
import { ReadError } from "@/lib/query/fetch-json";
import { userListQuery } from "@/lib/query/user-queries";
import {
  parseUserListQuery,
  userListSearch,
  type UserListQuery,
} from "@/lib/users/user-list-query";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

/** Prefetches on the server with the same key the browser uses; the cache is handed over. */
function prefetchUsers(
  queryClient: QueryClient,
  query: UserListQuery,
  read: Promise<ClerkResult<UserListPage>>,
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
  const queryClient = getQueryClient();
  // With a session cookie this server signed, Clerk's two calls are already under way (started
  // by proxy.ts) or start now, while the session is checked; without one Clerk is never called.
  const started =
    takeUserListReadAhead(await readAheadTicket(), query) ??
    ((await mayReadAhead()) ? listUsers(query) : null);
  const early = started ? prefetchUsers(queryClient, query, started) : null;
  // Checked before anything streams, so a missing or expired session is a plain redirect.
  const access = await requirePageAccess("users:read", `/users${userListSearch(query)}`);
  if (access === "forbidden") return <Forbidden what="read users" />;
  // The page's shell streams while the rows are on their way.
  return (
    <Suspense fallback={<UsersLoading />}>
      <UsersRows
        queryClient={queryClient}
        rows={early ?? prefetchUsers(queryClient, query, listUsers(query))}
        canBulkChange={can(access.role, "flags:write")}
      />
    </Suspense>
  );
}
