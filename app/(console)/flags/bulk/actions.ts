"use server";

import { requireActionAccess } from "@/lib/auth/guards";
import { bulkChangeInputSchema, jobIdSchema } from "@/lib/bulk/bulk-input";
import {
  cancelBulkJob,
  dryRunBulkChange,
  retryFailedItems,
  rollBackBulkJob,
  startBulkChange,
  type BulkResult,
  type DryRun,
} from "@/lib/bulk/bulk-jobs";
import { bulkServer } from "@/lib/bulk/bulk-server";

/** Session and permission, re-checked inside every action: actions are public endpoints. */
async function withAccess<T>(
  run: (actor: { id: string; email: string }) => Promise<BulkResult<T>>,
): Promise<BulkResult<T>> {
  const access = await requireActionAccess("flags:write");
  if (access.message !== undefined) return { ok: false, message: access.message };
  return run({ id: access.staff.id, email: access.staff.email });
}

function parsed<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  input: unknown,
): T | null {
  const result = schema.safeParse(input);
  return result.success ? result.data : null;
}

/** How many users a bulk change would change, and a sample of its diffs; writes nothing. */
export async function dryRunAction(input: unknown): Promise<BulkResult<DryRun>> {
  return withAccess(async () => {
    const change = parsed(bulkChangeInputSchema, input);
    if (!change) return { ok: false, message: "The bulk change is malformed." };
    return dryRunBulkChange((await bulkServer()).deps, change);
  });
}

/** Stores the job and starts it on the server; the browser only watches. */
export async function applyAction(input: unknown): Promise<BulkResult<string>> {
  return withAccess(async (actor) => {
    const change = parsed(bulkChangeInputSchema, input);
    if (!change) return { ok: false, message: "The bulk change is malformed." };
    return startBulkChange((await bulkServer()).deps, change, actor);
  });
}

export async function cancelJobAction(jobId: unknown): Promise<BulkResult<null>> {
  return withAccess(async () => {
    const id = parsed(jobIdSchema, jobId);
    if (!id) return { ok: false, message: "No such job." };
    return cancelBulkJob((await bulkServer()).deps, id);
  });
}

export async function retryFailedAction(jobId: unknown): Promise<BulkResult<number>> {
  return withAccess(async () => {
    const id = parsed(jobIdSchema, jobId);
    if (!id) return { ok: false, message: "No such job." };
    return retryFailedItems((await bulkServer()).deps, id);
  });
}

export async function rollBackAction(jobId: unknown): Promise<BulkResult<string>> {
  return withAccess(async (actor) => {
    const id = parsed(jobIdSchema, jobId);
    if (!id) return { ok: false, message: "No such job." };
    return rollBackBulkJob((await bulkServer()).deps, id, actor);
  });
}
