/**
 * A sliding-window log: at most `limit` recorded events per key in any `windowMs`.
 * Refused events are not recorded, so waiting the returned time always lets the next one through.
 */
export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** How many ms remain until one more event for `key` fits (0 when it fits now). */
  waitFor(key: string, now: number): number {
    const log = this.events.get(key);
    if (!log) return 0;
    const horizon = now - this.windowMs;
    let expired = 0;
    while (expired < log.length && (log[expired] as number) <= horizon) expired++;
    if (expired > 0) log.splice(0, expired);
    if (log.length === 0) {
      this.events.delete(key);
      return 0;
    }
    return log.length < this.limit ? 0 : (log[0] as number) + this.windowMs - now;
  }

  record(key: string, now: number): void {
    const log = this.events.get(key);
    if (log) log.push(now);
    else this.events.set(key, [now]);
  }

  reset(): void {
    this.events.clear();
  }
}
