import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { expireDue } from "./request-store";
import { discardBulkJob } from "./bulk-requests";
import { recordReviewEvent } from "./review-audit";

/**
 * Marks every lapsed request expired and audits each once. Called before any read or step of
 * requests, so a lapsed one is never shown as open nor approved; sweeping costs one UPDATE that
 * usually matches nothing.
 */
export async function sweepExpired(db: Kysely<ConsoleDatabase>, now = Date.now()): Promise<void> {
  for (const request of await expireDue(db, now)) {
    if (request.bulkJobId) await discardBulkJob(request.bulkJobId);
    await recordReviewEvent(db, request, "change_expired", null, {
      message: "No decision before the request's expiry.",
      occurredAt: now,
    });
  }
}
