"use client";

import { ReasonText } from "@/components/review/reason-text";
import { useState } from "react";
import { revertAuditEntryAction } from "@/app/(console)/audit/[entryId]/actions";
import { LazyJsonDiff } from "@/components/metadata/lazy-monaco";
import { FailurePanel } from "@/components/ui/failure-panel";
import type { MetadataAuditEntry } from "@/lib/audit/audit-entry";
import { BAG_LABELS, BAG_NAMES } from "@/lib/metadata/bags";
import { inverseBagPatch } from "@/lib/metadata/inverse-patch";
import { formatMetadataPath } from "@/lib/metadata/path";
import { useAction } from "@/components/ui/use-action";
import { touchedPaths } from "@/lib/metadata/rebase";
import { JsonBlock } from "@/components/ui/json-block";
import { formatDocument } from "@/lib/metadata/parse-document";
import { formatTimestamp } from "@/lib/format/time";
import { outsideChangeText } from "@/components/metadata/save-answer";
import { summarizeEntry } from "@/lib/audit/entry-summary";
import { Notice } from "@/components/ui/notice";
import { EntrySummaryLine } from "./entry-summary-line";
import { ActorRef, TargetUserRef } from "./people";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";
import { ReasonConfirmDialog } from "@/components/review/reason-confirm-dialog";
import { EntryHeading, Fact, Facts } from "./entry-facts";

type RevertAnswer = Awaited<ReturnType<typeof revertAuditEntryAction>>;

