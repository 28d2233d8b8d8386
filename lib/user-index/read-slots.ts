/** Gives a slot back. Calling it again does nothing. */
export type ReleaseSlot = () => void;

interface SessionSlots {
  running: number;
  waiting: Array<(release: ReleaseSlot | null) => void>;
}

/**
 * At most `perSession` index reads (a filtered page, an export, a bulk change's targets) of one
 * session run at once in this process, and at most `waitingPerSession` more wait for them, each
 * for at most `waitMs`: a viewer with a script gets answers at the pace of two, and cannot queue
 * the readers up for everyone else. Counted in memory, since what it bounds is this process's
 * readers; a session spread over several instances gets two on each.
 */
export class IndexReadSlots {
  private sessions = new Map<string, SessionSlots>();

  constructor(
    private readonly limits: { perSession: number; waitingPerSession: number; waitMs: number },
  ) {}

  /** A slot for this session, after a wait if need be; null when none came (answer 429). */
  take(sessionId: string): Promise<ReleaseSlot | null> {
    const slots = this.sessions.get(sessionId) ?? { running: 0, waiting: [] };
    this.sessions.set(sessionId, slots);
    if (slots.running < this.limits.perSession) {
      slots.running += 1;
      return Promise.resolve(this.releaser(sessionId, slots));
    }
    if (slots.waiting.length >= this.limits.waitingPerSession) return Promise.resolve(null);
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

  /** Reads of this session running now (for tests and the health of the limit). */
  running(sessionId: string): number {
    return this.sessions.get(sessionId)?.running ?? 0;
  }

  private releaser(sessionId: string, slots: SessionSlots): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slots.waiting.shift();
      // The slot passes straight to the first waiter: nobody can take it in between.
      if (next) next(this.releaser(sessionId, slots));
      else if (--slots.running === 0) this.sessions.delete(sessionId);
    };
  }
}
