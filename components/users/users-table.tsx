"use client";

import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { StatusBadges } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { UserSummaryDto } from "@/lib/clerk/user-dto";
import { formatDate } from "@/lib/format/time";
import type { SortableField, UserListQuery } from "@/lib/users/user-list-query";
import { DataTable } from "@/components/ui/data-table";
import { EmailText } from "@/components/ui/email-text";
import { SortHeader } from "./sort-header";

const SHOWN_KEYS = 5;

/** A bag's top-level keys, wrapped rather than cut off; a long list says how many more. */
function MetadataKeys({ label, keys }: { label: string; keys: string[] }) {
  const more = keys.length - SHOWN_KEYS;
  return (
    // Anywhere, not only at spaces: a long key must not widen the table past a 1280 px window.
    <div className="[overflow-wrap:anywhere]">
      <span className="text-slate-600">{label}:</span>{" "}
      {keys.length > 0 ? (
        <>
          {keys.slice(0, SHOWN_KEYS).join(", ")}
          {more > 0 && <span title={keys.join(", ")}> and {more} more</span>}
        </>
      ) : (
        <span className="text-slate-600">—</span>
      )}
    </div>
  );
}

export function UsersTable({
  users,
  orderBy,
  onSort,
}: {
  users: UserSummaryDto[];
  orderBy: UserListQuery["orderBy"];
  onSort: (orderBy: UserListQuery["orderBy"]) => void;
}) {
  const sortable = (label: string, field: SortableField) => (
    <SortHeader label={label} field={field} orderBy={orderBy} onSort={onSort} />
  );
  return (
    <DataTable
      caption="Users"
      stack
      columns={[
        sortable("Name", "first_name"),
        sortable("Email", "email_address"),
        sortable("Username", "username"),
        "User id",
        sortable("Created", "created_at"),
        sortable("Last active", "last_active_at"),
        "Metadata keys",
      ]}
    >
      {users.map((user) => (
        <tr key={user.id} className="hover:bg-slate-50">
          <td>
            <div className="flex items-center gap-2">
              <Avatar user={user} />
              <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
                <Link
                  href={`/users/${user.id}`}
                  className="font-medium text-blue-800 underline-offset-2 hover:underline"
                >
                  {user.fullName ?? user.username ?? user.primaryEmail ?? user.id}
                </Link>
                <StatusBadges banned={user.banned} locked={user.locked} />
              </div>
            </div>
          </td>
          <td className="break-words">
            {/* Broken before "@" and dots only: the table fits a 1280 px window with a filter. */}
            {user.primaryEmail ? (
              <EmailText address={user.primaryEmail} />
            ) : (
              <span className="text-slate-600">—</span>
            )}
          </td>
          <td data-label="Username" className="[overflow-wrap:anywhere]">
            {user.username ?? <span className="text-slate-600">—</span>}
          </td>
          <td>
            <div className="flex items-center gap-1.5">
              <code className="text-xs">{user.id}</code>
              <CopyButton value={user.id} label={`Copy user id ${user.id}`} />
            </div>
          </td>
          <td data-label="Created" className="whitespace-nowrap">
            {formatDate(user.createdAt)}
          </td>
          <td data-label="Last active" className="whitespace-nowrap">
            {formatDate(user.lastActiveAt)}
          </td>
          <td className="min-w-48 text-xs md:max-w-72">
            <MetadataKeys label="public" keys={user.metadataKeys.public} />
            <MetadataKeys label="private" keys={user.metadataKeys.private} />
            <MetadataKeys label="unsafe" keys={user.metadataKeys.unsafe} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
