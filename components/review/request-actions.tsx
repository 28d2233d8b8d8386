"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import {
  approveChangeRequest,
  rejectChangeRequest,
  withdrawChangeRequest,
} from "@/app/(console)/reviews/[requestId]/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useAction } from "@/components/ui/use-action";
import { REVIEWS_WAITING_KEY } from "@/lib/query/review-queries";
import { Button } from "@/components/ui/button";
import { MAX_COMMENT_LENGTH, commentText } from "@/lib/review/rules/comment-text";

type Step = "approve" | "reject" | "withdraw";
type Answer = Awaited<ReturnType<typeof approveChangeRequest>>;

function successText(step: Step, answer: Extract<Answer, { ok: true }>["value"]): string {
  if (step === "approve") {
    if (answer.notCounted)
      return `Your approval is recorded, but it does not count. ${answer.notCounted}`;
    if (answer.applied === "applied") return "Approved and applied: Clerk has the change.";
    if (answer.applied === "needs_rebase")
      return "Approved, but not applied: the keys it touches changed since it was requested, so it needs a rebase by its author. Nothing was written.";
    if (answer.applied === "in_progress") return "Approved; another approval is applying it now.";
    return "Approved. It applies when every rule has its approvals.";
  }
  if (step === "reject") return "Rejected. Nothing was written to Clerk.";
  return "Withdrawn. Nothing was written to Clerk.";
}

/**
 * The steps the signed-in person may take on a request, each behind a confirmation: Approve
 * (which may apply it), Reject with a comment, Withdraw for the author.
 */
export function RequestActions({
  requestId,
  userName,
  may,
  approveText,
}: {
  requestId: number;
  userName: string;
  may: { approve: boolean; apply: boolean; reject: boolean; withdraw: boolean };
  /** What approving now does: applies it, or records one of the approvals it needs. */
  approveText: string;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Step | null>(null);
  const [comment, setComment] = useState("");
  const { disabled: busy, run: act } = useAction("Nothing was done.");
  const [result, setResult] = useState<{
    tone: "success" | "warning" | "error";
    text: string;
  } | null>(null);
  const commentId = useId();

  const run = (step: Step) => {
    setConfirming(null);
    act(
      (): Promise<Answer> =>
        step === "approve"
          ? approveChangeRequest({ requestId })
          : step === "reject"
            ? rejectChangeRequest({ requestId, comment })
            : withdrawChangeRequest({ requestId }),
      (answer) => {
        setResult(
          answer.ok
            ? {
                tone: answer.value.notCounted ? "warning" : "success",
                text: successText(step, answer.value),
              }
            : { tone: "error", text: answer.error.message },
        );
        if (answer.ok) setComment("");
        if (answer.ok || answer.error.kind !== "network") {
          void queryClient.invalidateQueries({ queryKey: REVIEWS_WAITING_KEY });
          router.refresh();
        }
      },
    );
  };

  const any = Object.values(may).some(Boolean);
  return (
    <div className="space-y-3">
      {result && <Notice tone={result.tone}>{result.text}</Notice>}
      {any && (
        <div className="flex flex-wrap gap-2">
          {(may.approve || may.apply) && (
            <Button tone="primary" disabled={busy} onClick={() => setConfirming("approve")}>
              {may.approve ? "Approve" : "Apply"}
            </Button>
          )}
          {may.reject && (
            <Button tone="danger-outline" disabled={busy} onClick={() => setConfirming("reject")}>
              Reject
            </Button>
          )}
          {may.withdraw && (
            <Button disabled={busy} onClick={() => setConfirming("withdraw")}>
              Withdraw
            </Button>
          )}
          {busy && (
            <span role="status" className="self-center text-sm text-slate-700">
              Working…
            </span>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming === "approve"}
        title={`${may.approve ? "Approve" : "Apply"} request #${requestId} for ${userName}?`}
        confirmLabel={may.approve ? "Approve" : "Apply"}
        tone="primary"
        busy={busy}
        onCancel={() => setConfirming(null)}
        onConfirm={() => run("approve")}
      >
        <p>{approveText}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "reject"}
        title={`Reject request #${requestId}?`}
        confirmLabel="Reject"
        tone="danger"
        busy={busy}
        canConfirm={commentText.safeParse(comment).success}
        fields={
          <div className="space-y-1">
            <label htmlFor={commentId} className="block font-medium">
              Comment (required)
            </label>
            <textarea
              id={commentId}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              rows={3}
              maxLength={MAX_COMMENT_LENGTH}
              aria-required="true"
              className="w-full rounded border border-slate-400 px-2 py-1.5 text-sm"
            />
          </div>
        }
        onCancel={() => setConfirming(null)}
        onConfirm={() => run("reject")}
      >
        <p>The author sees your comment. Nothing is written to Clerk, and the request closes.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "withdraw"}
        title={`Withdraw request #${requestId}?`}
        confirmLabel="Withdraw"
        tone="danger"
        busy={busy}
        onCancel={() => setConfirming(null)}
        onConfirm={() => run("withdraw")}
      >
        <p>The request closes unapplied; to make the change later, request it again.</p>
      </ConfirmDialog>
    </div>
  );
}
