import { STAFF_EVENT_LABELS, type StaffAuditEntry } from "@/lib/audit/staff-event";
import { formatTimestamp } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { OutcomeBadge } from "./outcome-badge";
import { ActorRef } from "./people";

const FIELDS = ["email", "name", "role", "disabled"] as const;

function show(value: string | boolean | undefined): string {
  return value === undefined ? "—" : typeof value === "boolean" ? (value ? "yes" : "no") : value;
}

/** One staff or sign-in event: who did what to which account, and the account before and after. */
export function StaffEventView({ entry }: { entry: StaffAuditEntry }) {
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Audit entry #{entry.id}</h1>
        <Badge>{STAFF_EVENT_LABELS[entry.event]}</Badge>
        <OutcomeBadge outcome={entry.outcome} done />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm">
        <dt className="font-medium">When</dt>
        <dd>{formatTimestamp(entry.occurredAt)}</dd>
        <dt className="font-medium">Staff account</dt>
        <dd>{entry.target.email}</dd>
        <dt className="font-medium">Actor</dt>
        <dd>
          <ActorRef actor={entry.actor} none="— (no one signed in)" />
        </dd>
        {entry.message && (
          <>
            <dt className="font-medium">Message</dt>
            <dd>{entry.message}</dd>
          </>
        )}
      </dl>
      {(entry.before || entry.after) && (
        <DataTable caption="The account before and after" columns={["Field", "Before", "After"]}>
          {FIELDS.map((field) => (
            <tr key={field}>
              <th scope="row" className="text-left font-medium">
                {field}
              </th>
              <td>{show(entry.before?.[field])}</td>
              <td>{show(entry.after?.[field])}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="text-sm text-slate-700">
        Passwords and their hashes are never written to the audit log.
      </p>
    </section>
  );
}
