import {
  AUDIT_OUTCOME_LABELS,
  type AuditEntry,
  type AuditOutcome,
  type MetadataAuditEntry,
} from "@/lib/audit/audit-entry";
import type { BulkJobFold } from "@/lib/audit/audit-log";
import { summarizeEntry } from "@/lib/audit/entry-summary";
import type { UsersExportAuditEntry } from "@/lib/audit/export-event";
import { REVIEW_EVENT_LABELS, type ReviewAuditEntry } from "@/lib/audit/review-event";
import { STAFF_EVENT_LABELS, staffChanges, type StaffAuditEntry } from "@/lib/audit/staff-event";
import { formatTimestamp } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { EntrySummaryLine } from "./entry-summary-line";
import { ExportSummary, ExportTarget } from "./export-summary";
import { OutcomeBadge } from "./outcome-badge";
import { ActorRef, TargetUserRef } from "./people";
import { EmailText } from "@/components/ui/email-text";
import { TextLink } from "@/components/ui/text-link";

function failureText(entry: MetadataAuditEntry): string | null {
  const clerk = entry.clerkStatus !== null ? `${entry.clerkStatus} ${entry.clerkCode ?? ""}` : "";
  return [clerk.trim(), entry.message].filter(Boolean).join(" · ") || null;
}

/** "3 saved, 1 conflict": a folded bulk job's outcomes, most common first. */
function foldOutcomes(fold: BulkJobFold): string {
  return Object.entries(fold.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, n]) => `${n} ${AUDIT_OUTCOME_LABELS[outcome as AuditOutcome].toLowerCase()}`)
    .join(", ");
}

function MetadataCells({
  entry,
  showTarget,
  fold,
}: {
  entry: MetadataAuditEntry;
  showTarget: boolean;
  /** The entry stands for its whole bulk job: one row, opening to the job's users. */
  fold?: BulkJobFold;
}) {
  const note = failureText(entry);
  if (fold && entry.bulkJobId)
    return (
      <>
        {showTarget && (
          <td>
            <TextLink href={`/audit?job=${encodeURIComponent(entry.bulkJobId)}`}>
              {fold.entries} {fold.entries === 1 ? "user" : "users"}
            </TextLink>
            <span className="block font-mono text-xs text-slate-700">{entry.bulkJobId}</span>
          </td>
        )}
        <td>
          <ActorRef actor={entry.actor} />
        </td>
        <td>
          <Badge>Bulk job</Badge> <EntrySummaryLine summary={summarizeEntry(entry)} />
        </td>
        <td className="text-sm">{foldOutcomes(fold)}</td>
      </>
    );
  return (
    <>
      {showTarget && (
        <td>
          <TargetUserRef userId={entry.targetUserId} target={entry.target} />
        </td>
      )}
      <td>
        <ActorRef actor={entry.actor} />
      </td>
      <td>
        <EntrySummaryLine summary={summarizeEntry(entry)} />
        {note && <span className="block text-xs text-slate-700">{note}</span>}
      </td>
      <td>
        <OutcomeBadge outcome={entry.outcome} />
      </td>
    </>
  );
}

function StaffCells({ entry, showTarget }: { entry: StaffAuditEntry; showTarget: boolean }) {
  return (
    <>
      {showTarget && (
        <td>
          <span className="mr-1 text-slate-600">staff</span>
          <EmailText address={entry.target.email} />
        </td>
      )}
      <td>
        <ActorRef actor={entry.actor} />
      </td>
      <td>
        <Badge>{STAFF_EVENT_LABELS[entry.event]}</Badge>{" "}
        <span className="text-xs text-slate-700">
          {[...staffChanges(entry), entry.message].filter(Boolean).join("; ")}
        </span>
      </td>
      <td>
        <OutcomeBadge outcome={entry.outcome} done />
      </td>
    </>
  );
}

function ReviewCells({ entry, showTarget }: { entry: ReviewAuditEntry; showTarget: boolean }) {
  return (
    <>
      {showTarget && (
        <td>
          <TargetUserRef userId={entry.targetUserId} target={entry.target} />
        </td>
      )}
      <td>
        <ActorRef actor={entry.actor} none="— (expired on its own)" />
      </td>
      <td>
        <Badge>{REVIEW_EVENT_LABELS[entry.event]}</Badge>{" "}
        {/* Underlined: it sits in a line of text, where colour alone would not set it apart. */}
        <TextLink href={`/reviews/${entry.changeRequestId}`}>
          request #{entry.changeRequestId}
        </TextLink>
        {entry.message && (
          <span className="block text-xs break-words text-slate-700">{entry.message}</span>
        )}
      </td>
      <td>
        <OutcomeBadge outcome={entry.outcome} done />
      </td>
    </>
  );
}

function ExportCells({ entry, showTarget }: { entry: UsersExportAuditEntry; showTarget: boolean }) {
  return (
    <>
      {showTarget && (
        <td>
          <ExportTarget details={entry.details} />
        </td>
      )}
      <td>
        <ActorRef actor={entry.actor} />
      </td>
      <td>
        <ExportSummary details={entry.details} />
      </td>
      <td>
        <OutcomeBadge outcome={entry.outcome} done />
      </td>
    </>
  );
}

/** Audit entries, newest first; each opens its own page. Cards on a narrow screen. */
export function AuditTable({
  entries,
  showTarget = true,
  empty,
  bulkJobs = {},
}: {
  entries: AuditEntry[];
  showTarget?: boolean;
  empty: string;
  /** Bulk jobs shown as one row each (the entry listed is the job's first), by job id. */
  bulkJobs?: Record<string, BulkJobFold>;
}) {
  const columns = ["When", ...(showTarget ? ["Target"] : []), "Actor", "Details", "Outcome"];
  return (
    <DataTable caption="Audit entries" columns={columns} empty={empty} stack>
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td className="whitespace-nowrap">
            <TextLink tone="quiet" href={`/audit/${entry.id}`}>
              {formatTimestamp(entry.occurredAt)}
            </TextLink>
          </td>
          {entry.kind === "staff" ? (
            <StaffCells entry={entry} showTarget={showTarget} />
          ) : entry.kind === "export" ? (
            <ExportCells entry={entry} showTarget={showTarget} />
          ) : entry.kind === "review" ? (
            <ReviewCells entry={entry} showTarget={showTarget} />
          ) : (
            <MetadataCells
              entry={entry}
              showTarget={showTarget}
              fold={entry.bulkJobId ? bulkJobs[entry.bulkJobId] : undefined}
            />
          )}
        </tr>
      ))}
    </DataTable>
  );
}
