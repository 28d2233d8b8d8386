import Link from "next/link";
import type { AuditEntry } from "@/lib/audit/audit-entry";
import { formatTimestamp } from "@/lib/format/time";
import { DataTable } from "@/components/ui/data-table";
import { OutcomeBadge } from "./outcome-badge";

/** Audit entries, newest first; each opens its diff. */
export function AuditTable({
  entries,
  showTarget = true,
  empty,
}: {
  entries: AuditEntry[];
  showTarget?: boolean;
  empty: string;
}) {
  const columns = ["When", ...(showTarget ? ["User"] : []), "Actor", "Bags", "Outcome", "Details"];
  return (
    <DataTable caption="Audit entries" columns={columns} empty={empty}>
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td className="whitespace-nowrap">
            <Link
              href={`/audit/${entry.id}`}
              className="text-blue-800 underline-offset-2 hover:underline"
            >
              {formatTimestamp(entry.occurredAt)}
            </Link>
          </td>
          {showTarget && (
            <td>
              <Link
                href={`/users/${entry.targetUserId}`}
                className="font-mono text-xs text-blue-800 hover:underline"
              >
                {entry.targetUserId}
              </Link>
            </td>
          )}
          <td>{entry.actor?.email ?? <span className="text-slate-500">—</span>}</td>
          <td className="font-mono text-xs">{entry.bags.join(", ") || "—"}</td>
          <td>
            <OutcomeBadge outcome={entry.outcome} />
            {entry.revertOf !== null && (
              <span className="ml-1 text-xs text-slate-600">revert of #{entry.revertOf}</span>
            )}
          </td>
          <td className="text-xs text-slate-700">
            {entry.clerkStatus !== null && `${entry.clerkStatus} ${entry.clerkCode ?? ""} `}
            {entry.message}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
