import { SelectQueryNode, type QueryId } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConsoleDatabase } from "@/lib/db/open-database";
import type { UserDto } from "@/lib/clerk/user-dto";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { indexDeletion, indexUsers } from "../index-store";
import { listIndexedUsers } from "./list-indexed-users";

function user(n: number, plan: string, email: string): UserDto {
  return {
    id: `user_l${n}`,
    externalId: null,
    username: `member_${n}`,
    firstName: n === 2 ? "Ada" : null,
    lastName: null,
    fullName: n === 2 ? "Ada" : null,
    imageUrl: "",
    hasImage: false,
    primaryEmail: email,
    emails: [{ id: "idn_1", emailAddress: email, primary: true, verified: true }],
    phones: [],
    createdAt: 1000 + n,
    updatedAt: 2000 + n,
    lastSignInAt: null,
    lastActiveAt: null,
    banned: false,
    locked: false,
    publicMetadata: { plan, n },
    privateMetadata: {},
    unsafeMetadata: {},
  };
}

describe.each(databaseKinds)("users from the index, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const users = Array.from({ length: 12 }, (_, n) =>
      user(n, n % 3 === 0 ? "pro" : "free", `Member${n}@${n % 2 ? "acme.com" : "example.org"}`),
    );
    await indexUsers(database.db, users, 5000);
    await indexDeletion(database.db, "user_l3", 6000, 6000);
  });
  afterAll(() => database.dispose());

  const list = (where: string, extra: Partial<Parameters<typeof listIndexedUsers>[2]> = {}) =>
    listIndexedUsers(database.db, kind, {
      where,
      query: "",
      page: 1,
      pageSize: 10,
      orderBy: "-created_at",
      ...extra,
    });

  it("pages the matching live users, newest first, with the total and the index's freshness", async () => {
    const result = await list('public_metadata.plan = "pro"');
    expect(result.ok && result.value.users.map((u) => u.id)).toEqual([
      "user_l9",
      "user_l6",
      "user_l0",
    ]);
    expect(result.ok && result.value.total).toBe(3);
    expect(result.ok && result.value.indexedAt).toBe(6000);
    expect(result.ok && result.value.users[0]).toMatchObject({
      username: "member_9",
      primaryEmail: "Member9@acme.com",
      metadataKeys: { private: [], unsafe: [] },
    });
    // PostgreSQL's jsonb keeps keys in its own order.
    expect(result.ok && result.value.users[0]?.metadataKeys.public.sort()).toEqual(["n", "plan"]);
    const second = await list("public_metadata.n >= 0", {
      page: 2,
      pageSize: 5,
      orderBy: "+created_at",
    });
    expect(second.ok && second.value.users.map((u) => u.id)).toEqual([
      "user_l6",
      "user_l7",
      "user_l8",
      "user_l9",
      "user_l10",
    ]);
    expect(second.ok && second.value.total).toBe(11);
  });

  it("past the count cap says more than the cap, and pages the same users in the same order", async () => {
    const capped = (extra: Parameters<typeof list>[1]) =>
      listIndexedUsers(
        database.db,
        kind,
        {
          where: "public_metadata.n >= 0",
          query: "",
          page: 1,
          pageSize: 3,
          orderBy: "-created_at",
          ...extra,
        },
        { countCap: 4 },
      );
    for (const orderBy of ["-created_at", "+created_at"] as const)
      for (const page of [1, 2, 3, 4, 5]) {
        const exact = await list("public_metadata.n >= 0", { page, pageSize: 3, orderBy });
        const walked = await capped({ page, orderBy });
        expect(walked.ok && walked.value.users.map((u) => u.id)).toEqual(
          exact.ok && exact.value.users.map((u) => u.id),
        );
        expect(walked.ok && [walked.value.total, walked.value.totalExact]).toEqual([5, false]);
      }
    // "Count all" counts every match; so does a filter within the cap, or another order.
    const all = await capped({ count: "exact" });
    expect(all.ok && [all.value.total, all.value.totalExact]).toEqual([11, true]);
    const few = await capped({ where: 'public_metadata.plan = "pro"' });
    expect(few.ok && [few.value.total, few.value.totalExact]).toEqual([3, true]);
    const byName = await capped({ orderBy: "+username" });
    expect(byName.ok && [byName.value.total, byName.value.totalExact]).toEqual([11, true]);
    // The search narrows the walk too.
    const searched = await capped({ query: "acme", pageSize: 10 });
    const searchedExact = await list("public_metadata.n >= 0", { query: "acme" });
    expect(searched.ok && searched.value.users.map((u) => u.id)).toEqual(
      searchedExact.ok && searchedExact.value.users.map((u) => u.id),
    );
    expect(searched.ok && searched.value.totalExact).toBe(false);
  });

  it("narrows by the free-text search as well, in any case", async () => {
    const result = await list("public_metadata.n >= 0", { query: "ACME" });
    expect(result.ok && result.value.users.map((u) => u.id).sort()).toEqual(
      ["user_l1", "user_l11", "user_l5", "user_l7", "user_l9"].sort(),
    );
    const byName = await list("public_metadata.n >= 0", { query: "ada" });
    expect(byName.ok && byName.value.users.map((u) => u.id)).toEqual(["user_l2"]);
  });

  it("runs nothing for a malformed expression and says where it is wrong", async () => {
    expect(await list("public_metadata.plan = ")).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/Expected a value/), position: 23 },
    });
  });

  it("says no match on a first page that found none, though a matching user is indexed meanwhile", async () => {
    // The user lands, through a connection of its own as a webhook's would, right after the
    // page's statement: a second count would see it over a page of no rows.
    const writer = openConsoleDatabase(
      kind === "sqlite" ? { kind, file: database.url } : { kind, url: database.url },
    );
    const pageStatements = new Set<QueryId>();
    let landed = false;
    const racing = database.db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        if (SelectQueryNode.is(node) && node.with) pageStatements.add(queryId);
        return node;
      },
      transformResult: async ({ queryId, result }) => {
        if (pageStatements.has(queryId) && !landed) {
          landed = true;
          await indexUsers(writer.db, [user(90, "racing", "late@example.org")], 7000);
        }
        return result;
      },
    });
    try {
      const page = await listIndexedUsers(racing, kind, {
        where: 'public_metadata.plan = "racing"',
        query: "",
        page: 1,
        pageSize: 10,
        orderBy: "-created_at",
      });
      expect(landed).toBe(true);
      expect(page.ok && { users: page.value.users.length, total: page.value.total }).toEqual({
        users: 0,
        total: 0,
      });
    } finally {
      await writer.db.destroy();
    }
  });
});
