import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { DatabaseWindowStore } from "./call-window-store";
import { openConsoleDatabase, type ConsoleDb } from "./open-database";

const take = (store: DatabaseWindowStore, now: number, cap: number, key = "clerk-a") =>
  store.take({ key, now, windowMs: 10_000, slotMs: 100, cap, calls: 1 });

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
    const store = new DatabaseWindowStore(database);
    const start = 1_000_000;
    for (let i = 0; i < 5; i++)
      expect(await take(store, start + i * 150, 5)).toEqual({ taken: true });
    expect(await take(store, start + 1000, 5)).toEqual({
      taken: false,
      retryAt: start + 10_000 + 100,
    });
    expect(await take(store, start + 10_099, 5)).toMatchObject({ taken: false });
    expect(await take(store, start + 10_100, 5)).toEqual({ taken: true });
    // Another budget in the same table is counted apart.
    expect(await take(store, start + 10_100, 1, "clerk-b")).toEqual({ taken: true });
  });

  it("lets exactly the cap through when two instances ask at once", async () => {
    const stores = [new DatabaseWindowStore(database), new DatabaseWindowStore(second)];
    const now = 5_000_000;
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => take(stores[i % 2]!, now + (i % 7), 25, "clerk-c")),
    );
    expect(answers.filter((a) => a.taken)).toHaveLength(25);
    const counted = await database.db
      .selectFrom("clerk_call_window")
      .select((eb) => eb.fn.sum<number>("calls").as("calls"))
      .where("budget_key", "=", "clerk-c")
      .executeTakeFirstOrThrow();
    expect(Number(counted.calls)).toBe(25);
  });
});
