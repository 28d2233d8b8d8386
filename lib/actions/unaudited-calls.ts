import "server-only";

const WINDOW_MS = 60_000;
const MAX_SOURCES = 10_000;

interface Tally {
  since: number;
  count: number;
}

// Per process: a count for the server log, not a record (the audit log is for people).
const holder = globalThis as typeof globalThis & {
  __metadeckUnauditedCalls?: Map<string, Tally>;
};

/**
 * Notes a server action call the audit log does not keep: one without a live session (anyone
 * can send these, as fast as they like), or one past a session's request limit. The server
 * log gets at most one line per source per minute, with how many calls it made.
 */
export function noteUnauditedCall(source: string, what: string, now = Date.now()): void {
  holder.__metadeckUnauditedCalls ??= new Map();
  const tallies = holder.__metadeckUnauditedCalls;
  const tally = tallies.get(source);
  if (tally && now - tally.since < WINDOW_MS) {
    tally.count += 1;
    return;
  }
  if (!tally && tallies.size >= MAX_SOURCES) {
    for (const [key, old] of tallies) if (now - old.since >= WINDOW_MS) tallies.delete(key);
    if (tallies.size >= MAX_SOURCES) return;
  }
  const before = tally && tally.count > 1 ? ` (${tally.count} in its previous minute)` : "";
  console.warn(`[security] ${what} refused unaudited (${source})${before}`);
  tallies.set(source, { since: now, count: 1 });
}
