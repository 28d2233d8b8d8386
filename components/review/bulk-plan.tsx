import { formatFlagValue } from "@/components/flags/flag-format";
import { TextLink } from "@/components/ui/text-link";
import type { JobProgress } from "@/lib/bulk/bulk-jobs";

/** A held bulk job as its approver reads it: what it sets, on whom, and how many users change. */
export function BulkPlan({ progress }: { progress: JobProgress }) {
  const { job, counts } = progress;
  const what =
    job.kind === "rollback"
      ? `Rolls ${job.flagKey} back to each user's value from before job ${job.rollbackOf ?? ""}`
      : `Sets ${job.flagKey} to ${job.value === null ? "its default" : formatFlagValue(job.value)}`;
  return (
    <section aria-labelledby="bulk-plan-heading" className="space-y-2">
      <h2 id="bulk-plan-heading" className="text-lg font-semibold">
        Dry run of the bulk change
      </h2>
      <p className="text-sm">
        {what} on {job.targetDescription}.{" "}
        <TextLink tone="quiet" href={`/flags/bulk/${job.id}`}>
          Open job {job.id}
        </TextLink>
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Users it changes</dt>
        <dd data-testid="bulk-plan-changing">{counts.pending + counts.writing + counts.changed}</dd>
        <dt className="font-medium">Already have that value</dt>
        <dd>{counts.skipped}</dd>
        {job.unknownEntries.length > 0 && (
          <>
            <dt className="font-medium">Entries matching no user</dt>
            <dd className="break-words">{job.unknownEntries.join(", ")}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
