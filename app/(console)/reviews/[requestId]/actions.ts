"use server";

import { z } from "zod";
import { commentText } from "@/lib/review/rules/comment-text";
import { authorizedAction, type ActionContext } from "@/lib/actions/authorized-action";
import {
  approveRequest,
  commentOnRequest,
  rebaseRequest,
  rejectRequest,
  withdrawRequest,
  type Decider,
} from "@/lib/review/requests/decide-request";
import { consoleDb } from "@/lib/db/console-db";
import { baseBagsSchema } from "@/lib/users/save-input";

const requestId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const decider = (context: ActionContext): Decider => ({
  ...context.actor,
  // The role held now, read with the session on this request: a demoted approver is refused.
  role: context.staff.role,
});

/**
 * Every step on a request is open to anyone who may read requests at the door; who may take it
 * (an approver a rule names, never the author; the author alone withdraws) is decided inside,
 * against the request, and refusals are audited there.
 */
const door = { permission: "users:read" } as const;

export const approveChangeRequest = authorizedAction(
  { ...door, input: z.object({ requestId }) },
  async ({ requestId: id }, context) =>
    approveRequest((await consoleDb()).db, id, decider(context)),
);

export const rejectChangeRequest = authorizedAction(
  { ...door, input: z.object({ requestId, comment: commentText }) },
  async ({ requestId: id, comment }, context) =>
    rejectRequest((await consoleDb()).db, id, decider(context), comment),
);

export const withdrawChangeRequest = authorizedAction(
  { ...door, input: z.object({ requestId }) },
  async ({ requestId: id }, context) =>
    withdrawRequest((await consoleDb()).db, id, decider(context)),
);

export const commentOnChangeRequest = authorizedAction(
  { ...door, input: z.object({ requestId, body: commentText }) },
  async ({ requestId: id, body }, context) =>
    commentOnRequest((await consoleDb()).db, id, decider(context), body),
);

/**
 * Rebases a request that needs it, with the same patch, or with `resolution`: the documents the
 * author resolved against the user's `updated_at` they saw.
 */
export const rebaseChangeRequest = authorizedAction(
  {
    ...door,
    input: z.object({
      requestId,
      resolution: z
        .object({ seenUpdatedAt: z.number().int().nonnegative(), documents: baseBagsSchema })
        .optional(),
    }),
  },
  async ({ requestId: id, resolution }, context) =>
    rebaseRequest((await consoleDb()).db, id, decider(context), resolution),
);
