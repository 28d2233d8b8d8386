import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";
import { notFound } from "next/navigation";
import { AuditTable } from "@/components/audit/audit-table";
import { ActorRef, TargetUserRef } from "@/components/audit/people";
import { BagDiffs } from "@/components/review/bag-diffs";
import { BulkPlan } from "@/components/review/bulk-plan";
import { CommentForm } from "@/components/review/comment-form";
import { ReasonText } from "@/components/review/reason-text";
import { RebaseResolver } from "@/components/review/rebase-resolver";
import { RequestActions } from "@/components/review/request-actions";
import { RulesNeeded } from "@/components/review/rules-needed";
import { RequestStatusBadge } from "@/components/review/status-badge";
import { FailurePanel } from "@/components/ui/failure-panel";
import { JsonBlock } from "@/components/ui/json-block";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAccess } from "@/lib/auth/guards";
import { readRequestView, wouldNotCount } from "@/lib/review/requests/request-reads";
import type { MetadataAuditEntry } from "@/lib/audit/audit-entry";
import { formatTimestamp } from "@/lib/format/time";
import { BAG_NAMES, type Bags } from "@/lib/metadata/bags";
import { isConflict } from "@/lib/metadata/conflict";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import { approvalProgress, mayApprove } from "@/lib/review/rules/approvals";
import { isFinal, namesRole } from "@/lib/review/rules/change-request";
import { conflictsSinceBase, rebaseBags } from "@/lib/review/rules/request-rebase";
import { userBags } from "@/lib/users/user-bags";

export const metadata: Metadata = { title: "Change request" };
export const dynamic = "force-dynamic";

