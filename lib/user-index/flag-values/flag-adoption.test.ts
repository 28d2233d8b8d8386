import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { JsonObject, JsonValue } from "@/lib/metadata/json";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { userDto } from "@/tests/support/user-dto";
import { readFlagAdoption, type AdoptionFlag } from "./flag-adoption";
import { ensureFlagPathIndexes } from "./flag-path-indexes";
import { listIndexedUsers } from "../search/list-indexed-users";
import { indexDeletion, indexUsers } from "../index-store";

const FLAGS: AdoptionFlag[] = [
  { key: "new_dashboard", location: "public_metadata", values: [true, false] },
  { key: "editor-v2", location: "private_metadata", values: ["old", "new", "beta"] },
];

/** What each user holds, by flag: a valid value, null, a wrong value, or nothing. */
const DASHBOARD: (JsonValue | undefined)[] = [true, true, false, undefined, null, "yes", true];
const EDITOR: (JsonValue | undefined)[] = ["old", "new", undefined, "new", 3, "NEW", "beta"];

function user(n: number): UserDto {
  const features = (value: JsonValue | undefined, key: string): JsonObject =>
    value === undefined ? {} : { features: { [key]: value } };
  return userDto(`user_a${n}`, {
    createdAt: 1000 + n,
    updatedAt: 2000 + n,
    publicMetadata: features(DASHBOARD[n], "new_dashboard"),
    privateMetadata: features(EDITOR[n], "editor-v2"),
  });
}

describe.each(databaseKinds)("flag adoption from the index, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await indexUsers(
      database.db,
      DASHBOARD.map((_, n) => user(n)),
      5000,
    );
    // A deleted user counts nowhere, whatever it held.
    await indexUsers(database.db, [user(7)], 5000);
    await indexDeletion(database.db, "user_a7", 6000, 6000);
    // The flags' own indexes (on PostgreSQL its table of flag values) serve the counts.
    await ensureFlagPathIndexes(
      database.db,
      kind,
      FLAGS.map((flag) => ({ location: flag.location, key: flag.key })),
    );
  });
  afterAll(() => database.dispose());

  it("counts each value, and as default every user without a valid value of their own", async () => {
    const report = await readFlagAdoption(database.db, kind, FLAGS);
    expect(report.users).toBe(7);
    expect(report.indexedAt).toBe(6000);
    expect(report.flags.map((flag) => [flag.key, flag.values.map((v) => v.count)])).toEqual([
      ["new_dashboard", [3, 1]],
      ["editor-v2", [1, 2, 1]],
    ]);
    expect(report.flags.map((flag) => flag.fallback.count)).toEqual([3, 3]);
  });

  it("each count is the total of the /users list its filter opens", async () => {
    const report = await readFlagAdoption(database.db, kind, FLAGS);
    for (const counted of report.flags.flatMap((flag) => [...flag.values, flag.fallback])) {
      const listed = await listIndexedUsers(database.db, kind, {
        where: counted.where,
        query: "",
        page: 1,
        pageSize: 50,
        orderBy: "-created_at",
      });
      if (!listed.ok) throw new Error(listed.error.message);
      expect(listed.value.total, counted.where).toBe(counted.count);
    }
    expect(report.flags[1]?.fallback.where).toBe(
      'not (private_metadata.features.editor-v2 in ["old", "new", "beta"])',
    );
  });

  it("an empty catalogue still says how many users the index holds", async () => {
    const report = await readFlagAdoption(database.db, kind, []);
    expect(report).toMatchObject({ users: 7, flags: [] });
  });

  it("counts the same from the documents when a flag's path is not (yet) in the catalogue", async () => {
    const catalogued = await readFlagAdoption(database.db, kind, FLAGS);
    await ensureFlagPathIndexes(database.db, kind, [FLAGS[0]!]);
    try {
      const mixed = await readFlagAdoption(database.db, kind, FLAGS);
      expect(mixed.flags).toEqual(catalogued.flags);
      expect(mixed.users).toBe(catalogued.users);
    } finally {
      await ensureFlagPathIndexes(database.db, kind, FLAGS);
    }
  });
});
