import type { ClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { rawFetch, startTestEmulator } from "./support/test-emulator";

let emulator: RunningEmulator;
let clerk: ClerkClient;

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator({ seedUsers: 300 }));
});
afterAll(() => emulator.close());

describe("users through the official SDK", () => {
  it("lists ten users newest first by default, with the total count", async () => {
    const { data, totalCount } = await clerk.users.getUserList();
    expect(totalCount).toBe(300);
    expect(data).toHaveLength(10);
    const created = data.map((u) => u.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(await clerk.users.getCount()).toBe(300);
  });

  it("creates, reads and deletes a user", async () => {
    const created = await clerk.users.createUser({
      emailAddress: ["Grace.Hopper@Navy.example"],
      phoneNumber: ["+15550001111"],
      username: "grace_hopper",
      firstName: "Grace",
      lastName: "Hopper",
      externalId: "ext-grace",
      password: "correct-horse-battery",
      publicMetadata: { role: "admin" },
      privateMetadata: { crmId: "crm_1" },
    });
    expect(created.id).toMatch(/^user_[A-Za-z0-9]{27}$/);
    expect(created.primaryEmailAddress?.emailAddress).toBe("grace.hopper@navy.example");
    expect(created.primaryPhoneNumber?.phoneNumber).toBe("+15550001111");
    expect(created.passwordEnabled).toBe(true);
    expect(created.publicMetadata).toEqual({ role: "admin" });

    const read = await clerk.users.getUser(created.id);
    expect(read.username).toBe("grace_hopper");
    expect(read.externalId).toBe("ext-grace");
    expect(read.privateMetadata).toEqual({ crmId: "crm_1" });
    expect(await clerk.users.getCount()).toBe(301);

    // The SDK types deleteUser as returning a User; at run time it returns Clerk's DeletedObject.
    const deleted = (await clerk.users.deleteUser(created.id)) as unknown as {
      id: string;
      deleted: boolean;
    };
    expect(deleted.id).toBe(created.id);
    expect(deleted.deleted).toBe(true);
    expect(await clerk.users.getCount()).toBe(300);
  });

  it("updates metadata by merge and replaces it by bag", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["merge@example.com"],
      publicMetadata: { plan: "pro", features: { a: true, b: false } },
      unsafeMetadata: { theme: "dark" },
    });
    const merged = await clerk.users.updateUserMetadata(user.id, {
      publicMetadata: { features: { b: null, c: true } },
    });
    expect(merged.publicMetadata).toEqual({ plan: "pro", features: { a: true, c: true } });
    expect(merged.unsafeMetadata).toEqual({ theme: "dark" });
    expect(merged.updatedAt).toBeGreaterThan(user.updatedAt);

    const replaced = await clerk.users.replaceUserMetadata(user.id, {
      publicMetadata: { plan: "team" },
      privateMetadata: {},
    });
    expect(replaced.publicMetadata).toEqual({ plan: "team" });
    expect(replaced.privateMetadata).toEqual({});
    expect(replaced.unsafeMetadata).toEqual({ theme: "dark" });
    expect(replaced.updatedAt).toBeGreaterThan(merged.updatedAt);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "team" });
  });
});

