import { sleepUnlessAborted, type Clock } from "./clock";

/** At most `requests` calls in any window of `windowMs`: the shape of Clerk's limits. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/**
 * Who is waiting for the call: a person (a page, an action) or a bulk job. Bulk jobs may use
 * only a share of the limit, so a person always finds the rest free.
 */
export type CallPriority = "interactive" | "bulk";

/** The answer of a store asked to count calls. */
export type WindowTake = { taken: true } | { taken: false; retryAt: number };

/**
 * Where calls are counted, in slots of `slotMs`. `take` counts `calls` at `now` only if the
 * calls counted in every slot that overlaps the window `(now − windowMs, now]`, plus these, stay
 * within `cap`; otherwise it counts nothing and answers when the oldest counted slot leaves the
 * window. Counting a whole slot that only overlaps the window errs on the safe side: no real
 * window ever holds more than `cap`. One store may hold many budgets, by key.
 */
export interface CallWindowStore {
  take(request: {
    key: string;
    now: number;
    windowMs: number;
    slotMs: number;
    cap: number;
    calls: number;
  }): Promise<WindowTake>;
}

declare const permitBrand: unique symbol;
/** Proof that calls were counted against the budget; spent by the call it was taken for. */
export interface CallPermit {
  readonly [permitBrand]: true;
  readonly priority: CallPriority;
  readonly calls: number;
}

export interface ReserveOptions {
  calls?: number;
  signal?: AbortSignal;
  maxWaitMs?: number;
}

export type Reservation = { permit: CallPermit } | { refused: { retryAfterMs: number } };

export interface CallBudgetOptions {
  store: CallWindowStore;
  /** Names the budget in the store: one per Clerk instance. */
  key: string;
  limit: RateLimit;
  clock: Clock;
  /** The share of the limit bulk jobs may use. */
  bulkShare?: number;
  /** Added to the window: Clerk counts a call when it arrives, a little after it was sent. */
  slackMs?: number;
  random?: () => number;
}

export const BULK_SHARE = 0.9;
export const WINDOW_SLACK_MS = 250;
/** Slots per window: finer slots waste less of the limit, at more rows. */
const SLOTS_PER_WINDOW = 100;

/**
 * A sliding-window budget of calls shared by everyone whose store is the same (every instance
 * on one console database). Within a process, callers of one priority are served in order, so
 * only the first of them asks the store while the window is full.
 */
export class CallBudget {
  private readonly lines: Record<CallPriority, Promise<unknown>> = {
    interactive: Promise.resolve(),
    bulk: Promise.resolve(),
  };
  readonly windowMs: number;
  private readonly slotMs: number;

  constructor(private readonly options: CallBudgetOptions) {
    this.windowMs = options.limit.windowMs + (options.slackMs ?? WINDOW_SLACK_MS);
    this.slotMs = Math.max(1, Math.floor(options.limit.windowMs / SLOTS_PER_WINDOW));
  }

  /** The most calls of this priority, together with all others, in any window. */
  capOf(priority: CallPriority): number {
    const { requests } = this.options.limit;
    if (priority === "interactive") return requests;
    return Math.max(1, Math.floor(requests * (this.options.bulkShare ?? BULK_SHARE)));
  }

  /**
   * Counts `calls` calls once the window has room for them, waiting as long as `maxWaitMs` from
   * now, the time spent behind other callers included (default: as long as it takes). Refused,
   * counting nothing, when the wait would be longer or the signal aborts first.
   */
  reserve(priority: CallPriority, options: ReserveOptions = {}): Promise<Reservation> {
    if ((options.calls ?? 1) > this.capOf(priority))
      throw new Error(`${options.calls} calls at once can never fit a ${priority} budget`);
    const giveUpAt = this.options.clock.now() + (options.maxWaitMs ?? Number.POSITIVE_INFINITY);
    const turn = this.lines[priority].then(() => this.take(priority, options, giveUpAt));
    this.lines[priority] = turn.catch(() => undefined);
    return turn;
  }

  private async take(
    priority: CallPriority,
    { calls = 1, signal }: ReserveOptions,
    giveUpAt: number,
  ): Promise<Reservation> {
    const { store, key, clock } = this.options;
    const random = this.options.random ?? Math.random;
    for (;;) {
      if (signal?.aborted) return { refused: { retryAfterMs: 0 } };
      const now = clock.now();
      const answer = await store.take({
        key,
        now,
        windowMs: this.windowMs,
        slotMs: this.slotMs,
        cap: this.capOf(priority),
        calls,
      });
      if (answer.taken) return { permit: { priority, calls } as CallPermit };
      // A little jitter: instances waiting for the same slot do not all ask at the same moment.
      const wait = Math.max(answer.retryAt - now, 1) + Math.floor(random() * 20);
      if (now + wait > giveUpAt) return { refused: { retryAfterMs: answer.retryAt - now } };
      if (!(await sleepUnlessAborted(clock, wait, signal))) return { refused: { retryAfterMs: 0 } };
    }
  }
}
