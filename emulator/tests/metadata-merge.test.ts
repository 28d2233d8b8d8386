import type { ClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server";
import { startTestEmulator } from "./support/test-emulator";

let emulator: RunningEmulator;
let clerk: ClerkClient;

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator());
});
afterAll(() => emulator.close());

type Bags = Parameters<ClerkClient["users"]["updateUserMetadata"]>[1];

const original = {
  publicMetadata: {
    plan: "pro",
    features: { beta: true, legacy: { theme: "old", keep: 1 } },
    tags: ["a", "b"],
  },
  privateMetadata: { stripe: "cus_1", notes: { vip: true } },
  unsafeMetadata: { onboarding: { step: 2 } },
};

const cases: { name: string; patch: Bags; expected: Required<Bags> }[] = [
  {
    name: "merges nested objects",
    patch: { publicMetadata: { features: { gamma: false, legacy: { extra: "x" } } } },
    expected: {
      ...original,
      publicMetadata: {
        ...original.publicMetadata,
        features: { beta: true, gamma: false, legacy: { theme: "old", keep: 1, extra: "x" } },
      },
    },
  },
  {
    name: "deletes a key at depth with null",
    patch: { publicMetadata: { features: { legacy: { theme: null } } } },
    expected: {
      ...original,
      publicMetadata: { ...original.publicMetadata, features: { beta: true, legacy: { keep: 1 } } },
    },
  },
  {
    name: "replaces arrays whole",
    patch: { publicMetadata: { tags: ["c"] } },
    expected: { ...original, publicMetadata: { ...original.publicMetadata, tags: ["c"] } },
  },
  {
    name: "replaces an object by a scalar and a scalar by an object",
    patch: { privateMetadata: { notes: "none", stripe: { id: "cus_2" } } },
    expected: { ...original, privateMetadata: { stripe: { id: "cus_2" }, notes: "none" } },
  },
  {
    name: "leaves omitted bags untouched",
    patch: { unsafeMetadata: { onboarding: { step: 3 } } },
    expected: { ...original, unsafeMetadata: { onboarding: { step: 3 } } },
  },
  {
    name: "treats {} as a no-op",
    patch: { publicMetadata: {}, privateMetadata: {} },
    expected: original,
  },
  { name: "treats an empty request as a no-op", patch: {}, expected: original },
  {
    name: "ignores deleting a key that does not exist",
    patch: { publicMetadata: { nothing: null, features: { nowhere: { deeper: null } } } },
    expected: {
      ...original,
      publicMetadata: {
        ...original.publicMetadata,
        features: { ...original.publicMetadata.features, nowhere: {} },
      },
    },
  },
  {
    name: "deletes a whole sub-object",
    patch: { publicMetadata: { features: null }, privateMetadata: { notes: null, stripe: null } },
    expected: {
      ...original,
      publicMetadata: { plan: "pro", tags: ["a", "b"] },
      privateMetadata: {},
    },
  },
];

describe("PATCH /v1/users/{id}/metadata merges like RFC 7396", () => {
  it.each(cases)("$name", async ({ patch, expected }) => {
    const user = await clerk.users.createUser({
      emailAddress: [`${crypto.randomUUID()}@example.com`],
      ...original,
    });
    const returned = await clerk.users.updateUserMetadata(user.id, patch);
    const stored = await clerk.users.getUser(user.id);
    for (const view of [returned, stored]) {
      expect(view.publicMetadata).toEqual(expected.publicMetadata);
      expect(view.privateMetadata).toEqual(expected.privateMetadata);
      expect(view.unsafeMetadata).toEqual(expected.unsafeMetadata);
    }
    expect(returned.updatedAt).toBeGreaterThan(user.updatedAt);
    expect(stored.updatedAt).toBe(returned.updatedAt);
  });

  it("moves updated_at forward on every write, even within one millisecond", async () => {
    const user = await clerk.users.createUser({ emailAddress: ["tick@example.com"] });
    const stamps = [user.updatedAt];
    for (let i = 0; i < 5; i++) {
      stamps.push(
        (await clerk.users.updateUserMetadata(user.id, { publicMetadata: { i } })).updatedAt,
      );
    }
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
  });
});

describe("PUT /v1/users/{id}/metadata replaces each bag given", () => {
  it("replaces the given bags whole and keeps the others", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["replace@example.com"],
      ...original,
    });
    const replaced = await clerk.users.replaceUserMetadata(user.id, {
      publicMetadata: { features: { only: true } },
      unsafeMetadata: {},
    });
    expect(replaced.publicMetadata).toEqual({ features: { only: true } });
    expect(replaced.privateMetadata).toEqual(original.privateMetadata);
    expect(replaced.unsafeMetadata).toEqual({});
  });
});
