import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { readSync, type IndexSync } from "./sync-store";

/** How complete and how fresh the user index is, for the "User index" page. */
export interface IndexStatus {
  /** When this status was read: what "ago" counts from. */
  readAt: number;
  users: number;
  removed: number;
  /** Webhook messages taken in over the receipts kept (the last 3 days). */
  eventsReceived: number;
  lastEventAt: number | null;
  /** The newest write to the index, whatever made it (webhook, save, backfill). */
  lastIndexedAt: number | null;
  backfill: IndexSync | null;
  reconcile: IndexSync | null;
}

export async function readIndexStatus(db: Kysely<ConsoleDatabase>): Promise<IndexStatus> {
  const [counts, events, backfill, reconcile] = await Promise.all([
    db
      .selectFrom("user_index")
      .select((eb) => [
        eb.fn.countAll<number>().as("all"),
        eb.fn.count<number>("deleted_at").as("removed"),
        eb.fn.max("indexed_at").as("last"),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("webhook_receipt")
      .select((eb) => [eb.fn.countAll<number>().as("count"), eb.fn.max("received_at").as("last")])
      .executeTakeFirstOrThrow(),
    readSync(db, "backfill"),
    readSync(db, "reconcile"),
  ]);
  const orNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    readAt: Date.now(),
    users: Number(counts.all) - Number(counts.removed),
    removed: Number(counts.removed),
    eventsReceived: Number(events.count),
    lastEventAt: orNull(events.last),
    lastIndexedAt: orNull(counts.last),
    backfill,
    reconcile,
  };
}
