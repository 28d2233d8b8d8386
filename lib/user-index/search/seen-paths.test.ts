import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userDto } from "@/tests/support/user-dto";
import type { JsonObject } from "@/lib/metadata/json";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { indexDeletion, indexUsers } from "../index-store";
import { documentPaths, readSeenPaths } from "./seen-paths";

const user = (n: number, publicMetadata: JsonObject, unsafeMetadata: JsonObject = {}) =>
  userDto(`user_p${n}`, { createdAt: n, updatedAt: n, publicMetadata, unsafeMetadata });

describe("the paths of a document", () => {
  it("names every key as the filter writes it, into objects but not arrays, four deep at most", () => {
    expect(
      documentPaths("public_metadata", {
        plan: "pro",
        "odd key": 1,
        tags: [{ a: 1 }],
        a: { b: { c: { d: { e: 1 } } } },
      }),
    ).toEqual([
      "public_metadata.plan",
      'public_metadata["odd key"]',
      "public_metadata.tags",
      "public_metadata.a",
      "public_metadata.a.b",
      "public_metadata.a.b.c",
      "public_metadata.a.b.c.d",
    ]);
    expect(documentPaths("unsafe_metadata", undefined)).toEqual([]);
  });

  it("gives a hundred paths at most, however many keys a user put in their document", () => {
    const crowded = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, { x: i }]));
    const paths = documentPaths("unsafe_metadata", crowded);
    expect(paths).toHaveLength(100);
    // Keys too long to be typed are not offered, nor walked into.
    const long = "k".repeat(101);
    expect(documentPaths("unsafe_metadata", { [long]: { x: 1 }, ok: 1 })).toEqual([
      "unsafe_metadata.ok",
    ]);
    expect(paths.slice(0, 3)).toEqual([
      "unsafe_metadata.k0",
      "unsafe_metadata.k0.x",
      "unsafe_metadata.k1",
    ]);
  });
});

describe.each(databaseKinds)("paths seen in the index, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await indexUsers(
      database.db,
      [
        user(1, { plan: "pro", features: { beta: true } }),
        user(2, { plan: "free" }, { theme: "dark" }),
        user(3, { plan: "team", secret: 1 }),
      ],
      1000,
    );
    await indexDeletion(database.db, "user_p3", 2000, 2000);
  });
  afterAll(() => database.dispose());

  it("gives the event loop back while it walks many documents", async () => {
    const crowded = (n: number) =>
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${n}_${i}`, i]));
    const many = await createTestDatabase(kind);
    try {
      await indexUsers(
        many.db,
        Array.from({ length: 30 }, (_, n) => user(100 + n, crowded(n), crowded(n + 1000))),
        1000,
      );
      let turns = 0;
      let reading = true;
      const tick = () => {
        turns++;
        if (reading) setImmediate(tick);
      };
      setImmediate(tick);
      const paths = await readSeenPaths(many.db);
      reading = false;
      expect(paths).toHaveLength(200);
      // 30 documents, ten a turn: the loop turned in between, not only after.
      expect(turns).toBeGreaterThanOrEqual(2);
    } finally {
      await many.dispose();
    }
  });

  it("lists the living users' paths, the most common first", async () => {
    expect(await readSeenPaths(database.db)).toEqual([
      "public_metadata.plan",
      "public_metadata.features",
      "public_metadata.features.beta",
      "unsafe_metadata.theme",
    ]);
  });
});
