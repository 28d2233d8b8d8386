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

type Step = "approve" | "reject" | "withdraw";
type Answer = Awaited<ReturnType<typeof approveChangeRequest>>;

const button =
  "rounded px-4 py-2 font-medium disabled:cursor-not-allowed disabled:opacity-60 border";

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
            <button
              type="button"
              disabled={busy}
              onClick={() => setConfirming("approve")}
              className={`${button} border-blue-700 bg-blue-700 text-white hover:bg-blue-800`}
            >
              {may.approve ? "Approve" : "Apply"}
            </button>
          )}
          {may.reject && (
            <button
              type="button"
              disabled={busy}
              onClick={() => setConfirming("reject")}
              className={`${button} border-red-700 text-red-800 hover:bg-red-50`}
            >
              Reject
            </button>
          )}
          {may.withdraw && (
            <button
              type="button"
              disabled={busy}
              onClick={() => setConfirming("withdraw")}
              className={`${button} border-slate-400 hover:bg-slate-100`}
            >
              Withdraw
            </button>
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
        busy={busy}
        canConfirm={comment.trim().length > 0 && comment.trim().length <= 2000}
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
              maxLength={2000}
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
        busy={busy}
        onCancel={() => setConfirming(null)}
        onConfirm={() => run("withdraw")}
      >
        <p>The request closes unapplied; to make the change later, request it again.</p>
      </ConfirmDialog>
    </div>
  );
}
