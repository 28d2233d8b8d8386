import { randomUUID } from "node:crypto";
import { userListSearch, type UserListQuery } from "./list-query";

/**
 * Clerk's reads for a `/users` request, started by `proxy.ts` as the request arrives and picked
 * up by the page. Next.js spends about 3 ms setting up a render before the page's own code runs;
 * starting the two Backend API calls before that takes those milliseconds off every list view.
 *
 * The proxy and the pages are separate bundles in one process, so the hand-over lives on
 * `globalThis`. A ticket is random, taken at most once, only for the query it was started for,
 * and dropped after `READ_AHEAD_TTL_MS` when nobody takes it (a redirect, a closed connection).
 */
export const READ_AHEAD_HEADER = "x-metadeck-read-ahead";
export const READ_AHEAD_TTL_MS = 15_000;

interface Pending<T> {
  view: string;
  result: Promise<T>;
  timer: ReturnType<typeof setTimeout>;
}

const holder = globalThis as typeof globalThis & {
  __metadeckListReadAhead?: Map<string, Pending<unknown>>;
};

function pendingReads(): Map<string, Pending<unknown>> {
  holder.__metadeckListReadAhead ??= new Map();
  return holder.__metadeckListReadAhead;
}

/** Starts `read(query)` now; returns the ticket the page presents to take its result. */
export function startListReadAhead<T>(
  query: UserListQuery,
  read: (query: UserListQuery) => Promise<T>,
): string {
  const ticket = randomUUID();
  const reads = pendingReads();
  const timer = setTimeout(() => reads.delete(ticket), READ_AHEAD_TTL_MS);
  timer.unref?.();
  reads.set(ticket, { view: userListSearch(query), result: read(query), timer });
  return ticket;
}

/** The read started for this ticket, if it is still waiting and was for the same view. */
export function takeListReadAhead<T>(
  ticket: string | null | undefined,
  query: UserListQuery,
): Promise<T> | undefined {
  if (!ticket) return undefined;
  const reads = pendingReads();
  const pending = reads.get(ticket);
  if (!pending) return undefined;
  reads.delete(ticket);
  clearTimeout(pending.timer);
  return pending.view === userListSearch(query) ? (pending.result as Promise<T>) : undefined;
}

/** How many reads are waiting to be taken (for tests and leak checks). */
export function pendingListReadAheads(): number {
  return pendingReads().size;
}
