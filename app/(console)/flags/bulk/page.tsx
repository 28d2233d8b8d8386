import type { Metadata } from "next";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { BulkChangeForm } from "@/components/flags/bulk-change-form";
import { USE_DEFAULT } from "@/components/flags/bulk-form-schema";
import { formatFlagValue } from "@/components/flags/flag-format";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAccess } from "@/lib/auth/guards";
import { readRecentJobs } from "@/lib/bulk/bulk-reads";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { formatTimestamp } from "@/lib/format/time";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Bulk changes" };
export const dynamic = "force-dynamic";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Bulk flag changes: a new one (prefilled from the URL, e.g. from a /users search), and recent jobs. */
export default async function BulkPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  await requirePageAccess("flags:write", "/flags/bulk");
  const catalogue = flagCatalogue();
  const jobs = await readRecentJobs(20);
  const query = first(params.query);
  const where = first(params.where);
  const flag = first(params.flag);
  const value = first(params.value);
  return (
    <section className="space-y-6">
      <PageHeader
        title="Bulk changes"
        description="Set one catalogued flag for many users. Jobs run on the server, paced under Clerk's rate limits; each user is written once, with a patch that touches only that flag, and audited with the job's id."
      />
      <BulkChangeForm
        flags={catalogue.flags}
        reasonRequired={reviewPolicy().reasonRequired}
        initial={{
          ...(query !== undefined ? { targetKind: "query" as const, query } : {}),
          ...(where !== undefined ? { targetKind: "where" as const, where } : {}),
          ...(flag && catalogue.flags.some((f) => f.key === flag) ? { flagKey: flag } : {}),
          ...(value !== undefined ? { value: value === "default" ? USE_DEFAULT : value } : {}),
        }}
      />
      <section aria-labelledby="recent-jobs-heading" className="space-y-2">
        <h2 id="recent-jobs-heading" className="text-lg font-semibold">
          Recent jobs
        </h2>
        <DataTable
          stack
          caption="Recent bulk jobs"
          columns={["Started", "Change", "Users", "By", "Status"]}
          empty="No bulk changes yet."
        >
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>
                <TextLink href={`/flags/bulk/${job.id}`}>{formatTimestamp(job.createdAt)}</TextLink>
              </td>
              <td className="font-mono text-xs">
                {job.kind === "rollback"
                  ? `rollback of ${job.rollbackOf}`
                  : `${job.flagKey} → ${job.value === null ? "default" : formatFlagValue(job.value)}`}
              </td>
              <td>
                {job.total} ({job.targetDescription})
              </td>
              <td>{job.actor.email}</td>
              <td>{job.status}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </section>
  );
}
