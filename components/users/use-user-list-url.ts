"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseUserListQuery, userListSearch, type UserListQuery } from "@/lib/users/list-query";

/** The users view lives in the URL: read it, and change it with a history entry so Back works. */
export function useUserListUrl() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = useMemo(
    () => parseUserListQuery(new URLSearchParams(searchParams.toString())),
    [searchParams],
  );
  const navigate = useCallback(
    (change: Partial<UserListQuery>) => {
      const next = { ...query, ...change };
      router.push(`${pathname}${userListSearch(next)}`, { scroll: false });
    },
    [query, router, pathname],
  );
  return { query, navigate };
}
