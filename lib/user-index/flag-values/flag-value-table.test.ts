import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { JsonObject, JsonValue } from "@/lib/metadata/json";
import {
  createTestDatabase,
  POSTGRES_URL,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { userDto } from "@/tests/support/user-dto";
import {
  flagValueText,
  readFlagPathIds,
  readFlagTallies,
  syncFlagValuePaths,
  tallyKey,
  type FlagPath,
} from "./flag-value-table";
import { indexDeletion, indexUsers } from "../index-store";
import { listIndexedUsers } from "../search/list-indexed-users";

const DASHBOARD: FlagPath = { location: "public_metadata", key: "new_dashboard" };
const EDITOR: FlagPath = { location: "private_metadata", key: "editor" };
const THEME: FlagPath = { location: "unsafe_metadata", key: "theme" };

/** What a flag may hold: the table keeps strings and booleans, nothing else. */
const flagValue = fc.constantFrom<JsonValue | undefined>(
  true,
  false,
  "true",
  "new",
  'quote "and" \\ back',
  "ünïcode",
  // Past what the table holds (512 bytes): read from the documents only, never a failed write.
  "é".repeat(300),
  "x".repeat(3000),
  "",
  3,
  null,
  ["new"],
  { nested: true },
  undefined,
);

interface Holding {
  dashboard: JsonValue | undefined;
  editor: JsonValue | undefined;
  theme: JsonValue | undefined;
}

const features = (key: string, value: JsonValue | undefined): JsonObject =>
  value === undefined ? {} : { features: { [key]: value } };

function user(n: number, holding: Holding, updatedAt: number, later = false): UserDto {
  return userDto(`user_f${n}`, {
    // Ties in created_at, so that the order's tie-break shows; `later` moves it (rows follow).
    createdAt: 1000 + (n % 3) + (later ? 7 : 0),
    updatedAt,
    publicMetadata: features("new_dashboard", holding.dashboard),
    privateMetadata: features("editor", holding.editor),
    unsafeMetadata: features("theme", holding.theme),
  });
}

/**
 * The rows the table must hold: derived here from what user_index holds (not by the trigger's
 * SQL), for the live users and the catalogued paths.
 */
async function expectedRows(database: TestDatabase, paths: FlagPath[]): Promise<string[]> {
  const users = await database.db
    .selectFrom("user_index")
    .select(["user_id", "created_at", "public_metadata", "private_metadata", "unsafe_metadata"])
    .where("deleted_at", "is", null)
    .execute();
  const rows: string[] = [];
  for (const u of users)
    for (const path of paths) {
      const document = u[path.location] as { features?: Record<string, unknown> } | null;
      const value = document?.features?.[path.key];
      if (
        (typeof value === "string" || typeof value === "boolean") &&
        Buffer.byteLength(flagValueText(value)) <= 512
      )
        rows.push(
          `${path.location}.${path.key} ${flagValueText(value)} ${u.created_at} ${u.user_id}`,
        );
    }
  return rows.sort();
}

async function heldRows(database: TestDatabase): Promise<string[]> {
  const rows = await database.db
    .selectFrom("user_flag_value")
    .innerJoin("flag_path", "flag_path.id", "user_flag_value.path_id")
    .select(["bag", "key", "value", "created_at", "user_id"])
    .execute();
  return rows
    .map((row) => `${row.bag}.${row.key} ${row.value} ${row.created_at} ${row.user_id}`)
    .sort();
}

describe.skipIf(!POSTGRES_URL)("PostgreSQL's table of catalogued flag values", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
  });
  afterAll(() => database?.dispose());

  it("holds every live user's string and boolean flag values through creates, updates, deletes and catalogue changes", async () => {
    const holding = fc.record({ dashboard: flagValue, editor: flagValue, theme: flagValue });
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("write" as const),
        n: fc.nat(5),
        holding,
        later: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("delete" as const), n: fc.nat(5) }),
      fc.record({
        kind: fc.constant("catalogue" as const),
        paths: fc.subarray([DASHBOARD, EDITOR, THEME]),
      }),
    );
    let run = 0;
    let rowsSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        run++;
        await database.db.deleteFrom("user_index").execute();
        await syncFlagValuePaths(database.db, [DASHBOARD, EDITOR]);
        let catalogue: FlagPath[] = [DASHBOARD, EDITOR];
        let clock = run * 1000;
        for (const item of steps) {
          clock += 10;
          if (item.kind === "write") {
            // Read after the deletion of the same id, if any: it is back (as after a reconciliation).
            await indexUsers(database.db, [user(item.n, item.holding, clock, item.later)], clock);
          } else if (item.kind === "delete") {
            await indexDeletion(database.db, `user_f${item.n}`, clock, clock);
          } else {
            catalogue = item.paths;
            await syncFlagValuePaths(database.db, catalogue);
          }
        }
        const expected = await expectedRows(database, catalogue);
        expect(await heldRows(database)).toEqual(expected);
        // The tallies sum to the same counts, folded (every other run) or not.
        const tallies = await readFlagTallies(database.db, run % 2 === 0 ? 0 : Infinity);
        const ids = await readFlagPathIds(database.db, "postgres");
        const counts = new Map<string, number>();
        for (const row of expected) {
          const [, bag, key, value] = /^(\w+)\.(\w+) (.*) \d+ \S+$/.exec(row)!;
          const id = ids.get(`${bag}\u0000${key}`)!;
          counts.set(tallyKey(id, value!), (counts.get(tallyKey(id, value!)) ?? 0) + 1);
        }
        expect(new Map([...tallies.held].filter(([, count]) => count !== 0))).toEqual(counts);
        const live = await database.db
          .selectFrom("user_index")
          .where("deleted_at", "is", null)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow();
        expect(tallies.users).toBe(Number(live.n));
        rowsSeen += expected.length;
      }),
      { numRuns: 40 },
    );
    expect(rowsSeen).toBeGreaterThan(0);
  });

  it("never gives a path the id of one taken out before", async () => {
    await syncFlagValuePaths(database.db, [DASHBOARD, EDITOR]);
    const before = await readFlagPathIds(database.db, "postgres");
    await syncFlagValuePaths(database.db, [DASHBOARD]);
    await syncFlagValuePaths(database.db, [DASHBOARD, EDITOR, THEME]);
    const after = await readFlagPathIds(database.db, "postgres");
    const taken = new Set(before.values());
    expect(after.get("public_metadata\u0000new_dashboard")).toBe(
      before.get("public_metadata\u0000new_dashboard"),
    );
    expect(taken.has(after.get("private_metadata\u0000editor")!)).toBe(false);
    expect(taken.has(after.get("unsafe_metadata\u0000theme")!)).toBe(false);
  });

  it("tallies folded while users are written beside them still add up", async () => {
    await database.db.deleteFrom("user_index").execute();
    await syncFlagValuePaths(database.db, [DASHBOARD, EDITOR]);
    const writes = Array.from({ length: 12 }, (_, w) =>
      (async () => {
        for (let round = 0; round < 8; round++) {
          const batch = Array.from({ length: 5 }, (_, k) =>
            user(
              w * 5 + k,
              { dashboard: round % 2 === 0, editor: `v${(w + round) % 3}`, theme: undefined },
              100 + round,
            ),
          );
          await indexUsers(database.db, batch, 100 + round);
          if (round === 5 && w % 3 === 0)
            await indexDeletion(database.db, `user_f${w * 5}`, 200, 200);
        }
      })(),
    );
    const folds = Array.from({ length: 6 }, () => readFlagTallies(database.db, 0));
    await Promise.all([...writes, ...folds]);
    const tallies = await readFlagTallies(database.db, 0);
    const counted = await database.db
      .selectFrom("user_flag_value")
      .groupBy(["path_id", "value"])
      .select(["path_id", "value", (eb) => eb.fn.countAll<string>().as("n")])
      .execute();
    expect(new Map([...tallies.held].filter(([, count]) => count !== 0))).toEqual(
      new Map(counted.map((row) => [tallyKey(row.path_id, row.value), Number(row.n)])),
    );
    expect(tallies.users).toBe(60 - 4);
  });

  it("a flag filter reads the table for its page and total, newest first and ties by id the same way", async () => {
    await database.db.deleteFrom("user_index").execute();
    await syncFlagValuePaths(database.db, [DASHBOARD]);
    const users = Array.from({ length: 9 }, (_, n) =>
      user(n, { dashboard: n % 4 === 0 ? false : true, editor: undefined, theme: undefined }, 5),
    );
    await indexUsers(database.db, users, 5);
    const newestFirst = (holders: UserDto[]) =>
      [...holders]
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .map((u) => u.id);
    const list = async (where: string, orderBy: string, page: number, pageSize: number) => {
      const listed = await listIndexedUsers(database.db, "postgres", {
        where,
        query: "",
        page,
        pageSize,
        orderBy,
      });
      if (!listed.ok) throw new Error(listed.error.message);
      return listed.value;
    };
    const pages = async (where: string, orderBy: string, total: number) => {
      const seen: string[] = [];
      for (let page = 1; page <= 6; page++) {
        const listed = await list(where, orderBy, page, 2);
        expect(listed.total).toBe(total);
        seen.push(...listed.users.map((u) => u.id));
      }
      return seen;
    };
    const cases = [
      {
        where: "public_metadata.features.new_dashboard = true",
        holders: users.filter((u) => n(u) % 4 !== 0),
      },
      { where: "public_metadata.features.new_dashboard in [false, true]", holders: users },
      // A value twice is still each user once.
      {
        where: "public_metadata.features.new_dashboard in [true, true]",
        holders: users.filter((u) => n(u) % 4 !== 0),
      },
    ];
    for (const { where, holders } of cases) {
      const expected = newestFirst(holders);
      expect(await pages(where, "-created_at", holders.length), where).toEqual(expected);
      expect(await pages(where, "+created_at", holders.length), where).toEqual(
        [...expected].reverse(),
      );
      // The same filter through the documents (not a single flag comparison) lists the same.
      const general = await list(`${where} and created_at > 0`, "-created_at", 1, 50);
      expect(
        general.users.map((u) => u.id),
        where,
      ).toEqual(expected);
    }
  });
});

const n = (u: UserDto) => Number(u.id.replace("user_f", ""));
