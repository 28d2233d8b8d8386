import { describe, expect, it } from "vitest";
import type { UserFilter } from "@/lib/clerk/users";
import { fail, ok } from "@/lib/result/result";
import { userDto } from "@/tests/support/user-dto";
import { isSearchTooBroad, searchBatches, type ClerkUserPages } from "./search-batches";

const users = Array.from({ length: 1203 }, (_, n) =>
  userDto(`user_${n}`, { firstName: "Ada", lastName: `N${n}`, publicMetadata: { n } }),
);

describe("searchBatches", () => {
  it("refuses a search broader than an export of a search reads, before its first row", async () => {
    const pages: ClerkUserPages = async () =>
      ok({ users: users.slice(0, 500), totalCount: 10_001 });
    const read = searchBatches(pages, "a", "-created_at");
    const refused = await read.next().catch((error: unknown) => error);
    expect(isSearchTooBroad(refused)).toBe(true);
    expect((refused as Error).message).toMatch(
      /^This search matches 10,001 users, more than the 10,000/,
    );
  });

  it("reads every page of Clerk's search in the list's order, Clerk's largest page at a time", async () => {
    const asked: { filter: UserFilter; offset: number; limit: number }[] = [];
    const pages: ClerkUserPages = async (filter, page) => {
      asked.push({ filter, ...page });
      return ok({ users: users.slice(page.offset, page.offset + page.limit), totalCount: 1203 });
    };
    const batches = [];
    for await (const batch of searchBatches(pages, "ada", "+last_name")) batches.push(batch);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 203]);
    expect(batches.flat()[1202]).toEqual({
      id: "user_1202",
      primaryEmail: null,
      name: "Ada N1202",
      metadata: {
        public_metadata: { n: 1202 },
        private_metadata: {},
        unsafe_metadata: {},
      },
    });
    expect(asked.map(({ offset }) => offset)).toEqual([0, 500, 1000]);
    expect(asked[0]!.filter).toEqual({ query: "ada", orderBy: "+last_name" });
  });

  it("asks newest first for a sort Clerk does not take, and fails the export on a failed page", async () => {
    const asked: UserFilter[] = [];
    const pages: ClerkUserPages = async (filter, page) => {
      asked.push(filter);
      return page.offset === 0
        ? ok({ users: users.slice(0, 500), totalCount: 1203 })
        : fail({ kind: "network", message: "Clerk did not answer." });
    };
    const read = searchBatches(pages, "ada", "+password");
    await expect(read.next()).resolves.toMatchObject({ done: false });
    await expect(read.next()).rejects.toThrow(
      /Clerk could not list the users: Clerk did not answer/,
    );
    expect(asked[0]!.orderBy).toBe("-created_at");
  });
});