describe("getUserList parameters", () => {
  it("searches with query over emails, phones, usernames, ids and names, case-insensitively", async () => {
    const target = await clerk.users.createUser({
      emailAddress: ["Zebediah.Quux@Example.COM"],
      phoneNumber: ["+15559876543"],
      username: "zquux_admin",
      firstName: "Zebediah",
      lastName: "Quuxley",
    });
    for (const query of [
      "ZEBEDIAH.q",
      "quuxle",
      "zquux_",
      "9876543",
      target.id.slice(5, 15),
      "zebediah quux",
    ]) {
      const { data, totalCount } = await clerk.users.getUserList({ query });
      expect(
        data.map((u) => u.id),
        query,
      ).toEqual([target.id]);
      expect(totalCount).toBe(1);
    }
    const none = await clerk.users.getUserList({ query: "no-such-person-anywhere" });
    expect(none).toEqual({ data: [], totalCount: 0 });
    // A query matches within one field: the end of the username and the start of the name,
    // however they are joined, match nothing.
    for (const query of ["admin\u0001zebediah", "_admin\u0001ze"])
      expect(await clerk.users.getUserList({ query }), JSON.stringify(query)).toEqual({
        data: [],
        totalCount: 0,
      });
    await clerk.users.deleteUser(target.id);
  });

  it("filters by email address, phone number, username, external id and user id", async () => {
    const { data: sample } = await clerk.users.getUserList({ limit: 200 });
    const withPhone = sample.filter((u) => u.phoneNumbers.length > 0).slice(0, 2);
    const withUsername = sample.filter((u) => u.username).slice(0, 2);
    const withExternal = sample.filter((u) => u.externalId).slice(0, 2);
    const ids = (users: typeof sample) => users.map((u) => u.id).sort();

    const byEmail = await clerk.users.getUserList({
      emailAddress: sample.slice(0, 3).map((u) => u.emailAddresses[0]!.emailAddress.toUpperCase()),
    });
    expect(ids(byEmail.data)).toEqual(ids(sample.slice(0, 3)));
    expect(byEmail.totalCount).toBe(3);

    const byPhone = await clerk.users.getUserList({
      phoneNumber: withPhone.map((u) => u.phoneNumbers[0]!.phoneNumber),
    });
    expect(ids(byPhone.data)).toEqual(ids(withPhone));

    const byUsername = await clerk.users.getUserList({
      username: withUsername.map((u) => u.username!),
    });
    expect(ids(byUsername.data)).toEqual(ids(withUsername));

    const byExternal = await clerk.users.getUserList({
      externalId: withExternal.map((u) => u.externalId!),
    });
    expect(ids(byExternal.data)).toEqual(ids(withExternal));

    const byId = await clerk.users.getUserList({ userId: ids(sample.slice(5, 9)) });
    expect(ids(byId.data)).toEqual(ids(sample.slice(5, 9)));
    expect(byId.totalCount).toBe(4);
  });

  it("includes and excludes user ids and external ids with + and - prefixes", async () => {
    const { data: sample } = await clerk.users.getUserList({ limit: 5 });
    const [a, b, c] = sample.map((u) => u.id);
    const plus = await clerk.users.getUserList({ userId: [`+${a}`, `+${b}`, `-${b}`] });
    expect(plus.data.map((u) => u.id)).toEqual([a]);

    const total = await clerk.users.getCount();
    const minus = await clerk.users.getUserList({ userId: [`-${a}`, `-${c}`], limit: 500 });
    expect(minus.totalCount).toBe(total - 2);
    expect(minus.data.map((u) => u.id)).not.toContain(a);

    const external = sample.find((u) => u.externalId);
    if (external) {
      const withoutIt = await clerk.users.getUserList({ externalId: [`-${external.externalId}`] });
      expect(withoutIt.totalCount).toBe(total - 1);
    }
  });

  it("filters banned users both ways", async () => {
    // The SDK's UserListParams has no `banned`, so this filter goes through the raw API.
    const read = async (path: string) => (await rawFetch(emulator, path)).json();
    const banned = (await read("/v1/users?banned=true&limit=500")) as { banned: boolean }[];
    const bannedCount = (await read("/v1/users/count?banned=true")) as { total_count: number };
    const notBanned = (await read("/v1/users/count?banned=false")) as { total_count: number };
    expect(banned.length).toBeGreaterThan(0);
    expect(banned.every((u) => u.banned)).toBe(true);
    expect(bannedCount.total_count).toBe(banned.length);
    expect(notBanned.total_count + banned.length).toBe(await clerk.users.getCount());
  });

  it("filters by created, last active and last sign-in ranges (exclusive bounds)", async () => {
    const { data: all } = await clerk.users.getUserList({ limit: 500, orderBy: "+created_at" });
    const pivot = all[100]!.createdAt;
    const before = await clerk.users.getUserList({ createdAtBefore: pivot, limit: 500 });
    expect(before.totalCount).toBe(100);
    expect(before.data.every((u) => u.createdAt < pivot)).toBe(true);
    const after = await clerk.users.getUserList({ createdAtAfter: pivot, limit: 500 });
    expect(after.totalCount).toBe(all.length - 101);

    const active = all
      .map((u) => u.lastActiveAt)
      .filter((t): t is number => t !== null)
      .sort((x, y) => x - y);
    const mid = active[Math.floor(active.length / 2)]!;
    const activeAfter = await clerk.users.getUserList({ lastActiveAtAfter: mid, limit: 500 });
    expect(activeAfter.totalCount).toBe(active.filter((t) => t > mid).length);
    const activeBefore = await clerk.users.getUserList({ lastActiveAtBefore: mid, limit: 500 });
    expect(activeBefore.totalCount).toBe(active.filter((t) => t < mid).length);

    const signIns = all.map((u) => u.lastSignInAt).filter((t): t is number => t !== null);
    const pivotSignIn = signIns[7]!;
    const signedInAfter = await clerk.users.getUserList({
      lastSignInAtAfter: pivotSignIn,
      limit: 500,
    });
    expect(signedInAfter.totalCount).toBe(signIns.filter((t) => t > pivotSignIn).length);
    const signedInBefore = await clerk.users.getUserList({
      lastSignInAtBefore: pivotSignIn,
      limit: 500,
    });
    expect(signedInBefore.totalCount).toBe(signIns.filter((t) => t < pivotSignIn).length);
  });

  it("combines limit, offset, order_by and query", async () => {
    const { data: page, totalCount } = await clerk.users.getUserList({
      query: "@gmail.com",
      orderBy: "+username",
      limit: 5,
      offset: 2,
    });
    const all = await clerk.users.getUserList({
      query: "@gmail.com",
      orderBy: "+username",
      limit: 500,
    });
    expect(totalCount).toBe(all.totalCount);
    expect(page.map((u) => u.id)).toEqual(all.data.slice(2, 7).map((u) => u.id));
    expect(
      all.data.every((u) => u.emailAddresses.some((e) => e.emailAddress.includes("@gmail.com"))),
    ).toBe(true);
  });
});

