import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { jobIdSchema } from "./bulk-input";
import { jobProgress, type JobProgress } from "./bulk-jobs";
import { listJobs } from "./job-store";

/** A job's progress as of now, for the progress page and its route handler; null if unknown. */
export async function readJobProgress(jobId: string): Promise<JobProgress | null> {
  if (!jobIdSchema.safeParse(jobId).success) return null;
  return jobProgress({ db: (await consoleDb()).db, now: () => Date.now() }, jobId);
}

/** The latest jobs, newest first, for the bulk changes page. */
export async function readRecentJobs(limit: number) {
  return listJobs((await consoleDb()).db, limit);
}
