import "server-only";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordInto } from "@/lib/audit/record-attempt";
import { LEASES, withLease } from "@/lib/db/lease";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { ok, fail, type Result } from "@/lib/result/result";
import type { ChangeRequest } from "@/lib/review/rules/change-request";
import { saveMetadata, type SaveFailure } from "@/lib/users/save-metadata";
import { appliedWriteOf, rereadChangeRequest, startApplying, transition } from "./request-store";
import { approvalNote } from "./approval-note";
import { notifyReviewers } from "./review-webhook";

export type ApplyOutcome =
  | { kind: "applied"; request: ChangeRequest }
  /** The keys it touches changed since its base: nothing was written. */
  | { kind: "needs_rebase"; request: ChangeRequest }
  /** Another approver's press is applying it right now. */
  | { kind: "in_progress"; request: ChangeRequest };

/**
 * Applies an approved request through the same checked save as every write (per-user write lease,
 * conflict check on the keys it touches, one PATCH, one audit entry linked to the request).
 * One process at a time holds the request while applying, so approvals pressed at once
 * apply it once. A write that did not land for another reason (Clerk failed) leaves it approved,
 * to be applied again.
 */
export async function applyRequest(
  db: Kysely<ConsoleDatabase>,
  request: ChangeRequest,
  actor: AuditActor,
): Promise<Result<ApplyOutcome, SaveFailure>> {
  const applied = await withLease(db, LEASES.changeRequest(request.id), () =>
    applyHolding(db, request, actor),
  );
  if ("busy" in applied) return ok(await inProgress(db, request));
  return applied.value;
}

async function inProgress(db: Kysely<ConsoleDatabase>, request: ChangeRequest) {
  return { kind: "in_progress" as const, request: await rereadChangeRequest(db, request.id) };
}

async function applyHolding(
  db: Kysely<ConsoleDatabase>,
  request: ChangeRequest,
  actor: AuditActor,
): Promise<Result<ApplyOutcome, SaveFailure>> {
  const now = Date.now();
  if (!(await startApplying(db, request.id, request.round, now)))
    return ok(await inProgress(db, request));
  // A process that died after its write landed, before marking it: the write's entry says so.
  const landed = await appliedWriteOf(db, request.id);
  if (landed !== null) {
    await transition(db, request.id, ["approved"], "applied", now, {
      appliedEntryId: landed,
      holdingClaim: true,
    });
    return ok({ kind: "applied", request: await rereadChangeRequest(db, request.id) });
  }
  const saved = await saveMetadata(
    {
      userId: request.user.id,
      baseUpdatedAt: request.baseUpdatedAt,
      base: request.base,
      // Only the keys the request touches decide: other keys may have moved meanwhile.
      scope: "keys",
      patch: request.patch,
      reason: request.reason,
    },
    {
      actor,
      db,
      record: recordInto(db),
      changeRequestId: request.id,
      revertOf: request.revertOf,
      // The reason was checked when it was requested; the approver adds none of their own.
      reasonRequired: false,
      note: await approvalNote(db, request),
    },
  );
  if (saved.ok) {
    const entry = await appliedWriteOf(db, request.id);
    await transition(db, request.id, ["approved"], "applied", Date.now(), {
      holdingClaim: true,
      ...(entry !== null ? { appliedEntryId: entry } : {}),
    });
    const applied = await rereadChangeRequest(db, request.id);
    notifyReviewers(applied, "applied", actor);
    return ok({ kind: "applied", request: applied });
  }
  if (saved.error.kind === "conflict") {
    await transition(db, request.id, ["approved"], "needs_rebase", Date.now(), {
      holdingClaim: true,
    });
    return ok({ kind: "needs_rebase", request: await rereadChangeRequest(db, request.id) });
  }
  // Clerk failed: the request stays approved, to be applied again.
  return fail(saved.error);
}