/** A change request: what it does to the user as Clerk has them now, who approved, and the steps. */
export default async function ChangeRequestPage({
  params,
}: {
  params: Promise<{ requestId: string }>;
}) {
  const { requestId } = await params;
  const staff = await requirePageAccess("users:read", `/reviews/${requestId}`);
  if (!/^[1-9][0-9]{0,14}$/.test(requestId)) notFound();
  const view = await readRequestView(Number(requestId));
  if (!view) notFound();
  const { request, comments, history, current, job } = view;
  const round = view.approvals.filter((a) => a.round === request.round);
  const progress = approvalProgress(request.rules, round, request.author.id);
  const open = !isFinal(request.status);
  const isAuthor = staff.id === request.author.id;
  const approver = namesRole(request.rules, staff.role);
  const approval = mayApprove(request.rules, round, request.author.id, {
    staffId: staff.id,
    role: staff.role,
  });
  const canApprove = request.status === "open" && approval.ok;
  // Said rather than leaving the person to wonder where Approve went.
  const whyNoApprove = request.status === "open" && !approval.ok ? approval.error.message : null;
  const missing = progress.reduce((sum, rule) => sum + Math.max(0, rule.need - rule.have), 0);
  const notCounting = canApprove ? await wouldNotCount(request, staff.id, round) : null;
  const now = current.ok ? current.value : null;
  const nowBags: Bags | null = now ? userBags(now) : null;
  const changedSinceBase =
    now && nowBags
      ? isConflict(
          { updatedAt: now.updatedAt, bags: nowBags },
          { updatedAt: request.baseUpdatedAt, bags: request.base, scope: "keys" },
          request.patch,
        )
      : false;
  const touchedBags = BAG_NAMES.filter((bag) => request.patch[bag]);
  // The audit entry of the write that applied it, when it was: who applied it and what it did.
  const appliedWrite = history.find(
    (entry): entry is MetadataAuditEntry =>
      entry.kind === "metadata" && entry.id === request.appliedEntryId,
  );
  const userName = request.user.name ?? request.user.email ?? request.user.id;

  return (
    <section className="space-y-5">
      <PageHeader
        trail={
          <TextLink tone="quiet" href="/reviews">
            Reviews
          </TextLink>
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            Request #{request.id} <RequestStatusBadge status={request.status} />
          </span>
        }
      />
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-md border border-slate-200 bg-white p-4 text-sm">
        <dt className="font-medium">User</dt>
        <dd>
          <TargetUserRef
            userId={request.user.id}
            target={{ name: request.user.name, email: request.user.email }}
          />
        </dd>
        <dt className="font-medium">Author</dt>
        <dd>
          <ActorRef actor={request.author} />
        </dd>
        <dt className="font-medium">Requested</dt>
        <dd>{formatTimestamp(request.createdAt)}</dd>
        {open && (
          <>
            <dt className="font-medium">Expires</dt>
            <dd>{formatTimestamp(request.expiresAt)}</dd>
          </>
        )}
        {request.closedAt !== null && (
          <>
            <dt className="font-medium">Closed</dt>
            <dd>{formatTimestamp(request.closedAt)}</dd>
          </>
        )}
        <dt className="font-medium">Reason</dt>
        <dd>{request.reason ? <ReasonText reason={request.reason} /> : "—"}</dd>
        {request.revertOf !== null && (
          <>
            <dt className="font-medium">Reverts</dt>
            <dd>
              <TextLink tone="quiet" href={`/audit/${request.revertOf}`}>
                entry #{request.revertOf}
              </TextLink>
            </dd>
          </>
        )}
        {request.appliedEntryId !== null && (
          <>
            <dt className="font-medium">Applied by</dt>
            <dd>
              <TextLink tone="quiet" href={`/audit/${request.appliedEntryId}`}>
                entry #{request.appliedEntryId}
              </TextLink>
            </dd>
          </>
        )}
      </dl>

      <RulesNeeded rules={request.rules} />
      <section aria-labelledby="approvals-heading" className="space-y-1 text-sm">
        <h2 id="approvals-heading" className="text-lg font-semibold">
          Approvals
        </h2>
        <ul className="list-disc pl-5">
          {progress.map((rule) => (
            <li key={rule.name}>
              {rule.name}: {rule.have} of {rule.need}
            </li>
          ))}
        </ul>
        {round.length > 0 && (
          <p>
            Approved by{" "}
            {round.map((a, n) => (
              <span key={a.staffId}>
                {n > 0 && ", "}
                {a.name ?? a.email} ({a.role}, {formatTimestamp(a.approvedAt)})
                {a.notCounted && " — does not count"}
              </span>
            ))}
            .
          </p>
        )}
        {round
          .filter((a) => a.notCounted)
          .map((a) => (
            <Notice
              key={a.staffId}
              tone="warning"
              title={`${a.name ?? a.email}'s approval does not count`}
            >
              {a.notCounted}
            </Notice>
          ))}
      </section>

      {notCounting && (
        <Notice tone="warning" title="Your approval would not count">
          {notCounting}
        </Notice>
      )}

      {request.status === "needs_rebase" && (
        <Notice tone="warning" title="Needs rebase">
          The keys this request touches changed since it was made, so it was not applied and nothing
          was written. {isAuthor ? "Rebase it" : "Its author can rebase it"} onto the user as Clerk
          has it now; approvals then start again.
        </Notice>
      )}
      {request.status === "open" && changedSinceBase && (
        <Notice tone="warning" title="The user changed since this was requested">
          Keys this request touches have other values now. Approving will not apply it: it will need
          a rebase.
        </Notice>
      )}

      {whyNoApprove && (
        <p role="note" className="text-sm text-slate-700">
          {whyNoApprove}
        </p>
      )}
      <RequestActions
        requestId={request.id}
        userName={userName}
        approveText={
          notCounting
            ? `Your approval would be recorded, but it would not count. ${notCounting}`
            : missing <= 1
              ? request.kind === "bulk"
                ? "Your approval completes it: the bulk job starts now."
                : "Your approval completes it: the change is written to Clerk now, through the same checked save as any other."
              : `Your approval is recorded; ${missing - 1} more ${missing - 1 === 1 ? "is" : "are"} needed before it applies.`
        }
        may={{
          approve: canApprove,
          apply: request.status === "approved" && (approver || isAuthor),
          reject: open && approver && !isAuthor,
          withdraw: open && isAuthor,
        }}
      />

      {request.status === "needs_rebase" && isAuthor && now && nowBags && (
        <RebaseResolver
          requestId={request.id}
          seenUpdatedAt={now.updatedAt}
          bags={rebaseBags(request, nowBags)}
          conflicts={conflictsSinceBase(request, nowBags)}
        />
      )}

      {job ? (
        <BulkPlan progress={job} />
      ) : !current.ok ? (
        <FailurePanel title="The user could not be read from Clerk." failure={current.error} />
      ) : !nowBags ? (
        <Notice tone="warning">This user no longer exists in Clerk.</Notice>
      ) : (
        <>
          {open && changedSinceBase && (
            <BagDiffs
              heading="What changed since the request was made"
              diffs={touchedBags.map((bag) => ({
                bag,
                before: request.base[bag] ?? {},
                after: nowBags[bag],
              }))}
            />
          )}
          {appliedWrite?.before && appliedWrite.after ? (
            // Applied: the write as it was made (drawn on the user now it would show no change).
            <BagDiffs
              heading={`What was applied, by ${appliedWrite.actor?.name ?? appliedWrite.actor?.email ?? "Metadeck"} at ${formatTimestamp(appliedWrite.occurredAt)}`}
              diffs={touchedBags.map((bag) => ({
                bag,
                before: appliedWrite.before![bag],
                after: appliedWrite.after![bag],
              }))}
            />
          ) : (
            <BagDiffs
              heading={
                open
                  ? "What approving does to the user as Clerk has it now"
                  : "This request's change, drawn on the user as Clerk has it now"
              }
              diffs={touchedBags.map((bag) => ({
                bag,
                before: nowBags[bag],
                after: mergeMetadata(nowBags[bag], request.patch[bag] ?? {}),
              }))}
            />
          )}
        </>
      )}
      <div className={request.kind === "bulk" ? "hidden" : "space-y-1"}>
        <h2 className="text-lg font-semibold">
          Merge patch:{" "}
          <code className="text-sm break-all">PATCH /v1/users/{request.user.id}/metadata</code>
        </h2>
        <JsonBlock value={request.patch} testId="request-patch" />
      </div>

      <section aria-labelledby="comments-heading" className="space-y-2">
        <h2 id="comments-heading" className="text-lg font-semibold">
          Comments
        </h2>
        {comments.length === 0 ? (
          <p className="text-sm text-slate-700">No comments yet.</p>
        ) : (
          <ol className="space-y-2">
            {comments.map((comment) => (
              <li key={comment.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
                <p className="text-xs text-slate-600">
                  {comment.author.name ?? comment.author.email} ·{" "}
                  {formatTimestamp(comment.createdAt)}
                  {comment.kind === "rejection" && " · rejected"}
                </p>
                <p className="break-words whitespace-pre-wrap">{comment.body}</p>
              </li>
            ))}
          </ol>
        )}
        {open && <CommentForm requestId={request.id} />}
      </section>

      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        <AuditTable entries={history} showTarget={false} empty="No audit entries yet." />
      </section>
    </section>
  );
}
