/** The TanStack Query key of a bulk job's progress, shared by the server prefetch and the browser. */
export const bulkJobKey = (jobId: string) => ["bulk", jobId] as const;
