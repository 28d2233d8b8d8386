"use client";

import { FIELD_CLASS } from "@/components/ui/field-class";
import type { SortableField, UserListQuery } from "@/lib/users/user-list-query";

const CHOICES: { field: SortableField; label: string }[] = [
  { field: "created_at", label: "Created" },
  { field: "last_active_at", label: "Last active" },
  { field: "first_name", label: "Name" },
  { field: "email_address", label: "Email" },
  { field: "username", label: "Username" },
];

/** Sorting where the table's column headers are not shown: the users list on a narrow screen. */
export function SortSelect({
  orderBy,
  onSort,
  className = "",
}: {
  orderBy: UserListQuery["orderBy"];
  onSort: (orderBy: UserListQuery["orderBy"]) => void;
  className?: string;
}) {
  return (
    <label className={`flex items-center gap-2 text-sm ${className}`}>
      Sort by
      <select
        value={orderBy}
        onChange={(event) => onSort(event.target.value as UserListQuery["orderBy"])}
        className={FIELD_CLASS}
      >
        {CHOICES.flatMap(({ field, label }) => [
          <option key={`-${field}`} value={`-${field}`}>
            {label}, {field.endsWith("_at") ? "newest" : "Z to A"} first
          </option>,
          <option key={`+${field}`} value={`+${field}`}>
            {label}, {field.endsWith("_at") ? "oldest" : "A to Z"} first
          </option>,
        ])}
      </select>
    </label>
  );
}
