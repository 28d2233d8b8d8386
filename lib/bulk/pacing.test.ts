import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "@/tests/support/fake-clock";
import { bulkBudget, CLERK_INSTANCE_LIMITS, RateLimiter } from "./rate-limiter";
import { decideRetry, MAX_ATTEMPTS } from "./retry-policy";

function maxInAnyWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length;
    best = Math.max(best, inWindow);
  }
  return best;
}

describe("the rate limiter", () => {
  it("sends a full window at once, then waits for the window to slide", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 5, windowMs: 1000 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire();
      times.push(clock.now());
    }
    expect(times).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  });

  it("never lets more than the budget into any window, whatever the arrival pattern", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 10, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 120 }),
        async (requests, windowMs, gaps) => {
          const clock = new FakeClock();
          const limiter = new RateLimiter({ requests, windowMs }, clock);
          const times: number[] = [];
          for (const gap of gaps) {
            clock.advance(gap);
            await limiter.acquire();
            times.push(clock.now());
          }
          expect(maxInAnyWindow(times, windowMs)).toBeLessThanOrEqual(requests);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("serves concurrent callers one slot each", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 3, windowMs: 1000 }, clock);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, () => limiter.acquire().then(() => times.push(clock.now()))),
    );
    expect(maxInAnyWindow(times, 1000)).toBe(3);
    expect(times).toHaveLength(7);
  });

  it("gives up a turn, counting nothing, once the caller has stopped", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 1, windowMs: 1000 }, clock);
    expect(await limiter.acquire()).toBe(true);
    const halt = new AbortController();
    const waiting = limiter.acquire(halt.signal);
    halt.abort();
    expect(await waiting).toBe(false);
    // Had the given-up turn counted, the next send would wait for a second window.
    expect(await limiter.acquire()).toBe(true);
    expect(clock.now()).toBe(1000);
  });

  it("keeps 10% of Clerk's limits for everyone else, with slack for arrival delay", () => {
    expect(bulkBudget(CLERK_INSTANCE_LIMITS.prod)).toEqual({ requests: 900, windowMs: 10_250 });
    expect(bulkBudget(CLERK_INSTANCE_LIMITS.dev)).toEqual({ requests: 90, windowMs: 10_250 });
  });
});

describe("the retry policy", () => {
  const clerk = (status: number, retryAfterSeconds: number | null = null) => ({
    kind: "clerk" as const,
    status,
    code: "x",
    message: `status ${status}`,
    traceId: null,
    retryAfterSeconds,
  });

  it("waits exactly Retry-After on 429, without checking the user first", () => {
    expect(decideRetry(clerk(429, 3), 1)).toEqual({
      kind: "retry",
      afterMs: 3000,
      verifyFirst: false,
    });
  });

  it("backs off exponentially on 5xx and network failures, and checks the user first", () => {
    const at = (attempts: number, random: number) =>
      decideRetry(clerk(500), attempts, () => random);
    expect(at(1, 0)).toMatchObject({ kind: "retry", afterMs: 250, verifyFirst: true });
    expect(at(1, 1)).toMatchObject({ afterMs: 500 });
    expect(at(3, 1)).toMatchObject({ afterMs: 2000 });
    expect(decideRetry({ kind: "network", message: "down" }, 2, () => 0)).toMatchObject({
      kind: "retry",
      afterMs: 500,
      verifyFirst: true,
    });
  });

  it("gives up on other 4xx at once, and on anything after the last attempt", () => {
    expect(decideRetry(clerk(404), 1)).toEqual({ kind: "give_up", reason: "status 404" });
    expect(decideRetry(clerk(500), MAX_ATTEMPTS)).toMatchObject({ kind: "give_up" });
    expect(decideRetry(clerk(429, 1), MAX_ATTEMPTS)).toMatchObject({ kind: "give_up" });
  });
});
