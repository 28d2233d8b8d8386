import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { WindowCounter } from "./window-counter";
import { openConsoleDatabase, type ConsoleDb } from "./open-database";

const take = (
  store: WindowCounter,
  now: number,
  cap: number,
  key = "clerk-a",
  calls = { calls: 1, atLeast: 1 },
) => store.take({ key, now, windowMs: 10_000, slotMs: 100, cap, ...calls });

describe.each(databaseKinds)("the call window in the console database, on %s", (kind) => {
  let database: TestDatabase;
  let second: ConsoleDb;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Another instance: its own connection (pool) to the same database.
    second = openConsoleDatabase(
      kind === "sqlite" ? { kind, file: database.url } : { kind, url: database.url },
    );
  });
  afterAll(async () => {
    await second.db.destroy();
    await database.dispose();
  });

  it("counts up to the cap, then answers when the oldest slot leaves the window", async () => {
    const store = new WindowCounter(database);
    const start = 1_000_000;
    for (let i = 0; i < 5; i++) expect(await take(store, start + i * 150, 5)).toEqual({ taken: 1 });
    expect(await take(store, start + 1000, 5)).toEqual({ retryAt: start + 10_000 + 100 });
    expect(await take(store, start + 10_099, 5)).toHaveProperty("retryAt");
    expect(await take(store, start + 10_100, 5)).toEqual({ taken: 1 });
    // Another budget in the same table is counted apart.
    expect(await take(store, start + 10_100, 1, "clerk-b")).toEqual({ taken: 1 });
  });

  it("counts as many of several callers' calls as fit, and nothing below the least asked", async () => {
    const store = new WindowCounter(database);
    const now = 3_000_000;
    expect(await take(store, now, 10, "clerk-d", { calls: 6, atLeast: 1 })).toEqual({ taken: 6 });
    // Four left: five at least do not fit, so nothing is counted; of eight, four are.
    expect(await take(store, now + 40, 10, "clerk-d", { calls: 8, atLeast: 5 })).toEqual({
      retryAt: now + 10_100,
    });
    expect(await take(store, now + 50, 10, "clerk-d", { calls: 8, atLeast: 2 })).toEqual({
      taken: 4,
    });
    expect(await take(store, now + 60, 10, "clerk-d", { calls: 3, atLeast: 1 })).toHaveProperty(
      "retryAt",
    );
    const rows = await database.db
      .selectFrom("clerk_call_window")
      .select(["slot_start", "calls"])
      .where("budget_key", "=", "clerk-d")
      .execute();
    expect(rows.map((r) => [Number(r.slot_start), r.calls])).toEqual([[now, 10]]);
  });

  it("lets exactly the cap through when two instances ask at once", async () => {
    const stores = [new WindowCounter(database), new WindowCounter(second)];
    const now = 5_000_000;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => take(stores[i % 2]!, now + (i % 7), 25, "clerk-c")),
    );
    expect(answers.filter((a) => "taken" in a)).toHaveLength(25);
    const counted = await database.db
      .selectFrom("clerk_call_window")
      .select((eb) => eb.fn.sum<number>("calls").as("calls"))
      .where("budget_key", "=", "clerk-c")
      .executeTakeFirstOrThrow();
    expect(Number(counted.calls)).toBe(25);
  });

  it("a fixed window (one slot) lets exactly the cap through from two instances, until it ends", async () => {
    const counters = [new WindowCounter(database), new WindowCounter(second)];
    const start = 7_020_000; // the start of a minute
    const fixed = (i: number, now: number) =>
      counters[i % 2]!.take({
        key: "write:session:fixed",
        now,
        windowMs: 0,
        slotMs: 60_000,
        cap: 12,
        calls: 1,
        atLeast: 1,
      });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => fixed(i, start + i)));
    expect(answers.filter((a) => "taken" in a)).toHaveLength(12);
    expect(answers.find((a) => "retryAt" in a)).toEqual({ retryAt: start + 60_000 });
    expect(
      await counters[0]!.counted({
        key: "write:session:fixed",
        now: start + 59_999,
        windowMs: 0,
        slotMs: 60_000,
      }),
    ).toBe(12);
    expect(await fixed(0, start + 60_000)).toEqual({ taken: 1 });
  });
});
