import { INDEX_READS } from "@/lib/config/limits";

/** How long a statement's time counts for its owner: a person who stops is untimed again. */
const REMEMBERED_MS = 60_000;

/**
 * What a person not timed in the last minute counts as: as slow as the mark that sends them to
 * the heavy lane, until their first statement is timed. Counted as quick, fresh accounts sent
 * all at once each jumped ahead of everyone timed, a queue of slow statements the quick waited
 * behind (a helper's attack).
 */
const UNTIMED_MS = INDEX_READS.heavyStatementMs;

/**
 * How long each person's index statements ran lately: the longest in the last minute. Both
 * read pools (SQLite's reader processes, PostgreSQL's connections) give the next free one to
 * the waiting statement whose person's statements ran shortest, less its wait (nextInLine), so
 * a person timed quick passes a queue of slower or untimed ones, and nobody starves.
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

  /**
   * The longest statement of `owner` in the last minute; UNTIMED_MS for a person with none, 0
   * for a statement of no one's (the server's own, shared reads).
   */
  of(owner: string | undefined): number {
    if (owner === undefined) return 0;
    const last = this.longest.get(owner);
    return last && last.at >= this.now() - REMEMBERED_MS ? last.ms : UNTIMED_MS;
  }
}

/** A statement waiting for a reader or connection: whose, and since when (Date.now()). */
export interface WaitingStatement {
  owner: string | undefined;
  since: number;
}

/**
 * Which waiting statement runs next, by its index in `queue` (oldest first), or -1: of those
 * whose owner has none running (one person's statements run one at a time, others pass them),
 * the one whose owner's statements ran shortest lately, less the time it has waited; among
 * equals, the one waiting longest. The wait counts so that nobody starves: ranked by time alone,
 * people whose statements ran just under a newcomer's 500 ms, looping, kept every connection
 * from them (a first filter waited 19.5 s, a helper's sixth attack). A statement now waits
 * behind the quicker ones that came at most its rank's difference after it, never for ever.
 */
export function nextInLine(
  queue: readonly WaitingStatement[],
  running: ReadonlySet<string | undefined>,
  times: RecentStatementTimes,
  now: number = Date.now(),
): number {
  let best = -1;
  let bestScore = Infinity;
  for (const [index, { owner, since }] of queue.entries()) {
    if (owner !== undefined && running.has(owner)) continue;
    const score = times.of(owner) - (now - since);
    if (score < bestScore) {
      best = index;
      bestScore = score;
    }
  }
  return best;
}
