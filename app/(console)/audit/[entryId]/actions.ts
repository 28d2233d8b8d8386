"use server";

import { z } from "zod";
import { authorizedAction } from "@/lib/actions/authorized-action";
import { reasonSchema } from "@/lib/review/reason";
import { revertAuditEntry, revertTarget } from "@/lib/users/revert-entry";

const revertInput = z.object({
  entryId: z.number().int().positive(),
  baseUpdatedAt: z.number().int().nonnegative(),
  reason: reasonSchema.optional(),
});

/**
 * Reverts an audited change through the checked save; the revert gets its own entry, and so
 * does a refused revert (no session, a role without the permission, a malformed request).
 */
export const revertAuditEntryAction = authorizedAction(
  {
    permission: "audit:revert",
    input: revertInput,
    malformed: "The revert request is malformed.",
    refusalTarget: (_raw, input) => revertTarget(input?.entryId ?? null),
  },
  ({ entryId, baseUpdatedAt, reason }, { actor }) =>
    revertAuditEntry(entryId, baseUpdatedAt, actor, reason ?? null),
);
