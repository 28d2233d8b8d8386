import { REVIEW_EVENT_LABELS, type ReviewAuditEntry } from "@/lib/audit/review-event";
import { TextLink } from "@/components/ui/text-link";
import { JsonBlock } from "@/components/ui/json-block";
import { ReasonText } from "@/components/review/reason-text";
import { ActorRef, TargetUserRef } from "./people";
import { EntryHeading, Fact, Facts } from "./entry-facts";

/** One step of a change request: who did it, to which request, and the patch it was about. */
export function ReviewEventView({ entry }: { entry: ReviewAuditEntry }) {
  return (
    <section className="space-y-4">
      <EntryHeading id={entry.id} kind={REVIEW_EVENT_LABELS[entry.event]} outcome={entry.outcome} />
      <Facts occurredAt={entry.occurredAt}>
        <Fact term="Change request">
          <TextLink tone="quiet" href={`/reviews/${entry.changeRequestId}`}>
            request #{entry.changeRequestId}
          </TextLink>
        </Fact>
        <Fact term="User">
          <TargetUserRef userId={entry.targetUserId} target={entry.target} />
        </Fact>
        <Fact term="Actor">
          <ActorRef actor={entry.actor} none="— (expired on its own)" />
        </Fact>
        {entry.reason && (
          <Fact term="Reason">
            <ReasonText reason={entry.reason} />
          </Fact>
        )}
        {entry.message && (
          <Fact
            term={entry.outcome === "refused" ? "Refused" : "Comment"}
            className="break-words whitespace-pre-wrap"
          >
            {entry.message}
          </Fact>
        )}
      </Facts>
      <div className="space-y-1">
        <h2 className="font-medium">The request&apos;s merge patch at the time</h2>
        <JsonBlock value={entry.patch} />
      </div>
    </section>
  );
}
