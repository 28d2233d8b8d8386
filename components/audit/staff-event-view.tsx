import { STAFF_EVENT_LABELS, type StaffAuditEntry } from "@/lib/audit/staff-event";
import { DataTable } from "@/components/ui/data-table";
import { ActorRef } from "./people";
import { EntryHeading, Fact, Facts } from "./entry-facts";

const FIELDS = ["email", "name", "role", "disabled"] as const;

function show(value: string | boolean | undefined): string {
  return value === undefined ? "—" : typeof value === "boolean" ? (value ? "yes" : "no") : value;
}

/** One staff or sign-in event: who did what to which account, and the account before and after. */
export function StaffEventView({ entry }: { entry: StaffAuditEntry }) {
  return (
    <section className="space-y-4">
      <EntryHeading id={entry.id} kind={STAFF_EVENT_LABELS[entry.event]} outcome={entry.outcome} />
      <Facts occurredAt={entry.occurredAt}>
        <Fact term="Staff account">{entry.target.email}</Fact>
        <Fact term="Actor">
          <ActorRef actor={entry.actor} none="— (no one signed in)" />
        </Fact>
        {entry.message && <Fact term="Message">{entry.message}</Fact>}
      </Facts>
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
