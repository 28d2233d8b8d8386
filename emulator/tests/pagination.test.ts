import type { ClerkClient, User } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { ORDER_BY_FIELDS, type OrderByField } from "../users/list-params";
import { rawFetch, startTestEmulator } from "./support/test-emulator";

let emulator: RunningEmulator;
let clerk: ClerkClient;
const TOTAL = 537;

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator({ seedUsers: TOTAL }));
});
afterAll(() => emulator.close());

async function walk(
  orderBy: string,
  limit: number,
  query?: string,
): Promise<{ users: User[]; totals: number[] }> {
  const users: User[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await clerk.users.getUserList({ orderBy: orderBy as never, limit, offset, query });
    users.push(...page.data);
    totals.push(page.totalCount);
    if (page.data.length < limit) return { users, totals };
  }
}

/** The value each order_by field sorts on, as the SDK exposes it. */
const sortValue: Record<OrderByField, (u: User) => string | number | null> = {
  created_at: (u) => u.createdAt,
  updated_at: (u) => u.updatedAt,
  email_address: (u) => u.primaryEmailAddress?.emailAddress ?? null,
  web3wallet: (u) => u.primaryWeb3Wallet?.web3Wallet ?? null,
  first_name: (u) => u.firstName,
  last_name: (u) => u.lastName,
  phone_number: (u) => u.primaryPhoneNumber?.phoneNumber ?? null,
  username: (u) => u.username,
  last_active_at: (u) => u.lastActiveAt,
  last_sign_in_at: (u) => u.lastSignInAt,
};

/** Null last ascending and first descending, as Clerk's PostgreSQL orders them. */
function inOrder(
  a: string | number | null,
  b: string | number | null,
  descending: boolean,
): boolean {
  if (a === null || b === null)
    return descending ? a === null || b !== null : b === null || a !== null;
  return descending ? a >= b : a <= b;
}

describe("pagination", () => {
  it("walking every page returns each user exactly once and matches the count", async () => {
    const { users, totals } = await walk("-created_at", 50);
    expect(users).toHaveLength(TOTAL);
    expect(new Set(users.map((u) => u.id)).size).toBe(TOTAL);
    expect(new Set(totals)).toEqual(new Set([TOTAL]));
    expect(await clerk.users.getCount()).toBe(TOTAL);
  });

  it("walking a search returns each match exactly once, matching its count", async () => {
    const { users, totals } = await walk("+username", 7, "gmail");
    expect(users.length).toBeGreaterThan(7);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(new Set(totals)).toEqual(new Set([users.length]));
  });

  it.each(Object.keys(ORDER_BY_FIELDS).flatMap((field) => [`+${field}`, `-${field}`]))(
    "orders by %s across pages, every user once",
    async (orderBy) => {
      const field = orderBy.slice(1) as OrderByField;
      const descending = orderBy.startsWith("-");
      const { users } = await walk(orderBy, 100);
      expect(new Set(users.map((u) => u.id)).size).toBe(TOTAL);
      const values = users.map(sortValue[field]);
      for (let i = 1; i < values.length; i++) {
        expect(
          inOrder(values[i - 1]!, values[i]!, descending),
          `${orderBy} at ${i}: ${values[i - 1]} then ${values[i]}`,
        ).toBe(true);
      }
    },
  );

  it("treats an order_by without a sign as ascending", async () => {
    const plain = await clerk.users.getUserList({ orderBy: "username" as never, limit: 20 });
    const plus = await clerk.users.getUserList({ orderBy: "+username", limit: 20 });
    expect(plain.data.map((u) => u.id)).toEqual(plus.data.map((u) => u.id));
  });

  it("pages with the starting_after cursor in created_at order", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const qs = new URLSearchParams({ limit: "100" });
      if (cursor) qs.set("starting_after", cursor);
      const res = await rawFetch(emulator, `/v1/users?${qs}`);
      const page = (await res.json()) as { id: string }[];
      seen.push(...page.map((u) => u.id));
      if (page.length < 100) break;
      cursor = page.at(-1)?.id;
    }
    const { users } = await walk("-created_at", 500);
    expect(seen).toEqual(users.map((u) => u.id));
  });
});
