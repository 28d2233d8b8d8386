"use server";

import { requireActionAccess } from "@/lib/auth/guards";
import { bulkChangeInputSchema, jobIdSchema } from "@/lib/bulk/bulk-input";
import {
  cancelBulkJob,
  dryRunBulkChange,
  retryFailedItems,
  rollBackBulkJob,
  startBulkChange,
  type BulkDeps,
  type BulkResult,
  type DryRun,
} from "@/lib/bulk/bulk-jobs";
import { bulkServer } from "@/lib/bulk/bulk-server";

type Actor = { id: string; email: string };
type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false } };

/**
 * Session and permission, re-checked inside every action (actions are public endpoints), then
 * the input validated, then the work with the server's bulk runner.
 */
async function checked<I, T>(
  schema: Schema<I>,
  input: unknown,
  malformed: string,
  run: (deps: BulkDeps, value: I, actor: Actor) => Promise<BulkResult<T>>,
): Promise<BulkResult<T>> {
  const access = await requireActionAccess("flags:write");
  if (access.message !== undefined) return { ok: false, message: access.message };
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, message: malformed };
  const actor = { id: access.staff.id, email: access.staff.email };
  return run((await bulkServer()).deps, parsed.data, actor);
}

const MALFORMED = "The bulk change is malformed.";
const NO_SUCH_JOB = "No such job.";

/** How many users a bulk change would change, and a sample of its diffs; writes nothing. */
export async function dryRunAction(input: unknown): Promise<BulkResult<DryRun>> {
  return checked(bulkChangeInputSchema, input, MALFORMED, dryRunBulkChange);
}

/** Stores the job and starts it on the server; the browser only watches. */
export async function applyAction(input: unknown): Promise<BulkResult<string>> {
  return checked(bulkChangeInputSchema, input, MALFORMED, startBulkChange);
}

export async function cancelJobAction(jobId: unknown): Promise<BulkResult<null>> {
  return checked(jobIdSchema, jobId, NO_SUCH_JOB, cancelBulkJob);
}

export async function retryFailedAction(jobId: unknown): Promise<BulkResult<number>> {
  return checked(jobIdSchema, jobId, NO_SUCH_JOB, retryFailedItems);
}

export async function rollBackAction(jobId: unknown): Promise<BulkResult<string>> {
  return checked(jobIdSchema, jobId, NO_SUCH_JOB, rollBackBulkJob);
}
