"use server";

import { z } from "zod";
import { revertAuditEntry } from "@/lib/audit/revert-entry";
import { requireActionAccess } from "@/lib/auth/guards";
import type { SaveResult } from "@/lib/users/save-metadata";

const revertInput = z.object({
  entryId: z.number().int().positive(),
  baseUpdatedAt: z.number().int().nonnegative(),
});

/** Reverts an audited change through the checked save; the revert gets its own entry. */
export async function revertAuditEntryAction(input: unknown): Promise<SaveResult> {
  const access = await requireActionAccess("audit:revert");
  if (access.message !== undefined)
    return { ok: false, error: { kind: "forbidden", message: access.message } };
  const parsed = revertInput.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: { kind: "invalid", message: "The revert request is malformed." } };
  return revertAuditEntry(parsed.data.entryId, parsed.data.baseUpdatedAt, {
    id: access.staff.id,
    email: access.staff.email,
  });
}
