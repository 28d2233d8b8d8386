import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Forbidden } from "@/components/auth/forbidden";
import { UsersView } from "@/components/users/users-view";
import { mayReadAhead, requirePageAccess } from "@/lib/auth/guards";
import { listUsers } from "@/lib/clerk/users";
import { getQueryClient } from "@/lib/query/query-client";
import { ReadError } from "@/lib/users/fetch-json";
import {
  parseUserListQuery,
  userListQueryKey,
  userListSearch,
  type UserListQuery,
} from "@/lib/users/list-query";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

/** Prefetches on the server with the same key the browser uses; the cache is handed over. */
function prefetchUsers(queryClient: ReturnType<typeof getQueryClient>, query: UserListQuery) {
  return queryClient.prefetchQuery({
    queryKey: userListQueryKey(query),
    queryFn: async () => {
      const result = await listUsers(query);
      if (!result.ok) throw new ReadError(result.failure);
      return result.value;
    },
  });
}

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseUserListQuery(await searchParams);
  const queryClient = getQueryClient();
  // With a cookie this server signed, Clerk's two calls start while the session is checked;
  // nothing is shown unless the check passes.
  const early = (await mayReadAhead()) ? prefetchUsers(queryClient, query) : null;
  const access = await requirePageAccess("users:read", `/users${userListSearch(query)}`);
  if (access === "forbidden") return <Forbidden what="read users" />;
  await (early ?? prefetchUsers(queryClient, query));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <UsersView />
    </HydrationBoundary>
  );
}