describe("updateUser through the official SDK", () => {
  it("changes names, username and external id, moves updated_at, and search follows", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["rename.me@example.com"],
      firstName: "Old",
      lastName: "Name",
      publicMetadata: { kept: true },
    });
    const updated = await clerk.users.updateUser(user.id, {
      firstName: "Amara",
      lastName: "Wilson",
      username: "amara_w",
      externalId: "ext-amara",
    });
    expect([updated.firstName, updated.lastName, updated.username, updated.externalId]).toEqual([
      "Amara",
      "Wilson",
      "amara_w",
      "ext-amara",
    ]);
    expect(updated.updatedAt).toBeGreaterThan(user.updatedAt);
    // Metadata is not the update's business.
    expect(updated.publicMetadata).toEqual({ kept: true });
    const found = await clerk.users.getUserList({ query: "amara wilson" });
    expect(found.data.map((u) => u.id)).toEqual([user.id]);
    expect((await clerk.users.getUserList({ query: "Old Name" })).data).toEqual([]);
  });

  it("creates identifiers reserved when asked, by position, and refuses a list of another length", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["kept@example.com", "held@example.com"],
      emailAddressIdentificationStatus: ["verified", "reserved"],
      phoneNumber: ["+15550001111"],
      phoneNumberIdentificationStatus: ["reserved"],
    });
    const [kept, held] = user.emailAddresses;
    expect(kept?.verification?.status).toBe("verified");
    expect(held?.verification).toBeNull();
    expect(user.phoneNumbers[0]?.verification).toBeNull();
    const raw = (await (await rawFetch(emulator, `/v1/users/${user.id}`)).json()) as {
      email_addresses: { reserved: boolean }[];
      phone_numbers: { reserved: boolean }[];
    };
    expect(raw.email_addresses.map((e) => e.reserved)).toEqual([false, true]);
    expect(raw.phone_numbers.map((p) => p.reserved)).toEqual([true]);
    // Reserved is locked: no other user can claim the address.
    await expect(
      clerk.users.createUser({ emailAddress: ["held@example.com"] }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      clerk.users.createUser({
        emailAddress: ["one@example.com", "two@example.com"],
        emailAddressIdentificationStatus: ["reserved"],
      }),
    ).rejects.toMatchObject({ status: 422 });
    await clerk.users.deleteUser(user.id);
  });

  it("refuses what Clerk refuses: a taken username, a stranger's email id, a short password, an unknown field", async () => {
    const [a, b] = await Promise.all([
      clerk.users.createUser({ emailAddress: ["taken.a@example.com"], username: "taken_a" }),
      clerk.users.createUser({ emailAddress: ["taken.b@example.com"] }),
    ]);
    const code = async (run: () => Promise<unknown>) => {
      try {
        await run();
        return "ok";
      } catch (error) {
        const e = error as { status?: number; errors?: { code: string }[] };
        return `${e.status} ${e.errors?.[0]?.code}`;
      }
    };
    expect(await code(() => clerk.users.updateUser(b!.id, { username: "taken_a" }))).toBe(
      "422 form_identifier_exists",
    );
    expect(
      await code(() =>
        clerk.users.updateUser(b!.id, {
          primaryEmailAddressID: a!.emailAddresses[0]!.id,
        }),
      ),
    ).toMatch(/^422 /);
    expect(await code(() => clerk.users.updateUser(b!.id, { password: "short" }))).toMatch(/^422 /);
    const raw = await rawFetch(emulator, `/v1/users/${b!.id}`, {
      method: "PATCH",
      body: JSON.stringify({ favourite_colour: "teal" }),
    });
    expect(raw.status).toBe(422);
    // Renaming a user to its own username is no conflict with itself.
    expect(await code(() => clerk.users.updateUser(a!.id, { username: "taken_a" }))).toBe("ok");
  });
});
