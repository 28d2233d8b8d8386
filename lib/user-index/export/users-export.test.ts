import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserDto } from "@/lib/clerk/user-dto";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { userDto } from "@/tests/support/user-dto";
import { parseCsv } from "@/tests/support/parse-csv";
import type { ExportedUser } from "./users-csv";
import { indexDeletion, indexUsers } from "../index-store";
import { listIndexedUsers } from "../search/list-indexed-users";
import {
  exportBatches,
  planUsersExport,
  startUsersCsv,
  usersCsvStream,
  type ExportOutcome,
  type UsersExportRequest,
} from "./users-export";

function user(n: number, overrides: Partial<UserDto> = {}): UserDto {
  const email = `member${n}@${n % 2 ? "acme.com" : "example.org"}`;
  // Zero-padded, lower-case ids sort alike under every collation.
  return userDto(`user_x${String(n).padStart(3, "0")}`, {
    username: `member_${n}`,
    firstName: n === 2 ? "Ada" : null,
    lastName: n === 2 ? "Lovelace" : n === 4 ? "Hopper" : null,
    primaryEmail: email,
    emails: [{ id: "idn_1", emailAddress: email, primary: true, verified: true }],
    createdAt: 1000 + n,
    updatedAt: 2000 + n,
    publicMetadata: { plan: n % 3 === 0 ? "pro" : "free", n },
    privateMetadata: n === 6 ? { billing: { seats: 12, owner: "=cmd" } } : {},
    unsafeMetadata: n === 9 ? { note: 'says "hi", twice\nreally' } : {},
    ...overrides,
  });
}

