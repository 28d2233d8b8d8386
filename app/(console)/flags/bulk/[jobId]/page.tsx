import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BulkJobView } from "@/components/flags/bulk-job-view";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { readJobProgress } from "@/lib/bulk/bulk-reads";
import { bulkJobQuery } from "@/lib/query/bulk-queries";
import { getQueryClient } from "@/lib/query/query-client";
import { readRequestOfBulkJob } from "@/lib/review/requests/request-reads";

export const metadata: Metadata = { title: "Bulk change" };
export const dynamic = "force-dynamic";

export default async function BulkJobPage({ params }: { params: Promise<{ jobId: string }> }) {
  const { jobId } = await params;
  const access = await requirePageAccess("users:read", `/flags/bulk/${jobId}`);
  const progress = await readJobProgress(jobId);
  if (!progress) notFound();
  const queryClient = getQueryClient();
  // JSON round trip: the same shape the route handler sends, so the browser's cache agrees.
  queryClient.setQueryData(bulkJobQuery(jobId).queryKey, JSON.parse(JSON.stringify(progress)));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BulkJobView
        jobId={jobId}
        canManage={can(access.role, "flags:write")}
        reasonRequired={reviewPolicy().reasonRequired}
        requestId={await readRequestOfBulkJob(jobId)}
      />
    </HydrationBoundary>
  );
}
