"use server";

import { authorizedAction } from "@/lib/actions/authorized-action";
import { bulkChangeInputSchema, jobIdSchema } from "@/lib/bulk/bulk-input";
import {
  cancelBulkJob,
  dryRunBulkChange,
  retryFailedItems,
  rollBackBulkJob,
  startBulkChange,
} from "@/lib/bulk/bulk-jobs";
import { bulkRuntime, planningDeps } from "@/lib/bulk/bulk-runtime";
import { reasonSchema } from "@/lib/review/rules/reason";
import { z } from "zod";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { holdBulkJobForApproval } from "@/lib/review/requests/bulk-requests";
import { consoleDb } from "@/lib/db/console-db";
import type { Result } from "@/lib/result/result";

const bulkChange = {
  permission: "flags:write",
  input: bulkChangeInputSchema,
  malformed: "The bulk change is malformed.",
} as const;
const bulkJob = {
  permission: "flags:write",
  input: jobIdSchema,
  malformed: "No such job.",
} as const;

const deps = async () => (await bulkRuntime()).deps;

/** How many users a bulk change would change, and a sample of its diffs; writes nothing. */
export const dryRunAction = authorizedAction(bulkChange, async (input, { staff }) =>
  dryRunBulkChange(await planningDeps(staff.id), input),
);

/** Once stored, a job on a reviewed flag waits for its change request; any other starts. */
async function held<E>(started: Result<string, E>, actor: AuditActor) {
  if (started.ok) await holdBulkJobForApproval((await consoleDb()).db, started.value, actor);
  return started;
}

/** Stores the job and starts it on the server (or holds it for approval); the browser watches. */
export const applyAction = authorizedAction(bulkChange, async (input, { staff, actor }) =>
  held(await startBulkChange(await planningDeps(staff.id), input, actor), actor),
);

export const cancelJobAction = authorizedAction(bulkJob, async (jobId) =>
  cancelBulkJob(await deps(), jobId),
);

export const retryFailedAction = authorizedAction(bulkJob, async (jobId) =>
  retryFailedItems(await deps(), jobId),
);

/** A job's id alone, or with the reason for rolling it back. */
const rollBack = {
  ...bulkJob,
  malformed: "The roll-back request is malformed (a reason holds at most 500 characters).",
  input: z.union([
    jobIdSchema.transform((jobId) => ({ jobId, reason: null })),
    z.object({ jobId: jobIdSchema, reason: reasonSchema }),
  ]),
} as const;

export const rollBackAction = authorizedAction(rollBack, async ({ jobId, reason }, { actor }) =>
  held(await rollBackBulkJob(await deps(), jobId, actor, reason), actor),
);
