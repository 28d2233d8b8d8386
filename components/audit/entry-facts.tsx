import type { ReactNode } from "react";
import type { AuditOutcome } from "@/lib/audit/audit-entry";
import { formatTimestamp } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { OutcomeBadge } from "./outcome-badge";

/** The top of an audit entry's page: its number, its kind (for events) and its outcome. */
export function EntryHeading({
  id,
  kind,
  outcome,
}: {
  id: number;
  /** What kind of event, for entries that are not metadata writes. */
  kind?: string;
  outcome: AuditOutcome;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h1 className="text-2xl font-semibold tracking-tight">Audit entry #{id}</h1>
      {kind && <Badge>{kind}</Badge>}
      <OutcomeBadge outcome={outcome} done={kind !== undefined} />
    </div>
  );
}

/** An audit entry's facts, "When" first: a term and its value per row. */
export function Facts({ occurredAt, children }: { occurredAt: number; children: ReactNode }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm">
      <Fact term="When">{formatTimestamp(occurredAt)}</Fact>
      {children}
    </dl>
  );
}

export function Fact({
  term,
  className,
  children,
}: {
  term: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <>
      <dt className="font-medium">{term}</dt>
      <dd className={className}>{children}</dd>
    </>
  );
}
