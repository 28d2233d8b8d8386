/** Gives a slot back. Calling it again does nothing. */
export type ReleaseSlot = () => void;

interface Queue {
  running: number;
  waiting: Array<(release: ReleaseSlot | null) => void>;
}

export interface ReadSlotLimits {
  perPerson: number;
  waitingPerPerson: number;
  waitMs: number;
  /** How many reads at once of people whose reads went over budget lately, all of them together. */
  heavyLanes: number;
  /** How long after a read over budget its person counts as running heavy filters. */
  heavyForMs: number;
}

/** The key of the lane heavy readers share; no staff id is empty. */
const HEAVY_LANE = "";

/**
 * At most `perPerson` index reads (a filtered page, an export, a bulk change's targets) of one
 * person run at once in this process, and at most `waitingPerPerson` more wait for them, each
 * for at most `waitMs`: a viewer with a script gets answers at the pace the limit sets, and
 * cannot queue the readers up for everyone else. Keyed by staff account, not session, so that
 * signing in again and again gives no more.
 *
 * Several people (or one person's several accounts) could still hold every reader with heavy
 * filters. So a person whose read went over budget in the last `heavyForMs` also needs one of
 * `heavyLanes` lanes that all such people share: heavy filters take that many readers at most,
 * and everyone else's reads keep the rest.
 *
 * Counted in memory, since what it bounds is this process's readers; a person's requests spread
 * over several instances get `perPerson` on each.
 */
export class IndexReadSlots {
  private queues = new Map<string, Queue>();
  private heavyUntil = new Map<string, number>();

  constructor(
    private readonly limits: ReadSlotLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** A slot for this person, after a wait if need be; null when none came (answer 429). */
  async take(person: string): Promise<ReleaseSlot | null> {
    const own = await this.acquire(person, this.limits.perPerson, this.limits.waitingPerPerson);
    if (!own || !this.isHeavy(person)) return own;
    // Each heavy person waits in their own queue first, so this one holds few at a time.
    const lane = await this.acquire(HEAVY_LANE, this.limits.heavyLanes, Infinity);
    if (!lane) {
      own();
      return null;
    }
    return () => {
      lane();
      own();
    };
  }

  /** A read of this person went over budget: for a while, their reads share the heavy lanes. */
  overBudget(person: string): void {
    const now = this.now();
    this.heavyUntil.set(person, now + this.limits.heavyForMs);
    for (const [someone, until] of this.heavyUntil)
      if (until <= now) this.heavyUntil.delete(someone);
  }

  /** Reads of this person running now. */
  running(person: string): number {
    return this.queues.get(person)?.running ?? 0;
  }

  private isHeavy(person: string): boolean {
    return (this.heavyUntil.get(person) ?? 0) > this.now();
  }

  private acquire(key: string, limit: number, waitingLimit: number): Promise<ReleaseSlot | null> {
    const queue = this.queues.get(key) ?? { running: 0, waiting: [] };
    this.queues.set(key, queue);
    if (queue.running < limit) {
      queue.running += 1;
      return Promise.resolve(this.releaser(key, queue));
    }
    if (queue.waiting.length >= waitingLimit) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = (release: ReleaseSlot | null) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        queue.waiting = queue.waiting.filter((w) => w !== waiter);
        resolve(null);
      }, this.limits.waitMs);
      queue.waiting.push(waiter);
    });
  }

  private releaser(key: string, queue: Queue): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.waiting.shift();
      // The slot passes straight to the first waiter: nobody can take it in between.
      if (next) next(this.releaser(key, queue));
      else if (--queue.running === 0) this.queues.delete(key);
    };
  }
}
