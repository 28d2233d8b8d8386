import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { startTestEmulator } from "@/emulator/tests/support/test-emulator";
import { describeFailure } from "./clerk-failure";
import { toClerkFailure } from "./to-clerk-failure";
import { toUserDto, toUserSummary } from "./user-dto";

let emulator: RunningEmulator;
let clerk: Awaited<ReturnType<typeof startTestEmulator>>["clerk"];

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator());
});
afterAll(() => emulator.close());

describe("User → plain object", () => {
  it("reads a user whose metadata nests as deep as Clerk's 8 KB allows, one by one and listed", async () => {
    // A user can write this into their own unsafe metadata; a recursive copy ran out of stack.
    let deep: unknown = 1;
    for (let level = 0; level < 4_080; level++) deep = [deep];
    const created = await clerk.users.createUser({
      emailAddress: ["deep@example.com"],
      unsafeMetadata: { deep },
    });
    const depth = (value: unknown) => {
      let levels = 0;
      for (let at = value; Array.isArray(at); at = at[0] as unknown) levels++;
      return levels;
    };
    const dto = toUserDto(await clerk.users.getUser(created.id));
    expect(depth(dto.unsafeMetadata.deep)).toBe(4_080);
    const listed = await clerk.users.getUserList({ emailAddress: ["deep@example.com"] });
    expect(listed.data.map((user) => depth(toUserDto(user).unsafeMetadata.deep))).toEqual([4_080]);
  });

  it("maps the SDK's User into serializable data", async () => {
    const created = await clerk.users.createUser({
      emailAddress: ["second@example.com", "third@example.com"],
      phoneNumber: ["+15550101010"],
      username: "mapper",
      firstName: "Map",
      lastName: "Per",
      externalId: "ext-map",
      publicMetadata: { plan: "pro", nested: { list: [1, { a: true }] } },
      privateMetadata: { crm: 7 },
    });
    const dto = toUserDto(await clerk.users.getUser(created.id));
    expect(dto).toEqual({
      id: created.id,
      externalId: "ext-map",
      username: "mapper",
      firstName: "Map",
      lastName: "Per",
      fullName: "Map Per",
      imageUrl: expect.stringContaining(created.id),
      hasImage: false,
      primaryEmail: "second@example.com",
      emails: [
        {
          id: expect.any(String),
          emailAddress: "second@example.com",
          primary: true,
          verified: true,
        },
        {
          id: expect.any(String),
          emailAddress: "third@example.com",
          primary: false,
          verified: true,
        },
      ],
      phones: [
        { id: expect.any(String), phoneNumber: "+15550101010", primary: true, verified: true },
      ],
      createdAt: created.createdAt,
      updatedAt: created.updatedAt,
      lastSignInAt: null,
      lastActiveAt: null,
      banned: false,
      locked: false,
      publicMetadata: { plan: "pro", nested: { list: [1, { a: true }] } },
      privateMetadata: { crm: 7 },
      unsafeMetadata: {},
    });
    // What a server action returns must survive structured cloning and JSON unchanged.
    expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
    expect(Object.getPrototypeOf(dto.publicMetadata)).toBe(Object.prototype);

    // The list row carries the same profile and only the keys of each bag.
    const full = ["emails", "phones", "publicMetadata", "privateMetadata", "unsafeMetadata"];
    const profile = Object.fromEntries(Object.entries(dto).filter(([key]) => !full.includes(key)));
    expect(toUserSummary(await clerk.users.getUser(created.id))).toEqual({
      ...profile,
      metadataKeys: { public: ["plan", "nested"], private: ["crm"], unsafe: [] },
    });
  });
});

describe("Clerk failures as values", () => {
  it("keeps status, code, message, trace id and Retry-After", async () => {
    let thrown: unknown;
    await clerk.users.getUser("user_missing").catch((e: unknown) => (thrown = e));
    const failure = toClerkFailure(thrown);
    expect(failure).toMatchObject({
      kind: "clerk",
      status: 404,
      code: "resource_not_found",
      retryAfterSeconds: null,
    });
    expect(failure.kind === "clerk" && failure.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(describeFailure(failure)).toMatch(/^Clerk answered 404 resource_not_found/);
  });

  it("tells a network failure apart", async () => {
    await emulator.faults.set({ ...emulator.faults.current, dropRate: 1 });
    let thrown: unknown;
    await clerk.users.getCount().catch((e: unknown) => (thrown = e));
    emulator.faults.set({ ...emulator.faults.current, dropRate: 0 });
    expect(toClerkFailure(thrown)).toMatchObject({ kind: "network" });
  });
});
