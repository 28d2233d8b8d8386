import type { Kysely } from "kysely";
import { parseUserEvent } from "@/lib/clerk/user-event";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import { indexDeletion, indexUsers } from "../index-store";

/** A verified webhook message: its `svix-id` and the event's type, data and timestamp. */
export interface WebhookMessage {
  svixId: string;
  type: string;
  data: unknown;
  timestamp?: number;
}

export type IngestOutcome = "applied" | "duplicate" | "ignored";

/** Svix stops retrying after about 28 hours; a receipt older than this can no longer matter. */
const KEEP_RECEIPTS_MS = 3 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
let prunedAt = 0;

/**
 * Applies one webhook message to the index, once: its receipt and its effect land in one
 * transaction, so a retried or duplicated delivery (the same `svix-id`) changes nothing, and a
 * delivery cut off half-way is applied in full when Svix retries it.
 */
export async function ingestWebhookMessage(
  db: Kysely<ConsoleDatabase>,
  message: WebhookMessage,
  now: number,
): Promise<Result<IngestOutcome, { message: string }>> {
  const event = parseUserEvent(message.type, message.data);
  if (!event.ok)
    return fail({
      message: `The ${message.type} event does not hold a user: ${event.error.message}`,
    });
  // A deletion is ordered against the user's other events by its time: without one it could
  // undo a newer state, so it is refused (the sender sees a 400) rather than guessed.
  const { timestamp } = message;
  if (
    event.value.kind === "deleted" &&
    (timestamp === undefined || !Number.isSafeInteger(timestamp))
  )
    return fail({ message: `The ${message.type} event has no timestamp to order it by.` });
  const outcome = await db.transaction().execute(async (tx) => {
    const receipt = await tx
      .insertInto("webhook_receipt")
      .values({ svix_id: message.svixId, event_type: message.type, received_at: now })
      .onConflict((conflict) => conflict.column("svix_id").doNothing())
      .executeTakeFirst();
    if (Number(receipt.numInsertedOrUpdatedRows ?? 0) === 0) return "duplicate" as const;
    const { value } = event;
    if (value.kind === "changed") await indexUsers(tx, [value.user], now);
    else if (value.kind === "deleted") await indexDeletion(tx, value.userId, timestamp!, now);
    return value.kind === "other" ? ("ignored" as const) : ("applied" as const);
  });
  if (now - prunedAt > PRUNE_EVERY_MS) {
    prunedAt = now;
    await db
      .deleteFrom("webhook_receipt")
      .where("received_at", "<", now - KEEP_RECEIPTS_MS)
      .execute();
  }
  return ok(outcome);
}
