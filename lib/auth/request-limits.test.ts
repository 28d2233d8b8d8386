import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { REQUEST_LIMITS } from "@/lib/config/limits";
import { overRequestLimit } from "./request-limits";

const { read: READ_LIMIT, write: WRITE_LIMIT } = REQUEST_LIMITS;

describe.each(databaseKinds)("request limits on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  const t0 = 1_950_000_000_000; // the start of a window

  it("lets a person work, then stops one session at its limit until the window ends", async () => {
    for (let i = 0; i < WRITE_LIMIT.perSession; i++)
      expect(await overRequestLimit(database, "write", "s1", "203.0.113.1", t0 + i)).toBeNull();
    expect(await overRequestLimit(database, "write", "s1", "203.0.113.1", t0 + 15_000)).toBe(45);
    // Another session from the same address is not held up by the first one's limit.
    expect(await overRequestLimit(database, "write", "s2", "203.0.113.1", t0 + 15_000)).toBeNull();
    // Reads are counted apart from writes.
    expect(await overRequestLimit(database, "read", "s1", "203.0.113.1", t0 + 15_000)).toBeNull();
    // A new window starts afresh.
    expect(await overRequestLimit(database, "write", "s1", "203.0.113.1", t0 + 60_000)).toBeNull();
  });

  it("stops one address however many sessions it uses", async () => {
    const address = "198.51.100.9";
    for (let i = 0; i < READ_LIMIT.perAddress; i++)
      await overRequestLimit(database, "read", `session-${i}`, address, t0 + 120_000 + i);
    expect(await overRequestLimit(database, "read", "fresh", address, t0 + 130_000)).toBe(50);
    expect(
      await overRequestLimit(database, "read", "fresh", "198.51.100.10", t0 + 130_000),
    ).toBeNull();
  });

  it("counts exactly under concurrency", async () => {
    const answers = await Promise.all(
      Array.from({ length: WRITE_LIMIT.perSession + 5 }, () =>
        overRequestLimit(database, "write", "burst", "192.0.2.200", t0 + 300_000),
      ),
    );
    expect(answers.filter((a) => a === null)).toHaveLength(WRITE_LIMIT.perSession);
  });
});
