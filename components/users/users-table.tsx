"use client";

import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { StatusBadges } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { UserSummaryDto } from "@/lib/clerk/user-dto";
import { formatDate } from "@/lib/format/time";
import type { SortableField, UserListQuery } from "@/lib/users/user-list-query";
import { DataTable } from "@/components/ui/data-table";
import { SortHeader } from "./sort-header";

function MetadataKeys({ label, keys }: { label: string; keys: string[] }) {
  return (
    <div className="truncate" title={keys.join(", ")}>
      <span className="text-slate-500">{label}:</span>{" "}
      {keys.length > 0 ? keys.join(", ") : <span className="text-slate-400">—</span>}
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
              <Link
                href={`/users/${user.id}`}
                className="font-medium text-blue-800 underline-offset-2 hover:underline"
              >
                {user.fullName ?? user.username ?? user.primaryEmail ?? user.id}
              </Link>
              <StatusBadges banned={user.banned} locked={user.locked} />
            </div>
          </td>
          <td>{user.primaryEmail ?? <span className="text-slate-400">—</span>}</td>
          <td>{user.username ?? <span className="text-slate-400">—</span>}</td>
          <td>
            <div className="flex items-center gap-1.5">
              <code className="text-xs">{user.id}</code>
              <CopyButton value={user.id} label={`Copy user id ${user.id}`} />
            </div>
          </td>
          <td className="whitespace-nowrap">{formatDate(user.createdAt)}</td>
          <td className="whitespace-nowrap">{formatDate(user.lastActiveAt)}</td>
          <td className="max-w-72 text-xs">
            <MetadataKeys label="public" keys={user.metadataKeys.public} />
            <MetadataKeys label="private" keys={user.metadataKeys.private} />
            <MetadataKeys label="unsafe" keys={user.metadataKeys.unsafe} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
