import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { inverseBagPatch } from "@/lib/metadata/inverse-patch";
import { saveMetadataInputSchema } from "@/lib/metadata/save-input";
import { saveMetadata, type SaveResult } from "@/lib/users/save-metadata";
import type { AuditActor } from "./audit-entry";
import { getAuditEntry } from "./audit-log";
import { recordAttempt } from "./record-attempt";

/**
 * Reverts one successful change: the inverse merge patch (restoring exactly the keys that entry
 * changed) goes through the same checked save, linked to the entry it reverts.
 */
export async function revertAuditEntry(
  entryId: number,
  baseUpdatedAt: number,
  actor: AuditActor | null,
): Promise<SaveResult> {
  const { db } = await consoleDb();
  const entry = await getAuditEntry(db, entryId);
  if (!entry)
    return {
      ok: false,
      error: { kind: "not_found", message: `No audit entry ${entryId} exists.` },
    };
  if (entry.outcome !== "success" || !entry.before) {
    return {
      ok: false,
      error: { kind: "invalid", message: "Only a change that was saved can be reverted." },
    };
  }
  const input = saveMetadataInputSchema.safeParse({
    userId: entry.targetUserId,
    baseUpdatedAt,
    patch: inverseBagPatch(entry.before, entry.patch),
  });
  if (!input.success) {
    return {
      ok: false,
      error: { kind: "invalid", message: "This entry changed nothing that could be reverted." },
    };
  }
  return saveMetadata(input.data, { actor, record: recordAttempt, revertOf: entry.id });
}