/** Reads a stream to the end (or `take` chunks, then cancels), as the response writer would. */
async function read(stream: ReadableStream<Uint8Array>, take = Infinity): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let chunks = 0; ; chunks++) {
    if (chunks === take) {
      await reader.cancel();
      return text;
    }
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

describe.each(databaseKinds)("the CSV export, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await indexUsers(
      database.db,
      Array.from({ length: 14 }, (_, n) => user(n)),
      5000,
    );
    await indexDeletion(database.db, "user_x003", 6000, 6000);
  });
  afterAll(() => database.dispose());

  const plan = (request: Partial<UsersExportRequest>) => {
    // By creation, oldest first: the fixture's ids in order, as these tests read them.
    const planned = planUsersExport({
      where: "",
      query: "",
      paths: "",
      orderBy: "+created_at",
      ...request,
    });
    if (!planned.ok) throw new Error(planned.error.message);
    return planned.value;
  };

  /** The whole export, its outcome, and the batches the reader was handed. */
  async function exportOf(request: Partial<UsersExportRequest>, batchSize = 2, take?: number) {
    const planned = plan(request);
    const outcomes: ExportOutcome[] = [];
    const text = await read(
      usersCsvStream(
        exportBatches(database.db, kind, planned, { batchSize }),
        planned.paths,
        async (o) => {
          outcomes.push(o);
        },
      ),
      take,
    );
    return { text, outcomes };
  }

  it("streams every matching live user by id, batch after batch, with the chosen paths", async () => {
    const { text, outcomes } = await exportOf({
      where:
        'public_metadata.plan = "pro" or private_metadata.billing exists or unsafe_metadata.note exists',
      paths:
        'public_metadata.plan, private_metadata.billing.seats, private_metadata["billing"].owner, unsafe_metadata.note, public_metadata.missing',
    });
    // user_x003 is pro but deleted; user_x006 and user_x009 would be split across batches of 2.
    expect(parseCsv(text)).toEqual([
      [
        "id",
        "primary_email",
        "name",
        "public_metadata.plan",
        "private_metadata.billing.seats",
        'private_metadata["billing"].owner',
        "unsafe_metadata.note",
        "public_metadata.missing",
      ],
      ["user_x000", "member0@example.org", "", "pro", "", "", "", ""],
      ["user_x006", "member6@example.org", "", "pro", "12", "'=cmd", "", ""],
      ["user_x009", "member9@acme.com", "", "pro", "", "", 'says "hi", twice\nreally', ""],
      ["user_x012", "member12@example.org", "", "pro", "", "", "", ""],
    ]);
    expect(outcomes).toEqual([{ rows: 4, complete: true }]);
  });

  it("matches exactly the users the filtered list shows, the free-text search included", async () => {
    for (const [where, query] of [
      ["public_metadata.n >= 0", "ACME"],
      ["public_metadata.n >= 0", "lovelace"],
      ['public_metadata.plan = "free" and not public_metadata.n in [1, 2]', ""],
      ["public_metadata.n >= 100", ""],
    ] as const) {
      const listed = await listIndexedUsers(database.db, kind, {
        where,
        query,
        page: 1,
        pageSize: 100,
        orderBy: "-created_at",
      });
      const { text } = await exportOf({ where, query }, 3);
      const ids = parseCsv(text)
        .slice(1)
        .map((record) => record[0]);
      expect(ids, `${where} / ${query}`).toEqual(
        listed.ok ? listed.value.users.map((u) => u.id).sort() : "refused",
      );
    }
  });

  it("writes names as first and last, and the header alone when nothing matches", async () => {
    const { text } = await exportOf({ where: "public_metadata.n in [2, 4]" });
    expect(parseCsv(text)).toEqual([
      ["id", "primary_email", "name"],
      ["user_x002", "member2@example.org", "Ada Lovelace"],
      ["user_x004", "member4@example.org", "Hopper"],
    ]);
    const none = await exportOf({ where: "public_metadata.n > 99", paths: "public_metadata.plan" });
    expect(none.text).toBe('"id","primary_email","name","public_metadata.plan"\r\n');
    expect(none.outcomes).toEqual([{ rows: 0, complete: true }]);
  });

  it("reads a batch only when the reader asks, and reports the rows taken when it stops early", async () => {
    // The header, then two batches of 2: the reader cancels before asking for a third.
    const { text, outcomes } = await exportOf({ where: "public_metadata.n >= 0" }, 2, 3);
    expect(parseCsv(text)).toHaveLength(1 + 4);
    expect(outcomes).toEqual([{ rows: 4, complete: false, stopped: { by: "reader" } }]);
  });

  it("reports a failed read with the rows before it, once, and fails the stream", async () => {
    const planned = plan({ where: "public_metadata.n >= 0" });
    async function* failing() {
      yield* exportBatches(database.db, kind, planned, { batchSize: 5 });
      throw new Error("the database went away");
    }
    const outcomes: ExportOutcome[] = [];
    await expect(
      read(
        usersCsvStream(failing(), planned.paths, async (o) => {
          outcomes.push(o);
        }),
      ),
    ).rejects.toThrow("the database went away");
    expect(outcomes).toEqual([
      { rows: 13, complete: false, stopped: { by: "error", error: expect.any(Error) } },
    ]);
  });

  it("fails before sending anything when the first read fails, and starts with it otherwise", async () => {
    const planned = plan({ where: "public_metadata.n >= 0" });
    async function* unreadable(): AsyncGenerator<never, void, undefined> {
      throw new Error("the database went away");
    }
    const outcomes: ExportOutcome[] = [];
    const failed = await startUsersCsv(unreadable(), planned.paths, async (o) => {
      outcomes.push(o);
    });
    expect(failed).toEqual({
      ok: false,
      error: {
        message: "The export could not read the user index. Nothing was exported.",
        cause: expect.any(Error),
      },
    });
    expect(outcomes).toEqual([
      { rows: 0, complete: false, stopped: { by: "error", error: expect.any(Error) } },
    ]);
    const started = await startUsersCsv(
      exportBatches(database.db, kind, planned, { batchSize: 5 }),
      planned.paths,
      async () => {},
    );
    expect(started.ok).toBe(true);
    if (started.ok) expect(parseCsv(await read(started.value))).toHaveLength(1 + 13);
    // The byte-order mark, when asked for, opens the stream itself, before the header.
    const marked = await startUsersCsv(
      exportBatches(database.db, kind, planned, { batchSize: 5 }),
      planned.paths,
      async () => {},
      { byteOrderMark: true },
    );
    if (!marked.ok) throw new Error(marked.error.message);
    const reader = marked.value.getReader();
    const { value: head } = await reader.read();
    await reader.cancel();
    expect([...(head ?? new Uint8Array()).subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x22]);
  });

  it("exports in the list's order, whatever it is sorted by, across batches, and everyone without a filter", async () => {
    const ids = (text: string) =>
      parseCsv(text)
        .slice(1)
        .map((record) => record[0]);
    const listed = async (orderBy: string, where: string) => {
      const page = await listIndexedUsers(database.db, kind, {
        where,
        query: "",
        page: 1,
        pageSize: 100,
        orderBy,
      });
      if (!page.ok) throw new Error(page.error.message);
      return page.value.users.map((u) => u.id);
    };
    for (const orderBy of [
      "-created_at",
      "+created_at",
      "+last_name",
      "-last_name",
      "-updated_at",
      "+email_address",
      "-username",
    ]) {
      const { text } = await exportOf({ where: "public_metadata.n >= 0", orderBy }, 2);
      expect(ids(text), orderBy).toEqual(await listed(orderBy, "public_metadata.n >= 0"));
    }
    const everyone = await exportOf({ where: "", orderBy: "-created_at" }, 3);
    expect(ids(everyone.text)).toEqual(await listed("-created_at", "public_metadata.n >= 0"));
    const searched = await exportOf({ where: "", query: "acme.com", orderBy: "+created_at" }, 2);
    expect(ids(searched.text)).toEqual([
      "user_x001",
      "user_x005",
      "user_x007",
      "user_x009",
      "user_x011",
      "user_x013",
    ]);
  });

  it("leaves out nobody whose sort value changes during the export: moved behind its cursor, they come at the end", async () => {
    const moving = await createTestDatabase(kind);
    try {
      const named = (n: number, lastName: string, updatedAt = 2000 + n) =>
        user(n, { lastName, updatedAt });
      const names = ["B", "C", "D", "E", "F", "G"];
      await indexUsers(
        moving.db,
        names.map((name, n) => named(n, name)),
        5000,
      );
      const planned = plan({ orderBy: "+last_name", paths: "public_metadata.n" });
      const batches = exportBatches(moving.db, kind, planned, {
        batchSize: 2,
        startedAt: 10_000,
      });
      const seen: Array<[string, string]> = [];
      const take = (batch: IteratorResult<ExportedUser[], void>) => {
        for (const u of batch.value ?? []) seen.push([u.id, u.name.split(" ").pop()!]);
        return batch.done !== true;
      };
      take(await batches.next());
      expect(seen.map(([, name]) => name)).toEqual(["B", "C"]);
      // While the export runs: F is renamed behind the cursor, C (written) ahead of it.
      await indexUsers(moving.db, [named(4, "A", 9000), named(1, "Z", 9000)], 20_000);
      while (take(await batches.next()));
      expect(seen).toEqual([
        ["user_x000", "B"],
        ["user_x001", "C"],
        ["user_x002", "D"],
        ["user_x003", "E"],
        ["user_x005", "G"],
        ["user_x001", "Z"],
        ["user_x004", "A"],
      ]);
    } finally {
      await moving.dispose();
    }
  });

  it("in the creation order, which never changes, writes each user once however many change meanwhile", async () => {
    const planned = plan({ where: "public_metadata.n >= 0", orderBy: "+created_at" });
    const batches = exportBatches(database.db, kind, planned, { batchSize: 4, startedAt: 0 });
    const ids: string[] = [];
    for await (const batch of batches) ids.push(...batch.map((u) => u.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(13);
  });

  it("refuses a malformed filter or path before reading, naming the parameter and position", () => {
    expect(
      planUsersExport({ where: "public_metadata.plan =", query: "", paths: "", orderBy: "" }),
    ).toEqual({
      ok: false,
      error: {
        kind: "invalid_filter",
        param: "where",
        message: expect.stringMatching(/^Expected a value/),
        position: 22,
      },
    });
    // A path list past its length is refused the same way, at the position the limit falls.
    expect(
      planUsersExport({
        where: "",
        query: "",
        paths: "public_metadata.a,".repeat(250),
        orderBy: "",
      }),
    ).toEqual({
      ok: false,
      error: {
        kind: "invalid_filter",
        param: "paths",
        message: expect.any(String),
        position: 4000,
      },
    });
    // A sort naming no column (an inherited property, say) is the creation order, not SQL.
    expect(
      planUsersExport({ where: "", query: "", paths: "", orderBy: "-constructor" }),
    ).toMatchObject({ ok: true, value: { order: { column: "created_at", descending: true } } });
    // No filter is every user (of the search, if there is one), not a mistake.
    expect(planUsersExport({ where: "", query: "", paths: "", orderBy: "" })).toMatchObject({
      ok: true,
      value: { expr: { type: "and", items: [] } },
    });
    expect(
      planUsersExport({
        where: "banned = false",
        query: "",
        paths: "public_metadata.a,, x",
        orderBy: "",
      }),
    ).toMatchObject({ ok: false, error: { kind: "invalid_filter", param: "paths", position: 18 } });
  });
});
