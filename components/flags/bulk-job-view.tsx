"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ReasonText } from "@/components/review/reason-text";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  cancelJobAction,
  retryFailedAction,
  rollBackAction,
} from "@/app/(console)/flags/bulk/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FailurePanel } from "@/components/ui/failure-panel";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { useAction } from "@/components/ui/use-action";
import type { BulkItem } from "@/lib/bulk/job-store";
import { formatTimestamp } from "@/lib/format/time";
import { bulkJobQuery } from "@/lib/query/bulk-queries";
import { readFailureOf } from "@/lib/query/fetch-json";
import { formatFlagValue } from "./flag-format";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";
import { ReasonConfirmDialog } from "@/components/review/reason-confirm-dialog";

const STATUS_TEXT = {
  awaiting_approval: "Awaiting approval",
  running: "Running",
  cancelling: "Cancelling…",
  cancelled: "Cancelled",
  completed: "Completed",
} as const;

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.ceil(seconds - minutes * 60)} s`;
}

function ItemTable({ caption, items }: { caption: string; items: BulkItem[] }) {
  return (
    <DataTable caption={caption} showCaption density="compact" columns={["User", "Reason"]} stack>
      {items.map((item) => (
        <tr key={item.userId}>
          <td>
            <TextLink href={`/users/${item.userId}`} className="font-mono">
              {item.email ?? item.userId}
            </TextLink>
          </td>
          <td>{item.error}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A bulk job's live progress (polled while it runs, so it survives a reload), and its controls. */
export function BulkJobView({
  jobId,
  canManage,
  reasonRequired,
  requestId,
}: {
  jobId: string;
  /** The change request holding the job for approval, if any. */
  requestId: number | null;
  canManage: boolean;
  /** The review policy's setting: every write needs a reason (the server checks again). */
  reasonRequired: boolean;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { pending: busy, run } = useAction("Nothing was changed.");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<"cancel" | "rollback" | null>(null);
  const [reason, setReason] = useState("");
  const progress = useQuery(bulkJobQuery(jobId));

  if (progress.isError)
    return (
      <FailurePanel
        title="This job could not be loaded."
        failure={readFailureOf(progress.error)}
        onRetry={() => void progress.refetch()}
      />
    );
  if (!progress.data) return <p role="status">Loading job…</p>;
  const { job, rolledBackBy, counts, perSecond, secondsLeft, failed, skipped } = progress.data;
  const done = counts.changed + counts.skipped + counts.failed;
  const percent = job.total === 0 ? 100 : Math.round((done / job.total) * 100);
  const active = job.status === "running" || job.status === "cancelling";

  const act = (
    call: () => Promise<{ ok: true } | { ok: false; error: { kind: string; message: string } }>,
    ok: string,
  ) => {
    setConfirming(null);
    run(call, (result) => {
      setMessage(result.ok ? { ok: true, text: ok } : { ok: false, text: result.error.message });
      void queryClient.invalidateQueries({ queryKey: bulkJobQuery(jobId).queryKey });
    });
  };

  const title =
    job.kind === "rollback"
      ? `Rollback of ${job.rollbackOf}: ${job.flagKey} back to each user's earlier value`
      : `${job.flagKey} → ${job.value === null ? "default (key removed)" : formatFlagValue(job.value)}`;

  return (
    <section className="space-y-4">
      <PageHeader
        title={title}
        trail={
          <>
            <TextLink tone="inherit" href="/flags/bulk">
              Bulk changes
            </TextLink>{" "}
            / {job.id}
          </>
        }
        description={
          <>
            For {job.targetDescription}, started by{" "}
            {job.actor.name ? `${job.actor.name} (${job.actor.email})` : job.actor.email} at{" "}
            {formatTimestamp(job.createdAt)}.{" "}
            {job.rollbackOf && (
              <>
                <TextLink tone="inherit" href={`/flags/bulk/${job.rollbackOf}`}>
                  See the job it rolls back
                </TextLink>
                .{" "}
              </>
            )}
            <TextLink tone="inherit" href={`/audit?job=${job.id}`}>
              Its audit entries
            </TextLink>
            {job.reason && (
              <span className="mt-1 block">
                Reason: <ReasonText reason={job.reason} />
              </span>
            )}
          </>
        }
      />

      <div className="space-y-2 rounded-md border border-slate-200 bg-white p-4">
        <p className="font-medium" data-testid="job-status">
          {STATUS_TEXT[job.status]}
        </p>
        {job.status === "awaiting_approval" && (
          <p className="text-sm text-slate-700">
            Review rules cover this flag: nothing is written until the job&apos;s change request is
            approved.{" "}
            {requestId !== null && (
              <TextLink href={`/reviews/${requestId}`}>Open request #{requestId}</TextLink>
            )}
          </p>
        )}
        <div
          role="progressbar"
          aria-label="Job progress"
          aria-valuemin={0}
          aria-valuemax={job.total}
          aria-valuenow={done}
          aria-valuetext={`${done} of ${job.total} users done`}
          className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full bg-blue-700 transition-all" style={{ width: `${percent}%` }} />
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-6">
          {[
            ["Done", `${done} / ${job.total}`],
            ["Changed", counts.changed],
            ["Skipped", counts.skipped],
            ["Failed", counts.failed],
            ["Rate", perSecond === null ? "—" : `${perSecond.toFixed(1)} users/s`],
            ["Time left", secondsLeft === null ? "—" : duration(secondsLeft)],
          ].map(([term, value]) => (
            <div key={term}>
              <dt className="text-slate-600">{term}</dt>
              <dd
                className="font-medium"
                data-testid={`job-${String(term).toLowerCase().replace(" ", "-")}`}
              >
                {value}
              </dd>
            </div>
          ))}
        </dl>
        {job.status === "cancelled" && counts.pending > 0 && (
          <p className="text-sm text-slate-700">
            {counts.pending} {counts.pending === 1 ? "user was" : "users were"} not reached before
            the job was cancelled.
          </p>
        )}
      </div>

      {message && <Notice tone={message.ok ? "success" : "error"}>{message.text}</Notice>}

      {canManage && (
        <div className="flex flex-wrap gap-3">
          {job.status === "running" && (
            <Button tone="danger-outline" disabled={busy} onClick={() => setConfirming("cancel")}>
              Cancel job
            </Button>
          )}
          {!active && counts.failed > 0 && (
            <Button
              tone="outline"
              disabled={busy}
              onClick={() => act(() => retryFailedAction(job.id), "Retrying the failed users.")}
            >
              Retry failed users
            </Button>
          )}
          {!active && job.kind === "apply" && counts.changed > 0 && !rolledBackBy && (
            <Button disabled={busy} onClick={() => setConfirming("rollback")}>
              Roll back
            </Button>
          )}
        </div>
      )}

      {rolledBackBy && (
        <Notice tone="info">
          Rolled back by {rolledBackBy.actor.email} at {formatTimestamp(rolledBackBy.createdAt)}:{" "}
          <TextLink tone="inherit" href={`/flags/bulk/${rolledBackBy.id}`}>
            see the rollback job
          </TextLink>
          .
        </Notice>
      )}

      <ConfirmDialog
        open={confirming === "cancel"}
        title="Cancel this job?"
        confirmLabel="Stop the job"
        tone="danger"
        busy={busy}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          act(
            () => cancelJobAction(job.id),
            "Cancelling: the job stops after the writes in flight.",
          )
        }
      >
        <p>
          It stops after the writes in flight. The {counts.pending + counts.writing} users not yet
          written stay as they are; the {counts.changed} already changed keep the new value (roll
          back to undo that).
        </p>
      </ConfirmDialog>
      <ReasonConfirmDialog
        open={confirming === "rollback"}
        title={`Roll back ${counts.changed} ${counts.changed === 1 ? "user" : "users"}?`}
        confirmLabel="Roll back"
        tone="danger"
        busy={busy}
        reason={reason}
        onReasonChange={setReason}
        reasonRequired={reasonRequired}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          setConfirming(null);
          run(
            () => rollBackAction({ jobId: job.id, reason }),
            (result) => {
              if (result.ok) router.push(`/flags/bulk/${result.value}`);
              else setMessage({ ok: false, text: result.error.message });
            },
          );
        }}
      >
        <p>
          Sets <span className="font-mono">{job.flagKey}</span> on the {counts.changed} users this
          job changed from{" "}
          {job.value === null ? "the default (key removed)" : formatFlagValue(job.value)} back to
          the value each had before. Users whose value changed since are skipped and listed.
        </p>
      </ReasonConfirmDialog>

      {failed.length > 0 && (
        <div className="rounded-md border border-red-200 bg-white p-3">
          <ItemTable caption={`Failed users (${counts.failed})`} items={failed} />
        </div>
      )}
      {job.unknownEntries.length > 0 && (
        <div className="rounded-md border border-amber-200 bg-white p-3 text-sm">
          <p className="font-medium">
            {job.unknownEntries.length} list {job.unknownEntries.length === 1 ? "entry" : "entries"}{" "}
            matched no user:
          </p>
          <p className="font-mono text-xs">{job.unknownEntries.slice(0, 100).join(", ")}</p>
        </div>
      )}
      {skipped.length > 0 && (
        <details className="rounded-md border border-slate-200 bg-white p-3">
          <summary className="cursor-pointer text-sm font-medium">
            Skipped users ({counts.skipped})
          </summary>
          <ItemTable caption="Skipped users and why" items={skipped} />
        </details>
      )}
    </section>
  );
}
