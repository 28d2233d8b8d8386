import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Notice } from "@/components/ui/notice";
import { requirePageAccess } from "@/lib/auth/guards";
import { serverEnv } from "@/lib/config/server-env";
import { agoText, formatTimestamp } from "@/lib/format/time";
import { readIndexStatusNow } from "@/lib/user-index/sync/index-status-read";
import type { IndexSync } from "@/lib/user-index/sync/sync-store";

export const metadata: Metadata = { title: "User index" };
export const dynamic = "force-dynamic";

function runText(run: IndexSync | null, kind: "backfill" | "reconciliation"): string {
  if (!run) return `No ${kind} yet.`;
  const counts =
    kind === "backfill"
      ? `${run.seen.toLocaleString("en")} of ${(run.total ?? run.seen).toLocaleString("en")} users read, ${run.changed.toLocaleString("en")} written`
      : `${run.seen.toLocaleString("en")} users compared; drift found and fixed: ${run.changed.toLocaleString("en")} corrected, ${run.removed.toLocaleString("en")} removed`;
  if (run.status === "running")
    return `Running since ${formatTimestamp(run.startedAt)}: ${counts}.`;
  if (run.status === "failed")
    return `Stopped ${formatTimestamp(run.finishedAt)} (${run.error ?? "unknown error"}); it resumes where it stopped. ${counts}.`;
  return `Completed ${formatTimestamp(run.finishedAt)}: ${counts}.`;
}

/** How complete and fresh the user index behind metadata search is, for everyone who reads users. */
export default async function SyncPage() {
  await requirePageAccess("users:read", "/sync");
  const status = await readIndexStatusNow();
  const { webhookSecret, reconcileEveryMs } = serverEnv();
  const now = status.readAt;
  const rows: [string, string][] = [
    ["Users indexed", status.users.toLocaleString("en")],
    ["Deleted users remembered", status.removed.toLocaleString("en")],
    ["Webhook events received (last 3 days)", status.eventsReceived.toLocaleString("en")],
    [
      "Last webhook event",
      `${formatTimestamp(status.lastEventAt)} (${agoText(status.lastEventAt, now)})`,
    ],
    [
      "Last change to the index",
      `${formatTimestamp(status.lastIndexedAt)} (${agoText(status.lastIndexedAt, now)})`,
    ],
    ["Backfill", runText(status.backfill, "backfill")],
    ["Last reconciliation", runText(status.reconcile, "reconciliation")],
    [
      "Reconciliation schedule",
      reconcileEveryMs > 0
        ? `every ${reconcileEveryMs / 3_600_000} h (INDEX_RECONCILE_HOURS)`
        : "off (INDEX_RECONCILE_HOURS=0)",
    ],
  ];
  return (
    <section className="space-y-4">
      <PageHeader
        title="User index"
        description={
          <p>
            Clerk cannot search users by their metadata, so Metadeck keeps its own copy of every
            user: filled by a backfill, kept current by Clerk&apos;s webhooks and Metadeck&apos;s
            own saves, and checked against Clerk by a periodic reconciliation.
          </p>
        }
      />
      {webhookSecret === null && (
        <Notice tone="warning" title="Webhooks are not configured">
          <p>
            The index is only as fresh as its last backfill or reconciliation. In Clerk&apos;s
            dashboard, add a webhook endpoint for{" "}
            <code>&lt;your Metadeck address&gt;/api/webhooks/clerk</code> with the events{" "}
            <code>user.created</code>, <code>user.updated</code> and <code>user.deleted</code>, then
            set its signing secret as <code>CLERK_WEBHOOK_SIGNING_SECRET</code> on every instance.
          </p>
        </Notice>
      )}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[16rem_1fr]">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium text-slate-700">{term}</dt>
            <dd className="text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-sm text-slate-700">
        <code>npm run index:sync</code> runs a backfill now and <code>npm run index:reconcile</code>{" "}
        a reconciliation, from any machine with the dashboard&apos;s configuration.
      </p>
    </section>
  );
}
