"use client";

import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { StatusBadges } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import type { UserSummaryDto } from "@/lib/clerk/user-dto";
import { formatDate } from "@/lib/format/time";
import type { UserListQuery } from "@/lib/users/user-list-query";
import { SortHeader } from "./sort-header";
import { HeaderCell } from "@/components/ui/header-cell";

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
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <SortHeader label="Name" field="first_name" orderBy={orderBy} onSort={onSort} />
            <SortHeader label="Email" field="email_address" orderBy={orderBy} onSort={onSort} />
            <SortHeader label="Username" field="username" orderBy={orderBy} onSort={onSort} />
            <HeaderCell>User id</HeaderCell>
            <SortHeader label="Created" field="created_at" orderBy={orderBy} onSort={onSort} />
            <SortHeader
              label="Last active"
              field="last_active_at"
              orderBy={orderBy}
              onSort={onSort}
            />
            <HeaderCell>Metadata keys</HeaderCell>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
              <td className="px-3 py-2">
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
              <td className="px-3 py-2">
                {user.primaryEmail ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2">
                {user.username ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2">
                <div className="flex items-center gap-1.5">
                  <code className="text-xs">{user.id}</code>
                  <CopyButton value={user.id} label={`Copy user id ${user.id}`} />
                </div>
              </td>
              <td className="whitespace-nowrap px-3 py-2">{formatDate(user.createdAt)}</td>
              <td className="whitespace-nowrap px-3 py-2">{formatDate(user.lastActiveAt)}</td>
              <td className="max-w-72 px-3 py-2 text-xs">
                <MetadataKeys label="public" keys={user.metadataKeys.public} />
                <MetadataKeys label="private" keys={user.metadataKeys.private} />
                <MetadataKeys label="unsafe" keys={user.metadataKeys.unsafe} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
