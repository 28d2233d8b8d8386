import { queryOptions } from "@tanstack/react-query";
import type { JobProgress } from "@/lib/bulk/bulk-jobs";
import { fetchJson } from "./fetch-json";

/** A bulk job's progress, polled every second while it runs. */
export function bulkJobQuery(jobId: string) {
  return queryOptions({
    queryKey: ["bulk", jobId] as const,
    queryFn: ({ signal }) =>
      fetchJson<JobProgress>(`/api/bulk/${encodeURIComponent(jobId)}`, signal),
    refetchInterval: (query) => {
      const status = query.state.data?.job.status;
      return status === "running" || status === "cancelling" ? 1000 : false;
    },
  });
}
