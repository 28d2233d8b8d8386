import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { USER_WRITE_WAIT_MS } from "@/lib/config/limits";
import { LEASES, takeLease, withLease, type Lease } from "./lease";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const user = (userId: string, ms?: number): Lease => ({
  ...LEASES.userWrite(userId),
  ...(ms ? { ms } : {}),
});

describe.each(databaseKinds)("a lease (the per-user write lease) on %s", (kind) => {
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
        withLease(
          database.db,
          user("user_one"),
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await pause(5);
            order.push(i);
            inside -= 1;
            return i;
          },
          { waitMs: USER_WRITE_WAIT_MS },
        ),
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
        withLease(database.db, user(userId), async () => {
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
    const holder = withLease(database.db, user("user_busy"), () => pause(300));
    await pause(20);
    const waiter = await withLease(
      database.db,
      user("user_busy"),
      async () => {
        ran = true;
      },
      { waitMs: 100 },
    );
    expect(waiter).toEqual({ busy: true });
    expect(ran).toBe(false);
    await holder;
    expect(await withLease(database.db, user("user_busy"), async () => "next")).toEqual({
      value: "next",
    });
  });

  it("frees itself when the work throws", async () => {
    await expect(
      withLease(database.db, user("user_throw"), () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    expect(await withLease(database.db, user("user_throw"), async () => 1)).toEqual({
      value: 1,
    });
  });

  // A process killed while holding the lock leaves its row behind.
  it("takes over a lock whose holder died once its lease has run out, and not before", async () => {
    expect(
      await takeLease(database.db, user("user_dead", 200), "a crashed process", Date.now()),
    ).toBe(true);
    expect(
      await withLease(database.db, user("user_dead"), async () => "too soon", { waitMs: 50 }),
    ).toEqual({ busy: true });
    expect(
      await withLease(database.db, user("user_dead"), async () => "after", { waitMs: 2_000 }),
    ).toEqual({ value: "after" });
  });

  it("renews its lease while the work runs longer than the lease", async () => {
    const long = withLease(database.db, user("user_long", 150), () => pause(400));
    await pause(250);
    expect(
      await withLease(database.db, user("user_long", 150), async () => "stolen", { waitMs: 50 }),
    ).toEqual({ busy: true });
    await long;
  });

  it("tells the work when another process took the lease over after it stalled", async () => {
    const lease = user("user_stalled", 150);
    let sawLost = false;
    const held = withLease(database.db, lease, async (lost) => {
      // This process stalls past its lease (a long pause): another one takes it over once
      // its clock is past the lease's end.
      const taken = await takeLease(
        database.db,
        user("user_stalled"),
        "another process",
        Date.now() + 10 * lease.ms,
      );
      expect(taken).toBe(true);
      await pause(200);
      sawLost = lost.aborted;
    });
    await held;
    expect(sawLost).toBe(true);
    // Letting go after the work does not free the other process's lease.
    expect(await withLease(database.db, lease, async () => "mine")).toEqual({ busy: true });
  });
});
