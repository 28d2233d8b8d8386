"use server";

import { z } from "zod";
import type { AuditActor } from "@/lib/audit/audit-entry";
import { recordRevertRefusal, revertAuditEntry } from "@/lib/audit/revert-entry";
import { requireActionAccess } from "@/lib/auth/guards";
import type { SaveResult } from "@/lib/users/save-metadata";

const revertInput = z.object({
  entryId: z.number().int().positive(),
  baseUpdatedAt: z.number().int().nonnegative(),
});

/**
 * Reverts an audited change through the checked save; the revert gets its own entry, and so
 * does a refused revert (no session, a role without the permission, a malformed request).
 */
export async function revertAuditEntryAction(input: unknown): Promise<SaveResult> {
  const access = await requireActionAccess("audit:revert");
  const actor: AuditActor | null = access.staff
    ? { id: access.staff.id, email: access.staff.email }
    : null;
  const parsed = revertInput.safeParse(input);
  if (access.message !== undefined) {
    await recordRevertRefusal(parsed.success ? parsed.data.entryId : null, access.message, actor);
    return { ok: false, error: { kind: "forbidden", message: access.message } };
  }
  if (!parsed.success) {
    const message = "The revert request is malformed.";
    await recordRevertRefusal(null, message, actor);
    return { ok: false, error: { kind: "invalid", message } };
  }
  return revertAuditEntry(parsed.data.entryId, parsed.data.baseUpdatedAt, actor);
}
