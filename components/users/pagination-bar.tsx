"use client";

import { FIELD_CLASS } from "@/components/ui/field-class";
import { PAGE_SIZES, pageCount, type UserListQuery } from "@/lib/users/user-list-query";
import { Button } from "@/components/ui/button";

export function PaginationBar({
  query,
  totalCount,
  totalExact = true,
  rowsOnPage,
  onChange,
}: {
  query: UserListQuery;
  totalCount: number;
  /** False past the index's count cap: `totalCount` - 1 is a floor and the last page unknown. */
  totalExact?: boolean;
  rowsOnPage: number;
  onChange: (change: Partial<UserListQuery>) => void;
}) {
  const pages = pageCount(totalCount, query.pageSize);
  const lastPage = totalExact ? query.page >= pages : rowsOnPage < query.pageSize;
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <p aria-live="polite">
        {totalExact ? (
          <>
            {totalCount.toLocaleString("en")} {totalCount === 1 ? "user" : "users"} · Page{" "}
            {Math.min(query.page, pages)} of {pages}
          </>
        ) : (
          <>
            More than {(totalCount - 1).toLocaleString("en")} users · Page {query.page}
          </>
        )}
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="page-size" className="text-slate-700">
          Rows per page
        </label>
        <select
          id="page-size"
          value={query.pageSize}
          onChange={(event) =>
            onChange({ pageSize: Number(event.target.value) as UserListQuery["pageSize"], page: 1 })
          }
          className={FIELD_CLASS}
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        <Button
          size="sm"
          disabled={query.page <= 1}
          onClick={() => onChange({ page: query.page - 1 })}
        >
          Previous
        </Button>
        <Button size="sm" disabled={lastPage} onClick={() => onChange({ page: query.page + 1 })}>
          Next
        </Button>
      </div>
    </nav>
  );
}
