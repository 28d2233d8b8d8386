import Link from "next/link";
import { REVIEW_EVENT_LABELS, type ReviewAuditEntry } from "@/lib/audit/review-event";
import { formatTimestamp } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { JsonBlock } from "@/components/ui/json-block";
import { ReasonText } from "@/components/review/reason-text";
import { OutcomeBadge } from "./outcome-badge";
import { ActorRef, TargetUserRef } from "./people";

const link = "text-blue-800 underline-offset-2 hover:underline";

/** One step of a change request: who did it, to which request, and the patch it was about. */
export function ReviewEventView({ entry }: { entry: ReviewAuditEntry }) {
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Audit entry #{entry.id}</h1>
        <Badge>{REVIEW_EVENT_LABELS[entry.event]}</Badge>
        <OutcomeBadge outcome={entry.outcome} done />
      </div>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm">
        <dt className="font-medium">When</dt>
        <dd>{formatTimestamp(entry.occurredAt)}</dd>
        <dt className="font-medium">Change request</dt>
        <dd>
          <Link href={`/reviews/${entry.changeRequestId}`} className={link}>
            request #{entry.changeRequestId}
          </Link>
        </dd>
        <dt className="font-medium">User</dt>
        <dd>
          <TargetUserRef userId={entry.targetUserId} target={entry.target} />
        </dd>
        <dt className="font-medium">Actor</dt>
        <dd>
          <ActorRef actor={entry.actor} none="— (expired on its own)" />
        </dd>
        {entry.reason && (
          <>
            <dt className="font-medium">Reason</dt>
            <dd>
              <ReasonText reason={entry.reason} />
            </dd>
          </>
        )}
        {entry.message && (
          <>
            <dt className="font-medium">{entry.outcome === "refused" ? "Refused" : "Comment"}</dt>
            <dd className="break-words whitespace-pre-wrap">{entry.message}</dd>
          </>
        )}
      </dl>
      <div className="space-y-1">
        <h2 className="font-medium">The request&apos;s merge patch at the time</h2>
        <JsonBlock value={entry.patch} />
      </div>
    </section>
  );
}
