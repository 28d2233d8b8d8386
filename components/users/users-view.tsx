"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { EmptyState } from "@/components/ui/data-table";
import { FailurePanel } from "@/components/ui/failure-panel";
import { PageHeader } from "@/components/ui/page-header";
import { SortSelect } from "./sort-select";
import { usePreloadMonaco } from "@/components/metadata/preload-monaco";
import { readFailureOf } from "@/lib/query/fetch-json";
import { userListQuery } from "@/lib/query/user-queries";
import { pageCount, type UserListQuery } from "@/lib/users/user-list-query";
import { PaginationBar } from "./pagination-bar";
import { UserFilterBox } from "./user-filter-box";
import { UserSearchBox, type SearchBoxHandle } from "./user-search-box";
import { UsersExport } from "./users-export";
import { UsersTable } from "./users-table";
import { useUserListUrl } from "./use-user-list-url";
import { TextLink } from "@/components/ui/text-link";
import { Button } from "@/components/ui/button";
import { parseFilter } from "@/lib/user-filter/parse-filter";
import { searchRefusal } from "@/lib/users/user-list-query";

function LoadingRows() {
  return (
    <div
      role="status"
      aria-live="polite"
      className="rounded-md border border-slate-200 bg-white p-4"
    >
      <span className="sr-only">Loading users…</span>
      <div aria-hidden="true" className="space-y-3">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}

/**
 * How long before the rows were read the index last changed. Counted from the query's own
 * `dataUpdatedAt`, not the clock at render: the server's prefetch hands that time over with the
 * rows, so the server's HTML and the browser's hydration say the same (a clock read at render
 * differs by a second now and then, and React then re-renders the whole list, closing what the
 * person just opened).
 */
function IndexFreshness({ indexedAt, readAt }: { indexedAt: number | null; readAt: number }) {
  if (indexedAt === null) return <>(empty so far)</>;
  const seconds = Math.max(0, Math.round((readAt - indexedAt) / 1000));
  return <>updated {seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`} ago</>;
}

export function UsersView({ canBulkChange = false }: { canBulkChange?: boolean }) {
  const { query, navigate } = useUserListUrl();
  const queryClient = useQueryClient();
  // People open a user from here: have the editor's code ready by then.
  usePreloadMonaco();
  // A filter that does not parse fails closed: no rows, no count, nothing to export or change
  // (the filter box says where it is wrong), and nothing is asked of the server. That holds for
  // one typed and applied (the URL keeps the last good one) and for one in a shared link.
  const [rejected, setRejected] = useState<{ over: string } | null>(null);
  if (rejected && rejected.over !== query.where) setRejected(null);
  const searchRefused = searchRefusal(query.query);
  const filterInvalid =
    rejected !== null ||
    (query.where !== "" && !parseFilter(query.where).ok) ||
    searchRefused !== null;
  const list = useQuery({
    ...userListQuery(query),
    enabled: !filterInvalid,
    // While the next page loads, the rows already on screen stay.
    placeholderData: keepPreviousData,
  });

  // An export of a filter too expensive to list would be stopped the same way.
  const tooExpensive = list.isError && readFailureOf(list.error).kind === "too_expensive";
  const totalCount = list.data?.totalCount ?? 0;
  // Past the index's count cap the total is "more than", and the last page unknown.
  const totalExact = list.data?.totalExact ?? true;
  const lastPage = pageCount(totalCount, query.pageSize);
  useEffect(() => {
    if (!list.data || list.isPlaceholderData || query.page >= pageCount(totalCount, query.pageSize))
      return;
    const next: UserListQuery = { ...query, page: query.page + 1 };
    void queryClient.prefetchQuery(userListQuery(next));
  }, [list.data, list.isPlaceholderData, query, totalCount, queryClient]);

  const onSearch = useCallback((text: string) => navigate({ query: text, page: 1 }), [navigate]);
  // A click anywhere in the list (a row, a sort, a page) means the person is done typing: the
  // search still waiting out its debounce applies first, so that it can neither land after the
  // click and undo it nor pull the page back from the user just opened.
  const searchBox = useRef<SearchBoxHandle>(null);
  const applyTypedSearch = useCallback(() => searchBox.current?.flush(), []);
  const onFilter = useCallback(
    (where: string) => {
      setRejected(null);
      navigate({ where, page: 1 });
    },
    [navigate],
  );
  const fromIndex = list.data?.indexedAt !== undefined;

  return (
    <section className="space-y-4" onClickCapture={applyTypedSearch}>
      <PageHeader
        title="Users"
        actions={
          <>
            <UserSearchBox ref={searchBox} value={query.query} onSearch={onSearch} />
            {/* A bulk change targets a search or a filter, not both at once. */}
            {canBulkChange && !(query.where && query.query) && filterInvalid && (
              <span aria-disabled="true" className="pb-2 text-sm text-slate-600">
                Change a flag for these users (fix the {searchRefused ? "search" : "filter"} first)
              </span>
            )}
            {canBulkChange && !(query.where && query.query) && !filterInvalid && (
              <TextLink
                href={
                  query.where
                    ? `/flags/bulk?where=${encodeURIComponent(query.where)}`
                    : `/flags/bulk?query=${encodeURIComponent(query.query)}`
                }
                className="pb-2 text-sm"
              >
                Change a flag for {query.query || query.where ? "these" : "all"} users
              </TextLink>
            )}
          </>
        }
      />

      <UserFilterBox
        value={query.where}
        onApply={onFilter}
        onReject={() => setRejected({ over: query.where })}
      />
      {query.where && list.data && fromIndex && !list.isPlaceholderData && !filterInvalid && (
        <p role="status" className="text-sm text-slate-700">
          {!totalExact
            ? `More than ${(totalCount - 1).toLocaleString("en")} users match`
            : totalCount === 1
              ? "1 user matches"
              : `${totalCount.toLocaleString("en")} users match`}
          , from the index{" "}
          <IndexFreshness indexedAt={list.data.indexedAt ?? null} readAt={list.dataUpdatedAt} /> (
          <TextLink href="/sync">User index</TextLink>
          ).
          {!totalExact && (
            <Button
              size="xs"
              tone="outline"
              className="ml-2"
              onClick={() => navigate({ count: "exact" })}
            >
              Count all
            </Button>
          )}
        </p>
      )}
      {/* Every list can be exported: a filter (with or without a search) or every user from
          the index, a search alone from Clerk, as the list is read. */}
      {!filterInvalid && !tooExpensive && (
        <UsersExport
          where={query.where}
          query={query.query}
          orderBy={query.orderBy}
          // The count of what the export reads, when exact: the index's for a filter, Clerk's
          // for a search alone (Clerk's count of every user may differ from the index's).
          total={
            list.data && !list.isPlaceholderData && (fromIndex ? totalExact : query.query !== "")
              ? totalCount
              : null
          }
        />
      )}

      {filterInvalid ? (
        <EmptyState>
          {searchRefused ?? "No users are shown until the filter above is corrected."}
        </EmptyState>
      ) : list.isError ? (
        <FailurePanel
          title="The users could not be loaded."
          failure={readFailureOf(list.error)}
          onRetry={() => void list.refetch()}
        />
      ) : !list.data ? (
        <LoadingRows />
      ) : list.data.users.length === 0 ? (
        <EmptyState>
          {query.page > 1 && !totalExact ? (
            <>
              There is no page {query.page} of these users. “Count all” above tells how many pages
              there are.
            </>
          ) : query.page > 1 && totalCount > 0 ? (
            <>
              There is no page {query.page}:{" "}
              {totalCount === 1 ? "the one user fits" : `the ${totalCount} users fit`} on {lastPage}{" "}
              {lastPage === 1 ? "page" : "pages"}.{" "}
              <button
                type="button"
                onClick={() => navigate({ page: lastPage })}
                className="font-medium text-blue-800 underline"
              >
                Go to page {lastPage}
              </button>
            </>
          ) : query.where ? (
            <>No users match this filter.</>
          ) : query.query ? (
            <>No users match “{query.query}”.</>
          ) : (
            "No users yet."
          )}
        </EmptyState>
      ) : (
        <div
          className={list.isPlaceholderData ? "opacity-70 transition-opacity" : undefined}
          aria-busy={list.isFetching}
        >
          <SortSelect
            orderBy={query.orderBy}
            onSort={(orderBy) => navigate({ orderBy, page: 1 })}
            className="mb-2 md:hidden"
          />
          <UsersTable
            users={list.data.users}
            orderBy={query.orderBy}
            onSort={(orderBy) => navigate({ orderBy, page: 1 })}
          />
        </div>
      )}

      {list.data && !filterInvalid && (
        <PaginationBar
          query={query}
          totalCount={totalCount}
          totalExact={totalExact}
          rowsOnPage={list.data.users.length}
          onChange={navigate}
        />
      )}
    </section>
  );
}
