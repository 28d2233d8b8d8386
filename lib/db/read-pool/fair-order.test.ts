import { describe, expect, it } from "vitest";
import type { PostgresPoolClient } from "kysely";
import { withIndexReadContext } from "../read-context";
import { nextInLine, RecentStatementTimes } from "./fair-order";
import { FairPostgresPool } from "./fair-postgres-pool";

// Waiting since the same moment as `nextInLine` is asked at: their wait counts for nothing.
const waitingOf = (...owners: (string | undefined)[]) =>
  owners.map((owner) => ({ owner, since: 0 }));

describe("which waiting index statement goes next", () => {
  it("is the one whose person's statements ran shortest lately, the longest waiting among equals", () => {
    const times = new RecentStatementTimes(() => 1_000_000);
    times.record("slow", 450);
    times.record("slower", 480);
    times.record("quick", 30);
    expect(nextInLine(waitingOf("slower", "slow", "quick"), new Set(), times, 0)).toBe(2);
    expect(nextInLine(waitingOf("slower", "slow"), new Set(), times, 0)).toBe(1);
    // Someone not timed counts as slow as the heavy mark (500 ms): after those timed quicker,
    // before those timed slower; a statement of no one's (the server's own) counts as quick.
    times.record("slowest", 900);
    expect(nextInLine(waitingOf("new", "slow"), new Set(), times, 0)).toBe(1);
    expect(nextInLine(waitingOf("slowest", "new"), new Set(), times, 0)).toBe(1);
    expect(nextInLine(waitingOf("slow", undefined, "new"), new Set(), times, 0)).toBe(1);
    // Ties go in order.
    expect(nextInLine(waitingOf("new", "newer"), new Set(), times, 0)).toBe(0);
  });

  it("counts a statement's wait against its person's time, so that nobody starves", () => {
    const times = new RecentStatementTimes(() => 0);
    times.record("looper", 450);
    // A newcomer (500 ms) waiting 40 ms still goes after a looper's statement that just came;
    // waiting 60 ms, before it: behind quicker people only for their rank's difference.
    const queue = (waited: number) => [
      { owner: "new", since: 10_000 - waited },
      { owner: "looper", since: 10_000 },
    ];
    expect(nextInLine(queue(40), new Set(), times, 10_000)).toBe(1);
    expect(nextInLine(queue(60), new Set(), times, 10_000)).toBe(0);
  });

  it("never runs two statements of one person at once, and nothing when all wait on their own", () => {
    const times = new RecentStatementTimes(() => 0);
    expect(nextInLine(waitingOf("a", "b"), new Set(["a"]), times, 0)).toBe(1);
    expect(nextInLine(waitingOf("a", "a"), new Set(["a"]), times, 0)).toBe(-1);
    expect(nextInLine(waitingOf(undefined, undefined), new Set([undefined]), times, 0)).toBe(0);
  });

  it("remembers a person's longest statement for a minute, then takes them as untimed again", () => {
    let now = 0;
    const times = new RecentStatementTimes(() => now);
    expect(times.of("a")).toBe(500);
    times.record("a", 400);
    times.record("a", 20);
    expect(times.of("a")).toBe(400);
    now = 60_001;
    expect(times.of("a")).toBe(500);
    times.record("a", 20);
    expect(times.of("a")).toBe(20);
  });
});

describe("PostgreSQL connections for index reads", () => {
  /**
   * A pool of `size` connections that open at once, a log of who got one in order, and a way
   * to ask for one as a person's index read.
   */
  function fairPool(size: number, times?: RecentStatementTimes) {
    const order: string[] = [];
    const connections = {
      connect: async () =>
        ({ query: async () => ({ rows: [] }), release: () => {} }) as unknown as PostgresPoolClient,
      end: async () => {},
    };
    const pool = new FairPostgresPool(connections, size, times);
    const as = (owner: string) =>
      withIndexReadContext({ owner, onStatement: () => {} }, async () => {
        const client = await pool.connect();
        order.push(owner);
        return client;
      });
    return { order, as };
  }

  it("go to the quick person before people whose statements ran long, whoever came first", async () => {
    const times = new RecentStatementTimes();
    times.record("slow1", 450);
    times.record("slow2", 450);
    times.record("quick", 30);
    const { order, as } = fairPool(1, times);
    const first = await as("slow1");
    const later = [as("slow2"), as("quick")];
    // Both wait for the one connection; when it is free, the quick person's statement goes.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(["slow1"]);
    first.release();
    const quick = await later[1]!;
    expect(order).toEqual(["slow1", "quick"]);
    quick.release();
    (await later[0]!).release();
    expect(order).toEqual(["slow1", "quick", "slow2"]);
  });

  it("go to a person timed quick before fresh accounts sent all at once", async () => {
    const times = new RecentStatementTimes();
    times.record("victim", 60);
    const { order, as } = fairPool(1, times);
    const first = await as("fresh0");
    const later = [1, 2, 3].map((n) => as(`fresh${n}`));
    const victim = as("victim");
    first.release();
    (await victim).release();
    for (const fresh of later) (await fresh).release();
    expect(order).toEqual(["fresh0", "victim", "fresh1", "fresh2", "fresh3"]);
  });

  it("run one statement of a person at a time, others passing it", async () => {
    const { order, as } = fairPool(2);
    const a1 = await as("a");
    const a2 = as("a");
    const b = await as("b");
    expect(order).toEqual(["a", "b"]);
    a1.release();
    (await a2).release();
    b.release();
    // Released twice is released once.
    b.release();
    expect(order).toEqual(["a", "b", "a"]);
  });
});
