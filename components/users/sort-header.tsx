"use client";

import type { SortableField, UserListQuery } from "@/lib/users/user-list-query";

/** A column header that sorts by a Clerk `order_by` field; a second click reverses it. */
export function SortHeader({
  label,
  field,
  orderBy,
  onSort,
}: {
  label: string;
  field: SortableField;
  orderBy: UserListQuery["orderBy"];
  onSort: (orderBy: UserListQuery["orderBy"]) => void;
}) {
  const active = orderBy.slice(1) === field;
  const descending = orderBy.startsWith("-");
  const sort = active ? (descending ? "descending" : "ascending") : "none";
  const next: UserListQuery["orderBy"] =
    active && !descending ? `-${field}` : active ? `+${field}` : `+${field}`;
  return (
    <th scope="col" aria-sort={sort} className="text-left font-semibold">
      <button
        type="button"
        onClick={() => onSort(next)}
        className="inline-flex items-center gap-1 rounded hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
      >
        {label}
        <span aria-hidden="true" className="text-xs text-slate-500">
          {active ? (descending ? "▼" : "▲") : "↕"}
        </span>
        <span className="sr-only">{active ? `, sorted ${sort}` : ", sortable"}</span>
      </button>
    </th>
  );
}
