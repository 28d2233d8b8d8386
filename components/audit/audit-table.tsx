import Link from "next/link";
import type { AuditEntry, MetadataAuditEntry } from "@/lib/audit/audit-entry";
import { STAFF_EVENT_LABELS, staffChanges, type StaffAuditEntry } from "@/lib/audit/staff-event";
import { formatTimestamp } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { OutcomeBadge } from "./outcome-badge";

const link = "text-blue-800 underline-offset-2 hover:underline";

function MetadataCells({ entry, showTarget }: { entry: MetadataAuditEntry; showTarget: boolean }) {
  return (
    <>
      {showTarget && (
        <td>
          <Link href={`/users/${entry.targetUserId}`} className={`font-mono text-xs ${link}`}>
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
    </>
  );
}

function StaffCells({ entry, showTarget }: { entry: StaffAuditEntry; showTarget: boolean }) {
  return (
    <>
      {showTarget && (
        <td className="text-xs">
          <span className="mr-1 text-slate-600">staff</span>
          {entry.target.email}
        </td>
      )}
      <td>{entry.actor?.email ?? <span className="text-slate-500">—</span>}</td>
      <td>
        <Badge>{STAFF_EVENT_LABELS[entry.event]}</Badge>
      </td>
      <td>
        <OutcomeBadge outcome={entry.outcome} done />
      </td>
      <td className="text-xs text-slate-700">
        {[...staffChanges(entry), entry.message].filter(Boolean).join("; ")}
      </td>
    </>
  );
}

/** Audit entries, newest first; each opens its own page. */
export function AuditTable({
  entries,
  showTarget = true,
  empty,
}: {
  entries: AuditEntry[];
  showTarget?: boolean;
  empty: string;
}) {
  const columns = [
    "When",
    ...(showTarget ? ["Target"] : []),
    "Actor",
    "Change",
    "Outcome",
    "Details",
  ];
  return (
    <DataTable caption="Audit entries" columns={columns} empty={empty}>
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td className="whitespace-nowrap">
            <Link href={`/audit/${entry.id}`} className={link}>
              {formatTimestamp(entry.occurredAt)}
            </Link>
          </td>
          {entry.kind === "staff" ? (
            <StaffCells entry={entry} showTarget={showTarget} />
          ) : (
            <MetadataCells entry={entry} showTarget={showTarget} />
          )}
        </tr>
      ))}
    </DataTable>
  );
}
