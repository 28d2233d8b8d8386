import { describe, expect, it } from "vitest";
import { jsonByteSize } from "@/lib/metadata/json";
import { seedUser } from "../seed/seed-users";
import config from "@/metadeck.config";
import { catalogueOrThrow } from "@/lib/flags/catalogue-schema";
import { resolveFlag } from "@/lib/flags/flag-values";
import { rawFetch, startTestEmulator } from "./support/test-emulator";

describe("seed data", () => {
  it("is deterministic: the same count gives the same users, ids included", async () => {
    const first = await startTestEmulator({ seedUsers: 120 });
    const second = await startTestEmulator({ seedUsers: 120 });
    try {
      const a = await first.clerk.users.getUserList({ limit: 500, orderBy: "+created_at" });
      const b = await second.clerk.users.getUserList({ limit: 500, orderBy: "+created_at" });
      const essence = (users: typeof a.data) =>
        users.map((u) => [
          u.id,
          u.emailAddresses.map((e) => e.emailAddress),
          u.createdAt,
          u.publicMetadata,
        ]);
      expect(essence(a.data)).toEqual(essence(b.data));
      expect(a.totalCount).toBe(120);
    } finally {
      await first.emulator.close();
      await second.emulator.close();
    }
  });

  it("dates every second factor: two-factor on always comes with mfa_enabled_at", async () => {
    const { emulator } = await startTestEmulator({ seedUsers: 300 });
    try {
      const listed = await rawFetch(emulator, "/v1/users?limit=500");
      const users = (await listed.json()) as {
        two_factor_enabled: boolean;
        mfa_enabled_at: number | null;
      }[];
      expect(users.filter((u) => u.two_factor_enabled).length).toBeGreaterThan(0);
      for (const user of users) expect(user.mfa_enabled_at !== null).toBe(user.two_factor_enabled);
    } finally {
      await emulator.close();
    }
  });

  it("looks like a real application's users", () => {
    const users = Array.from({ length: 2000 }, (_, i) => seedUser(i));
    const share = (predicate: (u: (typeof users)[number]) => boolean) =>
      users.filter(predicate).length / users.length;

    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(new Set(users.map((u) => `${u.firstName} ${u.lastName}`)).size).toBeGreaterThan(1000);
    expect(new Set(users.flatMap((u) => u.emails.map((e) => e.value))).size).toBe(
      users.reduce((n, u) => n + u.emails.length, 0),
    );
    for (const count of [1, 2, 3])
      expect(share((u) => u.emails.length === count)).toBeGreaterThan(0.05);
    expect(share((u) => u.phones.length > 0)).toBeGreaterThan(0.2);
    expect(share((u) => u.username !== null)).toBeGreaterThan(0.5);
    expect(share((u) => u.banned)).toBeGreaterThan(0);
    expect(share((u) => u.locked)).toBeGreaterThan(0);
    expect(share((u) => u.lastSignInAt === null)).toBeGreaterThan(0.02);

    const years = new Set(users.map((u) => new Date(u.createdAt).getUTCFullYear()));
    expect(years.size).toBeGreaterThanOrEqual(5);

    const bags = users.map((u) => u.metadata);
    expect(share((u) => Object.keys(u.metadata.public_metadata).length === 0)).toBeGreaterThan(
      0.05,
    );
    expect(
      bags.some(
        (m) =>
          typeof m.public_metadata.role === "string" && typeof m.public_metadata.plan === "string",
      ),
    ).toBe(true);
    expect(bags.some((m) => typeof m.public_metadata.features === "object")).toBe(true);
    expect(bags.some((m) => typeof m.private_metadata.stripeCustomerId === "string")).toBe(true);
    expect(bags.some((m) => typeof m.unsafe_metadata.onboarding === "object")).toBe(true);
    const sizes = bags.flatMap((m) =>
      [m.public_metadata, m.private_metadata, m.unsafe_metadata].map(jsonByteSize),
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8192);
    expect(sizes.filter((s) => s > 7000).length).toBeGreaterThan(5);
  });

  // The demo catalogue and the seeded metadata tell the same story: the flags panel, bulk dry
  // runs and the JSON all show the catalogued flags, set on some users and not on others.
  it("carries the demo catalogue's flags, with valid values and a realistic spread", () => {
    const users = Array.from({ length: 2000 }, (_, i) => seedUser(i));
    const catalogue = catalogueOrThrow(config);
    for (const flag of catalogue.flags) {
      const states = users.map((u) => resolveFlag(flag, u.metadata));
      expect(
        states.filter((s) => s.source === "invalid"),
        flag.key,
      ).toEqual([]);
      const set = states.filter((s) => s.source === "user");
      expect(set.length / users.length, flag.key).toBeGreaterThan(0.1);
      expect(set.length / users.length, flag.key).toBeLessThan(0.9);
      // More than one value in use, so a bulk change has users to change and users to skip.
      expect(new Set(set.map((s) => s.value)).size, flag.key).toBeGreaterThan(1);
    }
  });
});
