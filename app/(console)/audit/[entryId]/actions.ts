"use server";

import { z } from "zod";
import { revertAuditEntry } from "@/lib/audit/revert-entry";
import type { SaveResult } from "@/lib/users/save-metadata";

const revertInput = z.object({
  entryId: z.number().int().positive(),
  baseUpdatedAt: z.number().int().nonnegative(),
});

/** Reverts an audited change through the checked save; the revert gets its own entry. */
export async function revertAuditEntryAction(input: unknown): Promise<SaveResult> {
  const parsed = revertInput.safeParse(input);
  if (!parsed.success)
    return { ok: false, error: { kind: "invalid", message: "The revert request is malformed." } };
  // Sign-in lands with the staff issue; until then reverts are recorded without an actor.
  return revertAuditEntry(parsed.data.entryId, parsed.data.baseUpdatedAt, null);
}
