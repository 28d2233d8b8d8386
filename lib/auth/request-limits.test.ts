import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { REQUEST_LIMITS } from "@/lib/config/limits";
import { overRequestLimit } from "./request-limits";

const { write: WRITE_LIMIT } = REQUEST_LIMITS;

describe.each(databaseKinds)("request limits on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  const t0 = 1_950_000_000_000; // the start of a window

  it("lets a person work, then stops them at their limit until the window ends", async () => {
    for (let i = 0; i < WRITE_LIMIT.perPerson; i++)
      expect(await overRequestLimit(database, "write", "staff_1", t0 + i)).toBeNull();
    expect(await overRequestLimit(database, "write", "staff_1", t0 + 15_000)).toBe(45);
    // Someone else (at the same office address or not) is not held up by the first one's limit.
    expect(await overRequestLimit(database, "write", "staff_2", t0 + 15_000)).toBeNull();
    // Reads are counted apart from writes.
    expect(await overRequestLimit(database, "read", "staff_1", t0 + 15_000)).toBeNull();
    // A new window starts afresh.
    expect(await overRequestLimit(database, "write", "staff_1", t0 + 60_000)).toBeNull();
  });

  it("counts exactly under concurrency", async () => {
    const answers = await Promise.all(
      Array.from({ length: WRITE_LIMIT.perPerson + 5 }, () =>
        overRequestLimit(database, "write", "staff_burst", t0 + 300_000),
      ),
    );
    expect(answers.filter((a) => a === null)).toHaveLength(WRITE_LIMIT.perPerson);
  });
});
