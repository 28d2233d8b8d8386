import type { UsersExportAuditEntry } from "@/lib/audit/export-event";
import { TextLink } from "@/components/ui/text-link";
import { exportedViewHref, rowsText } from "./export-summary";
import { ActorRef } from "./people";
import { EntryHeading, Fact, Facts } from "./entry-facts";

/** One CSV export of users: who exported which users' data, with which columns, and how many. */
export function ExportEventView({ entry }: { entry: UsersExportAuditEntry }) {
  const { details } = entry;
  return (
    <section className="space-y-4">
      <EntryHeading id={entry.id} kind="CSV export" outcome={entry.outcome} />
      <Facts occurredAt={entry.occurredAt}>
        <Fact term="Actor">
          <ActorRef actor={entry.actor} />
        </Fact>
        <Fact term="Filter">
          {details.where ? <code className="break-all">{details.where}</code> : "— (every user)"}
        </Fact>
        <Fact term="Search">
          {details.query ? <span className="break-all">{details.query}</span> : "—"}
        </Fact>
        <Fact term="Columns" className="font-mono break-words">
          {["id", "primary_email", "name", ...details.paths].join(", ")}
        </Fact>
        <Fact term="Rows">
          {rowsText(details.rows)}
          {entry.outcome === "incomplete" && " (incomplete)"}
        </Fact>
        {entry.message && <Fact term="Message">{entry.message}</Fact>}
      </Facts>
      <p className="text-sm">
        <TextLink tone="quiet" href={exportedViewHref(details)}>
          Open these users
        </TextLink>{" "}
        <span className="text-slate-700">(as the index lists them now)</span>
      </p>
    </section>
  );
}
