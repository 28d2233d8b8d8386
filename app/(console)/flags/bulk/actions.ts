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
import { bulkRuntime } from "@/lib/bulk/bulk-runtime";

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
export const dryRunAction = authorizedAction(bulkChange, async (input) =>
  dryRunBulkChange(await deps(), input),
);

/** Stores the job and starts it on the server; the browser only watches. */
export const applyAction = authorizedAction(bulkChange, async (input, { actor }) =>
  startBulkChange(await deps(), input, actor),
);

export const cancelJobAction = authorizedAction(bulkJob, async (jobId) =>
  cancelBulkJob(await deps(), jobId),
);

export const retryFailedAction = authorizedAction(bulkJob, async (jobId) =>
  retryFailedItems(await deps(), jobId),
);

export const rollBackAction = authorizedAction(bulkJob, async (jobId, { actor }) =>
  rollBackBulkJob(await deps(), jobId, actor),
);
