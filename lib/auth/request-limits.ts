import { REFUSED_WEBHOOK_LIMIT, REQUEST_LIMITS } from "@/lib/config/limits";
import type { ConsoleDb } from "@/lib/db/open-database";
import { WindowCounter, type WindowTakeRequest } from "@/lib/db/window-counter";

/** A fixed window of `windowMs` (one slot of the window counter), taking one request. */
const oneIn = (key: string, cap: number, windowMs: number, now: number): WindowTakeRequest => ({
  key,
  now,
  windowMs: 0,
  slotMs: windowMs,
  cap,
  calls: 1,
  atLeast: 1,
});

const secondsUntil = (at: number, now: number) => Math.ceil((at - now) / 1000);

/**
 * Counts one request of this staff account against the request limits (lib/config/limits.ts),
 * in the console database so every instance shares them; answers how many seconds to wait when
 * it is over its limit, or null when the request may go ahead.
 */
export async function overRequestLimit(
  database: ConsoleDb,
  kind: "read" | "write",
  staffId: string,
  now: number,
): Promise<number | null> {
  const limit = REQUEST_LIMITS[kind];
  const counted = await new WindowCounter(database).take(
    oneIn(`${kind}:person:${staffId}`, limit.perPerson, limit.windowMs, now),
  );
  return "retryAt" in counted ? secondsUntil(counted.retryAt, now) : null;
}

const refusedWebhooks = (address: string, now: number) =>
  oneIn(
    `webhook-refused:address:${address}`,
    REFUSED_WEBHOOK_LIMIT.perAddress,
    REFUSED_WEBHOOK_LIMIT.windowMs,
    now,
  );

/**
 * Counts one refused webhook delivery from this address; answers how many seconds it must wait
 * when it is past its limit (that refusal is then not counted), else null.
 */
export async function countRefusedWebhook(
  database: ConsoleDb,
  address: string,
  now: number,
): Promise<number | null> {
  const counted = await new WindowCounter(database).take(refusedWebhooks(address, now));
  return "retryAt" in counted ? secondsUntil(counted.retryAt, now) : null;
}