/** One audit entry: before → after per bag, the patch sent, and (for saved changes) Revert. */
export function AuditEntryView({
  entry,
  revertedBy,
  currentUpdatedAt,
  userName,
  canRevert: roleMayRevert,
  reasonRequired,
}: {
  entry: MetadataAuditEntry;
  /** The entries that reverted this one. */
  revertedBy: number[];
  currentUpdatedAt: number | null;
  /** The user as people know them, for the confirmation. */
  userName: string;
  canRevert: boolean;
  /** The review policy's setting: every write needs a reason (the server checks again). */
  reasonRequired: boolean;
}) {
  const [result, setResult] = useState<RevertAnswer | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const { pending: reverting, run } = useAction("Nothing was reverted.");
  const canRevert =
    roleMayRevert &&
    entry.outcome === "success" &&
    entry.before !== null &&
    currentUpdatedAt !== null;

  const inverse = entry.before ? inverseBagPatch(entry.before, entry.patch) : {};
  const restored = BAG_NAMES.flatMap((bag) =>
    touchedPaths(inverse[bag] ?? {}).map((keys) => formatMetadataPath({ bag, keys })),
  );

  const revert = () => {
    setConfirming(false);
    run(
      () => revertAuditEntryAction({ entryId: entry.id, baseUpdatedAt: currentUpdatedAt, reason }),
      setResult,
    );
  };

  return (
    <section className="space-y-4">
      <EntryHeading id={entry.id} outcome={entry.outcome} />
      <Facts occurredAt={entry.occurredAt}>
        <Fact term="User">
          <TargetUserRef userId={entry.targetUserId} target={entry.target} />
        </Fact>
        <Fact term="Actor">
          <ActorRef actor={entry.actor} />
        </Fact>
        <Fact term="Change">
          <EntrySummaryLine summary={summarizeEntry(entry)} />
        </Fact>
        {entry.bulkJobId !== null && (
          <Fact term="Bulk job">
            <TextLink tone="quiet" href={`/flags/bulk/${entry.bulkJobId}`} className="font-mono">
              {entry.bulkJobId}
            </TextLink>
          </Fact>
        )}
        {entry.changeRequestId !== null && (
          <Fact term="Change request">
            <TextLink tone="quiet" href={`/reviews/${entry.changeRequestId}`}>
              request #{entry.changeRequestId}
            </TextLink>
          </Fact>
        )}
        {entry.reason && (
          <Fact term="Reason">
            <ReasonText reason={entry.reason} />
          </Fact>
        )}
        {entry.revertOf !== null && (
          <Fact term="Reverts">
            <TextLink tone="quiet" href={`/audit/${entry.revertOf}`}>
              entry #{entry.revertOf}
            </TextLink>
          </Fact>
        )}
        {revertedBy.length > 0 && (
          <Fact term="Reverted by" className="flex flex-wrap gap-x-2">
            {revertedBy.map((id) => (
              <TextLink tone="quiet" key={id} href={`/audit/${id}`}>
                entry #{id}
              </TextLink>
            ))}
          </Fact>
        )}
        {entry.clerkStatus !== null && (
          <Fact term="Clerk" className="font-mono">
            {entry.clerkStatus} {entry.clerkCode}{" "}
            {entry.clerkTraceId && `· trace ${entry.clerkTraceId}`}
          </Fact>
        )}
        {entry.message && <Fact term="Message">{entry.message}</Fact>}
      </Facts>

      {entry.bags.map((bag) => (
        <div key={bag} className="space-y-1">
          <h2 className="font-medium">{BAG_LABELS[bag]}: before and after</h2>
          {entry.before && entry.after ? (
            <div className="overflow-hidden rounded border border-slate-300">
              <LazyJsonDiff
                original={formatDocument(entry.before[bag])}
                modified={formatDocument(entry.after[bag])}
                label={`Diff of ${bag}`}
              />
            </div>
          ) : (
            <p className="text-sm text-slate-700">
              Nothing was written; the patch that was attempted is below.
            </p>
          )}
        </div>
      ))}
      <div className="space-y-1">
        <h2 className="font-medium">Patch</h2>
        <JsonBlock value={entry.patch} testId="audit-patch" />
      </div>

      {canRevert && (
        <div className="space-y-2">
          <Button
            tone="primary"
            onClick={() => setConfirming(true)}
            disabled={reverting || result?.ok === true}
          >
            {reverting ? "Reverting…" : "Revert"}
          </Button>
          <p className="text-sm text-slate-700">
            Restores the previous values of exactly the keys this entry changed.
          </p>
        </div>
      )}
      <ReasonConfirmDialog
        open={confirming}
        title={`Restore ${restored.length} ${restored.length === 1 ? "key" : "keys"} on ${userName}?`}
        confirmLabel="Revert"
        tone="danger"
        busy={reverting}
        reason={reason}
        onReasonChange={setReason}
        reasonRequired={reasonRequired}
        onCancel={() => setConfirming(false)}
        onConfirm={revert}
      >
        <p>These keys get back the values they had before entry #{entry.id}:</p>
        <ul className="my-2 list-inside list-disc font-mono text-xs">
          {restored.map((path) => (
            <li key={path}>{path}</li>
          ))}
        </ul>
        <p>The merge patch sent:</p>
        <JsonBlock value={inverse} testId="revert-patch" compact />
      </ReasonConfirmDialog>
      {result?.ok && result.value.kind === "requested" && (
        <Notice tone="success">
          This revert changes a protected path, so it was sent for review: nothing changes on the
          user until it is approved.{" "}
          <TextLink tone="inherit" href={`/reviews/${result.value.requestId}`}>
            Open request #{result.value.requestId}
          </TextLink>
        </Notice>
      )}
      {result?.ok && result.value.kind === "saved" && (
        <Notice tone="success">
          Reverted. Clerk updated the user at {formatTimestamp(result.value.user.updatedAt)}.
          {outsideChangeText(result.value.changedOutside)}{" "}
          <TextLink tone="inherit" href={`/users/${entry.targetUserId}`}>
            Open the user
          </TextLink>
        </Notice>
      )}
      {result &&
        !result.ok &&
        (result.error.kind === "clerk" || result.error.kind === "network" ? (
          <FailurePanel title="Not reverted." failure={result.error} onRetry={revert} />
        ) : (
          <Notice tone="error">Not reverted. {result.error.message}</Notice>
        ))}
    </section>
  );
}
