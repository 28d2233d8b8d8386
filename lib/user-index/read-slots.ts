/** Gives a slot back. Calling it again does nothing. */
export type ReleaseSlot = () => void;

interface PersonSlots {
  running: number;
  waiting: Array<(release: ReleaseSlot | null) => void>;
}

/**
 * At most `perPerson` index reads (a filtered page, an export, a bulk change's targets) of one
 * person run at once in this process, and at most `waitingPerPerson` more wait for them, each
 * for at most `waitMs`: a viewer with a script gets answers at the pace the limit sets, and
 * cannot queue the readers up for everyone else. Keyed by staff account, not session, so that
 * signing in again and again gives no more. Counted in memory, since what it bounds is this
 * process's readers; a person's requests spread over several instances get `perPerson` on each.
 */
export class IndexReadSlots {
  private people = new Map<string, PersonSlots>();

  constructor(
    private readonly limits: { perPerson: number; waitingPerPerson: number; waitMs: number },
  ) {}

  /** A slot for this person, after a wait if need be; null when none came (answer 429). */
  take(person: string): Promise<ReleaseSlot | null> {
    const slots = this.people.get(person) ?? { running: 0, waiting: [] };
    this.people.set(person, slots);
    if (slots.running < this.limits.perPerson) {
      slots.running += 1;
      return Promise.resolve(this.releaser(person, slots));
    }
    if (slots.waiting.length >= this.limits.waitingPerPerson) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = (release: ReleaseSlot | null) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        slots.waiting = slots.waiting.filter((w) => w !== waiter);
        resolve(null);
      }, this.limits.waitMs);
      slots.waiting.push(waiter);
    });
  }

  /** Reads of this person running now. */
  running(person: string): number {
    return this.people.get(person)?.running ?? 0;
  }

  private releaser(person: string, slots: PersonSlots): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      // The slot passes straight to the first waiter: nobody can take it in between.
      if (next) next(this.releaser(person, slots));
      else if (--slots.running === 0) this.people.delete(person);
    };
  }
}
