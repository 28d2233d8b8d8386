import { randomUUID } from "node:crypto";

/**
 * Clerk reads started by `proxy.ts` as a request arrives and taken over by the page or action
 * that handles it. Next.js spends about 3 ms on a request before a page's or action's own code
 * runs; starting the Backend API call before that takes those milliseconds off the response.
 *
 * The proxy and the routes are separate bundles in one process, so the hand-over lives on
 * `globalThis`. A ticket is random, taken at most once, only for the key it was started for,
 * and dropped after `READ_AHEAD_TTL_MS` when nobody takes it (a redirect, a refused request).
 */
export const READ_AHEAD_HEADER = "x-metadeck-read-ahead";
export const READ_AHEAD_TTL_MS = 15_000;

interface Pending {
  key: string;
  result: Promise<unknown>;
  timer: ReturnType<typeof setTimeout>;
}

const holder = globalThis as typeof globalThis & {
  __metadeckReadAheads?: Map<string, Pending>;
};

function pendingReads(): Map<string, Pending> {
  holder.__metadeckReadAheads ??= new Map();
  return holder.__metadeckReadAheads;
}

/** Starts `read()` now; returns the ticket to present, with the same key, to take its result. */
export function startReadAhead(key: string, read: () => Promise<unknown>): string {
  const ticket = randomUUID();
  const reads = pendingReads();
  const timer = setTimeout(() => reads.delete(ticket), READ_AHEAD_TTL_MS);
  timer.unref?.();
  reads.set(ticket, { key, result: read(), timer });
  return ticket;
}

/**
 * The read started for this ticket, if it is still waiting and was for the same key. The caller
 * names the type it started the read with under that key.
 */
export function takeReadAhead<T>(ticket: string | null | undefined, key: string) {
  if (!ticket) return undefined;
  const reads = pendingReads();
  const pending = reads.get(ticket);
  if (!pending) return undefined;
  reads.delete(ticket);
  clearTimeout(pending.timer);
  return pending.key === key ? (pending.result as Promise<T>) : undefined;
}
