import { sleepUnlessAborted, type Clock } from "./clock";

export interface RateBudget {
  /** Requests allowed per window. */
  requests: number;
  windowMs: number;
}

/**
 * Clerk's Backend API limits: per instance, 100 requests per 10 s in development and 1000 in
 * production (see https://clerk.com/docs/backend-requests/resources/rate-limits).
 */
export const CLERK_INSTANCE_LIMITS = {
  dev: { requests: 100, windowMs: 10_000 },
  prod: { requests: 1000, windowMs: 10_000 },
} as const satisfies Record<string, RateBudget>;

/**
 * The share of the instance budget a bulk job may use, leaving the rest to people using the
 * dashboard (and anything else on the same Clerk instance) meanwhile; and the slack added to
 * the window, since Clerk counts a request when it arrives, a little after it was sent.
 */
export const BULK_SHARE = 0.9;
export const WINDOW_SLACK_MS = 250;

export function bulkBudget(limit: RateBudget): RateBudget {
  return {
    requests: Math.max(1, Math.floor(limit.requests * BULK_SHARE)),
    windowMs: limit.windowMs + WINDOW_SLACK_MS,
  };
}

/**
 * A sliding-window limiter, the same shape as Clerk's: at most `requests` sends in any window
 * of `windowMs`. `acquire` resolves when a request may be sent, and counts it.
 */
export class RateLimiter {
  private sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly budget: RateBudget,
    private readonly clock: Clock,
  ) {}

  /**
   * Waits for a slot in the window (callers are served in order) and counts the send. Resolves
   * false, counting nothing, if the signal aborts first.
   */
  acquire(signal?: AbortSignal): Promise<boolean> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.clock.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - this.budget.windowMs) this.sent.shift();
      if (this.sent.length < this.budget.requests) {
        this.sent.push(now);
        return true;
      }
      await sleepUnlessAborted(this.clock, this.sent[0]! + this.budget.windowMs - now, signal);
    }
  }
}
