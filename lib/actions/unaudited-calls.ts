import "server-only";

const WINDOW_MS = 60_000;
const MAX_SOURCES = 10_000;

interface LogMinute {
  since: number;
  count: number;
}

// Per process: a count for the server log, not a record (the audit log is for people).
const holder = globalThis as typeof globalThis & {
  __metadeckUnauditedCalls?: Map<string, LogMinute>;
};

/**
 * Notes a server action call the audit log does not keep: one without a live session (anyone
 * can send these, as fast as they like), or one past a session's request limit. The server
 * log gets at most one line per source per minute, with how many calls it made.
 */
export function noteUnauditedCall(source: string, what: string, now = Date.now()): void {
  holder.__metadeckUnauditedCalls ??= new Map();
  const minutes = holder.__metadeckUnauditedCalls;
  const minute = minutes.get(source);
  if (minute && now - minute.since < WINDOW_MS) {
    minute.count += 1;
    return;
  }
  if (!minute && minutes.size >= MAX_SOURCES) {
    for (const [key, old] of minutes) if (now - old.since >= WINDOW_MS) minutes.delete(key);
    if (minutes.size >= MAX_SOURCES) return;
  }
  const before = minute && minute.count > 1 ? ` (${minute.count} in its previous minute)` : "";
  console.warn(`[security] ${what} refused unaudited (${source})${before}`);
  minutes.set(source, { since: now, count: 1 });
}
