import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { appendAuditEntry } from "@/lib/audit/audit-log";
import type { ReviewEvent } from "@/lib/audit/review-event";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { BAG_NAMES } from "@/lib/metadata/bags";
import type { ChangeRequest } from "@/lib/review/rules/change-request";

/**
 * Appends one step of a request to the audit log, linked to it. A step already taken is not
 * undone when the log cannot be written; that is reported on the server, as for every write.
 */
export async function recordReviewEvent(
  db: Kysely<ConsoleDatabase>,
  request: ChangeRequest,
  event: ReviewEvent,
  actor: AuditActor | null,
  detail: { refused?: string; message?: string | null; occurredAt?: number } = {},
): Promise<void> {
  try {
    await appendAuditEntry(db, {
      kind: "review",
      occurredAt: detail.occurredAt ?? Date.now(),
      actor,
      event,
      changeRequestId: request.id,
      targetUserId: request.user.id,
      target: { name: request.user.name, email: request.user.email },
      bags: BAG_NAMES.filter((bag) => request.patch[bag] !== undefined),
      patch: request.patch,
      outcome: detail.refused !== undefined ? "refused" : "success",
      message: detail.refused ?? detail.message ?? null,
      reason: event === "change_requested" ? request.reason : null,
    });
  } catch (error) {
    console.error("[audit] could not append a change-request event", {
      request: request.id,
      event,
      error,
    });
  }
}
