/** How long a statement's time counts for its owner: a person who stops is light again. */
const REMEMBERED_MS = 60_000;

/**
 * How long each person's index statements ran lately: the longest in the last minute. Both
 * read pools (SQLite's reader processes, PostgreSQL's connections) give the next free one to
 * the waiting statement whose person's statements ran shortest, so a person with quick filters
 * waits for at most the statements already running, never behind a queue of slower people's.
 */
export class RecentStatementTimes {
  private longest = new Map<string, { ms: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A statement of `owner` ran `ms` (or was stopped after `ms`, at the budget). */
  record(owner: string | undefined, ms: number): void {
    if (owner === undefined) return;
    const now = this.now();
    const last = this.longest.get(owner);
    if (!last || last.at < now - REMEMBERED_MS || ms >= last.ms)
      this.longest.set(owner, { ms, at: now });
    // Forget people gone quiet, so that the map stays the size of the people reading now.
    if (this.longest.size > 1_000)
      for (const [key, value] of this.longest)
        if (value.at < now - REMEMBERED_MS) this.longest.delete(key);
  }

  /** The longest statement of `owner` in the last minute; 0 for none, or no owner. */
  of(owner: string | undefined): number {
    if (owner === undefined) return 0;
    const last = this.longest.get(owner);
    return last && last.at >= this.now() - REMEMBERED_MS ? last.ms : 0;
  }
}

/**
 * Which waiting statement runs next, by its index in `queue` (oldest first), or -1: of those
 * whose owner has none running (one person's statements run one at a time, others pass them),
 * the one whose owner's statements ran shortest lately; among equals, the one waiting longest.
 */
export function nextInLine(
  queue: readonly { owner: string | undefined }[],
  running: ReadonlySet<string | undefined>,
  times: RecentStatementTimes,
): number {
  let best = -1;
  let bestMs = Infinity;
  for (const [index, { owner }] of queue.entries()) {
    if (owner !== undefined && running.has(owner)) continue;
    const ms = times.of(owner);
    if (ms < bestMs) {
      best = index;
      bestMs = ms;
    }
  }
  return best;
}
