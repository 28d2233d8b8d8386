import "server-only";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { getAuditEntry } from "@/lib/audit/audit-log";
import { consoleDb } from "@/lib/db/console-db";
import { inverseBagPatch } from "@/lib/metadata/inverse-patch";
import { ok, type Result } from "@/lib/result/result";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { rulesTouched } from "@/lib/review/rules/rules-touched";
import { revertAuditEntry } from "@/lib/users/revert-entry";
import type { SaveFailure, Saved } from "@/lib/users/save-metadata";
import { requestChange, type RequestFailure } from "./request-change";

export type RevertAnswer = Result<
  ({ kind: "saved" } & Saved) | { kind: "requested"; requestId: number },
  SaveFailure | RequestFailure
>;

/**
 * A revert: saved at once, or, where it would change a path a review rule protects, sent as a
 * change request linked to the entry it reverts (approval then applies it as the revert).
 */
export async function revertOrRequest(
  entryId: number,
  baseUpdatedAt: number,
  actor: AuditActor,
  reason: string | null,
): Promise<RevertAnswer> {
  const { db } = await consoleDb();
  const entry = await getAuditEntry(db, entryId);
  if (entry?.kind === "metadata" && entry.outcome === "success" && entry.before && entry.after) {
    const patch = inverseBagPatch(entry.before, entry.patch);
    // A first look on the documents the entry left; the request checks the user as it is now.
    if (rulesTouched(reviewPolicy().rules, entry.after, patch).length > 0) {
      const made = await requestChange(
        { userId: entry.targetUserId, baseUpdatedAt, patch, reason: reason ?? undefined },
        { actor, db, revertOf: entry.id, permission: "audit:revert" },
      );
      if (made.ok) return ok({ kind: "requested", requestId: made.value.id });
      if (made.error.kind !== "no_review_needed") return made;
    }
  }
  const saved = await revertAuditEntry(entryId, baseUpdatedAt, actor, reason);
  return saved.ok ? ok({ kind: "saved", ...saved.value }) : saved;
}
