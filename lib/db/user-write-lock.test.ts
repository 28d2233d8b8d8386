import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { withUserWriteLock } from "./user-write-lock";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseKinds)("the per-user write lock on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("lets one writer of a user in at a time, and the others in turn", async () => {
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withUserWriteLock(database.db, "user_one", async () => {
          inside += 1;
          most = Math.max(most, inside);
          await pause(5);
          order.push(i);
          inside -= 1;
          return i;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toHaveLength(20);
    expect(results.every((r) => "value" in r)).toBe(true);
  });

  it("does not hold up writers of other users", async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      ["user_a", "user_b", "user_c"].map((userId) =>
        withUserWriteLock(database.db, userId, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await pause(30);
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it("gives up after the wait, without running the work, while another holds it", async () => {
    let ran = false;
    const holder = withUserWriteLock(database.db, "user_busy", () => pause(300));
    await pause(20);
    const waiter = await withUserWriteLock(
      database.db,
      "user_busy",
      async () => {
        ran = true;
      },
      { waitMs: 100 },
    );
    expect(waiter).toEqual({ busy: true });
    expect(ran).toBe(false);
    await holder;
    expect(await withUserWriteLock(database.db, "user_busy", async () => "next")).toEqual({
      value: "next",
    });
  });

  it("frees itself when the work throws", async () => {
    await expect(
      withUserWriteLock(database.db, "user_throw", () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    expect(await withUserWriteLock(database.db, "user_throw", async () => 1)).toEqual({
      value: 1,
    });
  });

  // A process killed while holding the lock leaves its row behind.
  it("takes over a lock whose holder died once its lease has run out, and not before", async () => {
    await database.db
      .insertInto("user_write_lock")
      .values({ user_id: "user_dead", owner: "a crashed process", lease_until: Date.now() + 200 })
      .execute();
    expect(
      await withUserWriteLock(database.db, "user_dead", async () => "too soon", { waitMs: 50 }),
    ).toEqual({ busy: true });
    expect(
      await withUserWriteLock(database.db, "user_dead", async () => "after", { waitMs: 2_000 }),
    ).toEqual({ value: "after" });
  });

  it("renews its lease while the work runs longer than the lease", async () => {
    const long = withUserWriteLock(database.db, "user_long", () => pause(400), { leaseMs: 150 });
    await pause(250);
    expect(
      await withUserWriteLock(database.db, "user_long", async () => "stolen", {
        waitMs: 50,
        leaseMs: 150,
      }),
    ).toEqual({ busy: true });
    await long;
  });
});
