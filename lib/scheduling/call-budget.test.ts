import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "@/tests/support/fake-clock";
import type { Clock } from "./clock";
import { CallBudget, type CallPriority, type CallWindowStore, type RateLimit } from "./call-budget";
import { MemoryWindowStore } from "@/tests/support/memory-window-store";

function maxInAnyWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length;
    best = Math.max(best, inWindow);
  }
  return best;
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

function budget(
  limit: RateLimit,
  clock = new FakeClock(),
  store: CallWindowStore = new MemoryWindowStore(),
) {
  return new CallBudget({ store, key: "k", limit, clock, slackMs: 0, random: () => 0 });
}

async function reserveOne(b: CallBudget, priority: CallPriority, clock: FakeClock) {
  const answer = await b.reserve(priority);
  if (!("permit" in answer)) throw new Error("refused");
  return clock.now();
}

describe("the call budget", () => {
  it("lets a full window through at once, then waits for the window to slide", async () => {
    const clock = new FakeClock();
    const b = budget({ requests: 5, windowMs: 1000 }, clock);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) times.push(await reserveOne(b, "interactive", clock));
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // Slots of 10 ms are counted whole: the window reopens one slot after a second.
    expect(times.slice(5, 10)).toEqual([1010, 1010, 1010, 1010, 1010]);
    expect(maxInAnyWindow(times, 1000)).toBe(5);
  });

  it("never lets more than the limit into any window, whatever the arrival pattern and priority", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 100, max: 5000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 700 }), fc.boolean()), {
          minLength: 1,
          maxLength: 120,
        }),
        async (requests, windowMs, arrivals) => {
          const clock = new FakeClock();
          const b = budget({ requests, windowMs }, clock);
          const times: number[] = [];
          for (const [gap, bulk] of arrivals) {
            clock.advance(gap);
            times.push(await reserveOne(b, bulk ? "bulk" : "interactive", clock));
          }
          expect(maxInAnyWindow(times, windowMs)).toBeLessThanOrEqual(requests);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives bulk jobs 90% of the limit and keeps the last 10% for people", async () => {
    const clock = new FakeClock();
    const b = budget({ requests: 100, windowMs: 10_000 }, clock);
    for (let i = 0; i < 90; i++) await reserveOne(b, "bulk", clock);
    expect(clock.now()).toBe(0);
    // The bulk job's next call waits for the window; a person's calls go through meanwhile.
    expect(await b.reserve("bulk", { maxWaitMs: 5000 })).toEqual({
      refused: { retryAfterMs: 10_100 },
    });
    for (let i = 0; i < 10; i++) await reserveOne(b, "interactive", clock);
    expect(clock.now()).toBe(0);
    expect(await b.reserve("interactive", { maxWaitMs: 3000 })).toMatchObject({ refused: {} });
  });

  it("counts two budgets that share a store as one, and separate keys apart", async () => {
    const clock = new FakeClock();
    const store = new MemoryWindowStore();
    const a = budget({ requests: 4, windowMs: 1000 }, clock, store);
    const b = budget({ requests: 4, windowMs: 1000 }, clock, store);
    const other = new CallBudget({
      store,
      key: "another Clerk instance",
      limit: { requests: 4, windowMs: 1000 },
      clock,
    });
    await reserveOne(a, "interactive", clock);
    await reserveOne(b, "interactive", clock);
    await reserveOne(a, "interactive", clock);
    await reserveOne(b, "interactive", clock);
    await reserveOne(other, "interactive", clock);
    expect(clock.now()).toBe(0);
    expect(await a.reserve("interactive", { maxWaitMs: 0 })).toMatchObject({ refused: {} });
  });

  it("serves concurrent callers one call each, several calls at once when asked", async () => {
    const clock = new FakeClock();
    const b = budget({ requests: 3, windowMs: 1000 }, clock);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, () => b.reserve("interactive").then(() => times.push(clock.now()))),
    );
    expect(times).toEqual([0, 0, 0, 1010, 1010, 1010, 2020]);
    // One call in the window: three more do not fit, two do.
    expect(await b.reserve("interactive", { calls: 3, maxWaitMs: 0 })).toMatchObject({
      refused: {},
    });
    expect(await b.reserve("interactive", { calls: 2, maxWaitMs: 0 })).toMatchObject({
      permit: { calls: 2 },
    });
    expect(() => b.reserve("bulk", { calls: 3 })).toThrow(/never fit/);
  });

  it("counts the time a person waits behind others against their wait", async () => {
    const clock = new FakeClock();
    const b = budget({ requests: 2, windowMs: 1000 }, clock);
    await reserveOne(b, "interactive", clock);
    await reserveOne(b, "interactive", clock);
    // Three people at once, each willing to wait 1.5 s: the first gets the slot that frees at
    // 1010 ms, the second the one after it; the third would wait past 1.5 s in all and is told so.
    const answers = await Promise.all(
      [1, 2, 3].map(() => b.reserve("interactive", { maxWaitMs: 1500 })),
    );
    expect(answers.map((answer) => "permit" in answer)).toEqual([true, true, false]);
    expect(clock.now()).toBe(1010);
  });

  it("gives up a wait, counting nothing, once the caller has stopped", async () => {
    const clock = new FakeClock();
    const b = budget({ requests: 1, windowMs: 1000 }, clock);
    await reserveOne(b, "interactive", clock);
    const halt = new AbortController();
    halt.abort();
    expect(await b.reserve("interactive", { signal: halt.signal })).toEqual({
      refused: { retryAfterMs: 0 },
    });
    // Had the given-up turn counted, the next call would wait for a second window.
    expect(await reserveOne(b, "interactive", clock)).toBe(1010);
  });

  it("asks the store once for everyone waiting, and hands out only what it counted", async () => {
    const clock = new FakeClock();
    const memory = new MemoryWindowStore();
    const asked: number[] = [];
    const store: CallWindowStore = {
      take: (request) => {
        asked.push(request.calls);
        return memory.take(request);
      },
    };
    const b = budget({ requests: 10, windowMs: 1000 }, clock, store);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, () => b.reserve("bulk").then(() => times.push(clock.now()))),
    );
    // The first caller asks alone; the other fifteen in one question, of which eight fit (the
    // bulk share of ten is nine); the last seven when the window has slid.
    expect(asked).toEqual([1, 9, 7, 7]);
    expect(times).toEqual([...Array<number>(9).fill(0), ...Array<number>(7).fill(1010)]);
  });

  it("lets a caller who stops waiting go at once, while the others keep their places", async () => {
    // A clock whose sleeps last until the test ends them.
    let time = 0;
    const sleepers: (() => void)[] = [];
    const clock: Clock = {
      now: () => time,
      sleep: () => new Promise<void>((resolve) => sleepers.push(resolve)),
    };
    const b = new CallBudget({
      store: new MemoryWindowStore(),
      key: "k",
      limit: { requests: 1, windowMs: 1000 },
      clock,
      slackMs: 0,
      random: () => 0,
    });
    expect(await b.reserve("bulk")).toMatchObject({ permit: {} });
    const halt = new AbortController();
    const stopped = b.reserve("bulk", { signal: halt.signal });
    const waiting = b.reserve("bulk");
    await until(() => sleepers.length === 1);
    halt.abort();
    expect(await stopped).toEqual({ refused: { retryAfterMs: 0 } });
    time = 1010;
    sleepers.shift()!();
    expect(await waiting).toMatchObject({ permit: { calls: 1 } });
  });

  it("fails every waiting caller when the store cannot answer, and serves later ones", async () => {
    const clock = new FakeClock();
    let down = true;
    const memory = new MemoryWindowStore();
    const store: CallWindowStore = {
      take: (request) =>
        down ? Promise.reject(new Error("database unreachable")) : memory.take(request),
    };
    const b = budget({ requests: 5, windowMs: 1000 }, clock, store);
    const answers = await Promise.allSettled([b.reserve("interactive"), b.reserve("interactive")]);
    expect(answers.map((a) => a.status)).toEqual(["rejected", "rejected"]);
    down = false;
    expect(await b.reserve("interactive")).toMatchObject({ permit: { calls: 1 } });
  });
});
