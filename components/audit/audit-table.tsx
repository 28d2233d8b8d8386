import Link from "next/link";
import type { AuditEntry } from "@/lib/audit/audit-entry";
import { formatTimestamp } from "@/lib/format/time";
import { OutcomeBadge } from "./outcome-badge";
import { HeaderCell } from "@/components/ui/header-cell";

/** Audit entries, newest first; each opens its diff. */
export function AuditTable({
  entries,
  showTarget = true,
}: {
  entries: AuditEntry[];
  showTarget?: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Audit entries</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-slate-700">
          <tr>
            <HeaderCell>When</HeaderCell>
            {showTarget && <HeaderCell>User</HeaderCell>}
            <HeaderCell>Actor</HeaderCell>
            <HeaderCell>Bags</HeaderCell>
            <HeaderCell>Outcome</HeaderCell>
            <HeaderCell>Details</HeaderCell>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} className="border-b border-slate-100 last:border-0">
              <td className="whitespace-nowrap px-3 py-2">
                <Link
                  href={`/audit/${entry.id}`}
                  className="text-blue-800 underline-offset-2 hover:underline"
                >
                  {formatTimestamp(entry.occurredAt)}
                </Link>
              </td>
              {showTarget && (
                <td className="px-3 py-2">
                  <Link
                    href={`/users/${entry.targetUserId}`}
                    className="font-mono text-xs text-blue-800 hover:underline"
                  >
                    {entry.targetUserId}
                  </Link>
                </td>
              )}
              <td className="px-3 py-2">
                {entry.actor?.email ?? <span className="text-slate-500">—</span>}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{entry.bags.join(", ") || "—"}</td>
              <td className="px-3 py-2">
                <OutcomeBadge outcome={entry.outcome} />
                {entry.revertOf !== null && (
                  <span className="ml-1 text-xs text-slate-600">revert of #{entry.revertOf}</span>
                )}
              </td>
              <td className="px-3 py-2 text-xs text-slate-700">
                {entry.clerkStatus !== null && `${entry.clerkStatus} ${entry.clerkCode ?? ""} `}
                {entry.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
