import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { UsersView } from "@/components/users/users-view";
import { listUsers } from "@/lib/clerk/users";
import { getQueryClient } from "@/lib/query/query-client";
import { ReadError } from "@/lib/users/fetch-json";
import { parseUserListQuery, userListQueryKey, userListSearch } from "@/lib/users/list-query";
import { Forbidden } from "@/components/auth/forbidden";
import { requirePageAccess } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseUserListQuery(await searchParams);
  const access = await requirePageAccess("users:read", `/users${userListSearch(query)}`);
  if (access === "forbidden") return <Forbidden what="read users" />;
  const queryClient = getQueryClient();
  // Prefetch on the server with the same key the browser uses, then hand the cache over.
  await queryClient.prefetchQuery({
    queryKey: userListQueryKey(query),
    queryFn: async () => {
      const result = await listUsers(query);
      if (!result.ok) throw new ReadError(result.failure);
      return result.value;
    },
  });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <UsersView />
    </HydrationBoundary>
  );
}
