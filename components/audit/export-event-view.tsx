import Link from "next/link";
import type { UsersExportAuditEntry } from "@/lib/audit/export-event";
import { formatTimestamp } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { exportedViewHref, rowsText } from "./export-summary";
import { OutcomeBadge } from "./outcome-badge";
import { ActorRef } from "./people";

const link = "text-blue-800 underline-offset-2 hover:underline";

/** One CSV export of users: who exported which users' data, with which columns, and how many. */
export function ExportEventView({ entry }: { entry: UsersExportAuditEntry }) {
  const { details } = entry;
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Audit entry #{entry.id}</h1>
        <Badge>CSV export</Badge>
        <OutcomeBadge outcome={entry.outcome} done />
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm">
        <dt className="font-medium">When</dt>
        <dd>{formatTimestamp(entry.occurredAt)}</dd>
        <dt className="font-medium">Actor</dt>
        <dd>
          <ActorRef actor={entry.actor} />
        </dd>
        <dt className="font-medium">Filter</dt>
        <dd>
          <code className="break-all">{details.where}</code>
        </dd>
        <dt className="font-medium">Search</dt>
        <dd>{details.query ? <span className="break-all">{details.query}</span> : "—"}</dd>
        <dt className="font-medium">Columns</dt>
        <dd className="font-mono break-words">
          {["id", "primary_email", "name", ...details.paths].join(", ")}
        </dd>
        <dt className="font-medium">Rows</dt>
        <dd>
          {rowsText(details.rows)}
          {entry.outcome === "incomplete" && " (incomplete)"}
        </dd>
        {entry.message && (
          <>
            <dt className="font-medium">Message</dt>
            <dd>{entry.message}</dd>
          </>
        )}
      </dl>
      <p className="text-sm">
        <Link href={exportedViewHref(details)} className={link}>
          Open these users
        </Link>{" "}
        <span className="text-slate-700">(as the index lists them now)</span>
      </p>
    </section>
  );
}
