import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { inverseBagPatch } from "@/lib/metadata/inverse-patch";
import type { AuditActor } from "@/lib/audit/audit-actor";
import type { AuditEntry } from "@/lib/audit/audit-entry";
import { getAuditEntry } from "@/lib/audit/audit-log";
import { recordAttempt } from "@/lib/audit/record-attempt";
import { recordRefusal } from "@/lib/audit/record-refusal";
import { fail } from "@/lib/result/result";
import { saveMetadataInputSchema } from "./save-input";
import { saveMetadata, type SaveResult } from "./save-metadata";

/**
 * Reverts one successful change: the inverse merge patch (restoring exactly the keys that entry
 * changed) goes through the same checked save, linked to the entry it reverts.
 */
export async function revertAuditEntry(
  entryId: number,
  baseUpdatedAt: number,
  actor: AuditActor | null,
  reason: string | null = null,
): Promise<SaveResult> {
  const { db } = await consoleDb();
  const entry = await getAuditEntry(db, entryId);
  const refuse = async (kind: "not_found" | "invalid", message: string): Promise<SaveResult> => {
    await recordRefusal({ ...(await revertTarget(entry)), actor, message });
    return fail({ kind, message });
  };
  if (!entry) return refuse("not_found", `No audit entry ${entryId} exists.`);
  if (entry.kind !== "metadata" || entry.outcome !== "success" || !entry.before)
    return refuse("invalid", "Only a metadata change that was saved can be reverted.");
  const input = saveMetadataInputSchema.safeParse({
    userId: entry.targetUserId,
    baseUpdatedAt,
    patch: inverseBagPatch(entry.before, entry.patch),
    reason,
  });
  if (!input.success)
    return refuse("invalid", "This entry changed nothing that could be reverted.");
  return saveMetadata(input.data, { actor, db, record: recordAttempt, revertOf: entry.id });
}

/** What a refused revert is recorded against: the entry it tried to revert, when there is one. */
export async function revertTarget(entry: AuditEntry | number | null) {
  const found =
    typeof entry === "number" ? await getAuditEntry((await consoleDb()).db, entry) : entry;
  const metadata = found?.kind === "metadata" ? found : null;
  return {
    targetUserId: metadata?.targetUserId ?? "(none)",
    bags: metadata?.bags ?? [],
    revertOf: found?.id ?? null,
  };
}
