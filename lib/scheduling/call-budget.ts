import { BULK_SHARE, WINDOW_SLACK_MS } from "@/lib/config/limits";
import type { Clock } from "./clock";

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

/** The answer of a store asked to count calls: how many it counted, or when to ask again. */
export type WindowTake = { taken: number } | { retryAt: number };

/**
 * Where calls are counted, in slots of `slotMs`. `take` counts as many of `calls` as fit at
 * `now`, and at least `atLeast`, so that the calls counted in every slot that overlaps the
 * window `(now − windowMs, now]` stay within `cap`; when not even `atLeast` fit it counts
 * nothing and answers when the oldest counted slot leaves the window. Counting a whole slot
 * that only overlaps the window errs on the safe side: no real window ever holds more than
 * `cap`. One store may hold many budgets, by key.
 */
export interface CallWindowStore {
  take(request: {
    key: string;
    now: number;
    windowMs: number;
    slotMs: number;
    cap: number;
    calls: number;
    atLeast: number;
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

/** Slots per window: finer slots waste less of the limit, at more rows. */
const SLOTS_PER_WINDOW = 100;

interface Waiter {
  calls: number;
  giveUpAt: number;
  settle(reservation: Reservation): void;
  fail(error: unknown): void;
}

/**
 * A sliding-window budget of calls shared by everyone whose store is the same (every instance
 * on one console database). Within a process, callers of one priority are served in order by
 * one loop that asks the store for all of them at once: a job's many workers cost one question
 * to the store, not one each, and only that loop asks while the window is full.
 */
export class CallBudget {
  private readonly queues: Record<CallPriority, Waiter[]> = { interactive: [], bulk: [] };
  private readonly serving: Record<CallPriority, boolean> = { interactive: false, bulk: false };
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
    const { calls = 1, signal, maxWaitMs = Number.POSITIVE_INFINITY } = options;
    if (calls > this.capOf(priority))
      throw new Error(`${calls} calls at once can never fit a ${priority} budget`);
    if (signal?.aborted) return Promise.resolve({ refused: { retryAfterMs: 0 } });
    return new Promise<Reservation>((resolve, reject) => {
      const queue = this.queues[priority];
      const onAbort = () => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        resolve({ refused: { retryAfterMs: 0 } });
      };
      const waiter: Waiter = {
        calls,
        giveUpAt: this.options.clock.now() + maxWaitMs,
        settle: (reservation) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(reservation);
        },
        fail: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      void this.serve(priority);
    });
  }

  /** Asks the store for everyone waiting, hands out what it counted, sleeps when it is full. */
  private async serve(priority: CallPriority): Promise<void> {
    if (this.serving[priority]) return;
    this.serving[priority] = true;
    const queue = this.queues[priority];
    const { store, key, clock } = this.options;
    const random = this.options.random ?? Math.random;
    try {
      while (queue.length > 0) {
        const now = clock.now();
        const cap = this.capOf(priority);
        const wanted = queue.reduce((sum, waiter) => sum + waiter.calls, 0);
        let answer: WindowTake;
        try {
          answer = await store.take({
            key,
            now,
            windowMs: this.windowMs,
            slotMs: this.slotMs,
            cap,
            calls: Math.min(wanted, cap),
            atLeast: queue[0]!.calls,
          });
        } catch (error) {
          for (const waiter of queue.splice(0)) waiter.fail(error);
          return;
        }
        if ("taken" in answer) {
          // In order, while the counted calls last. Whoever stopped waiting in the meantime has
          // left the queue; their share stays counted, erring on the safe side.
          let left = answer.taken;
          while (queue.length > 0 && queue[0]!.calls <= left) {
            const waiter = queue.shift()!;
            left -= waiter.calls;
            waiter.settle({ permit: { priority, calls: waiter.calls } as CallPermit });
          }
          continue;
        }
        // A little jitter: instances waiting for the same slot do not all ask at the same moment.
        const wait = Math.max(answer.retryAt - now, 1) + Math.floor(random() * 20);
        const retryAfterMs = answer.retryAt - now;
        for (const waiter of queue.filter((w) => now + wait > w.giveUpAt)) {
          queue.splice(queue.indexOf(waiter), 1);
          waiter.settle({ refused: { retryAfterMs } });
        }
        // Not woken by an abort: an aborted caller has already left the queue with its answer.
        if (queue.length > 0) await clock.sleep(wait);
      }
    } finally {
      this.serving[priority] = false;
    }
  }
}
