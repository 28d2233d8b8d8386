"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  parseUserListQuery,
  userListSearch,
  type UserListQuery,
} from "@/lib/users/user-list-query";

/**
 * The users view lives in the URL: read it, and change it with a history entry so Back works.
 * The change stays in the browser (Next.js follows `history.pushState` in `useSearchParams`):
 * the rows come through TanStack Query from `/api/users`, usually already prefetched, so a page
 * change costs no server render and no second read of the rows.
 */
export function useUserListUrl() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(
    () => parseUserListQuery(new URLSearchParams(searchParams.toString())),
    [searchParams],
  );
  const navigate = useCallback(
    (change: Partial<UserListQuery>) => {
      // Gone from the list already (a row was opened): a late change must not pull it back.
      if (window.location.pathname !== pathname) return;
      // From the address as it is now, not as last rendered: a search and a click that land in
      // the same moment both count.
      const current = parseUserListQuery(new URLSearchParams(window.location.search));
      const next = { ...current, ...change };
      // "Count all" was asked of one filter and search; another starts counted up to the cap.
      if (next.where !== current.where || next.query !== current.query)
        next.count = change.count ?? "capped";
      window.history.pushState(null, "", `${pathname}${userListSearch(next)}`);
    },
    [pathname],
  );
  return { query, navigate };
}
