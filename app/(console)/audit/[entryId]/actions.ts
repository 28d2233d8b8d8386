"use server";

import { z } from "zod";
import { authorizedAction } from "@/lib/actions/authorized-action";
import { reasonSchema } from "@/lib/review/rules/reason";
import { revertOrRequest } from "@/lib/review/requests/revert-or-request";
import { revertTarget } from "@/lib/users/revert-entry";

const revertInput = z.object({
  entryId: z.number().int().positive(),
  baseUpdatedAt: z.number().int().nonnegative(),
  reason: reasonSchema.optional(),
});

/**
 * Reverts an audited change through the checked save (or, on a protected path, requests it);
 * the revert gets its own entry, and so does a refused revert (no session, a role without the
 * permission, a malformed request).
 */
export const revertAuditEntryAction = authorizedAction(
  {
    permission: "audit:revert",
    input: revertInput,
    malformed: "The revert request is malformed.",
    refusalTarget: (_raw, input) => revertTarget(input?.entryId ?? null),
  },
  ({ entryId, baseUpdatedAt, reason }, { actor }) =>
    revertOrRequest(entryId, baseUpdatedAt, actor, reason ?? null),
);
