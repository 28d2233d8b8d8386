import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";

export interface RequestLimit {
  perSession: number;
  perAddress: number;
  windowMs: number;
}

/**
 * Generous for people, a wall for scripts. Writes are server actions; reads are the route
 * handlers the browser's queries call. Counted in the console database, so every instance
 * shares them.
 */
export const WRITE_LIMIT: RequestLimit = { perSession: 120, perAddress: 600, windowMs: 60_000 };
export const READ_LIMIT: RequestLimit = { perSession: 600, perAddress: 1200, windowMs: 60_000 };

/**
 * Webhook deliveries refused (bad signature, stale, too large), per address. Clerk's own
 * deliveries are never refused, so a few a minute is plenty; past it, an address is answered
 * 429 before its body is read.
 */
export const REFUSED_WEBHOOK_LIMIT = { perAddress: 30, windowMs: 60_000 };

const KEEP_WINDOWS = 2;
let prunedAt = 0;

async function count(db: Kysely<ConsoleDatabase>, key: string, windowStart: number) {
  const row = await db
    .insertInto("request_count")
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(["key", "window_start"]).doUpdateSet((eb) => ({
        count: eb("request_count.count", "+", 1),
      })),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Counts one request of this session from this address; answers how many seconds to wait when
 * either is over its limit, or null when the request may go ahead.
 */
export async function overRequestLimit(
  db: Kysely<ConsoleDatabase>,
  kind: "read" | "write",
  sessionId: string,
  address: string,
  now: number,
): Promise<number | null> {
  const limit = kind === "write" ? WRITE_LIMIT : READ_LIMIT;
  const windowStart = now - (now % limit.windowMs);
  const [bySession, byAddress] = await Promise.all([
    count(db, `${kind}:session:${sessionId}`, windowStart),
    count(db, `${kind}:address:${address}`, windowStart),
  ]);
  if (now - prunedAt > limit.windowMs) {
    prunedAt = now;
    await db
      .deleteFrom("request_count")
      .where("window_start", "<", windowStart - KEEP_WINDOWS * limit.windowMs)
      .execute();
  }
  if (bySession <= limit.perSession && byAddress <= limit.perAddress) return null;
  return Math.ceil((windowStart + limit.windowMs - now) / 1000);
}

function refusedWebhookKey(address: string, now: number) {
  const { windowMs } = REFUSED_WEBHOOK_LIMIT;
  return { key: `webhook-refused:address:${address}`, windowStart: now - (now % windowMs) };
}

/** Seconds until this address may send webhooks again, or null while it is within its limit. */
export async function overRefusedWebhookLimit(
  db: Kysely<ConsoleDatabase>,
  address: string,
  now: number,
): Promise<number | null> {
  const { key, windowStart } = refusedWebhookKey(address, now);
  const row = await db
    .selectFrom("request_count")
    .select("count")
    .where("key", "=", key)
    .where("window_start", "=", windowStart)
    .executeTakeFirst();
  if (Number(row?.count ?? 0) < REFUSED_WEBHOOK_LIMIT.perAddress) return null;
  return Math.ceil((windowStart + REFUSED_WEBHOOK_LIMIT.windowMs - now) / 1000);
}

/** Counts one refused webhook delivery from this address. */
export async function countRefusedWebhook(
  db: Kysely<ConsoleDatabase>,
  address: string,
  now: number,
): Promise<void> {
  const { key, windowStart } = refusedWebhookKey(address, now);
  await count(db, key, windowStart);
}
