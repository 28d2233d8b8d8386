import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { startTestEmulator, TEST_SECRET_KEY } from "@/emulator/tests/support/test-emulator";
import type { AuditEntryInput } from "@/lib/audit/audit-entry";
import { createTestDatabase, type TestDatabase } from "@/tests/support/console-databases";

let emulator: RunningEmulator;
let clerk: Awaited<ReturnType<typeof startTestEmulator>>["clerk"];
let saveMetadataWith: typeof import("./save-metadata").saveMetadata;
let database: TestDatabase;
const recorded: AuditEntryInput[] = [];
const saveMetadata = (input: Parameters<typeof saveMetadataWith>[0]) =>
  saveMetadataWith(input, {
    actor: { id: "staff_1", email: "ada@example.com" },
    db: database.db,
    record: async (e) => void recorded.push(e),
  });

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator());
  database = await createTestDatabase("sqlite");
  // The server-only Clerk client reads its configuration from the environment on first use.
  process.env.CLERK_SECRET_KEY = TEST_SECRET_KEY;
  process.env.CLERK_API_URL = emulator.url;
  // Clerk calls draw from the budget kept in the console database: this test's own.
  process.env.DATABASE_URL = database.url;
  ({ saveMetadata: saveMetadataWith } = await import("./save-metadata"));
});
afterAll(async () => {
  await emulator.close();
  await database.dispose();
});

describe("the checked save", () => {
  it("puts the User Clerk returned into the user index at once, without waiting for a webhook", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["indexed@example.com"],
      publicMetadata: { plan: "free" },
    });
    const result = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { plan: "pro" } },
    });
    expect(result.ok).toBe(true);
    const row = await database.db
      .selectFrom("user_index")
      .select(["public_metadata", "updated_at", "primary_email"])
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(row.public_metadata))).toEqual({ plan: "pro" });
    expect(row.primary_email).toBe("indexed@example.com");
    expect(Number(row.updated_at)).toBe(result.ok ? result.value.user.updatedAt : -1);
  });

  it("says which keys someone outside Metadeck changed between its read and its PATCH", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["outside@example.com"],
      publicMetadata: { plan: "free", billing: { seats: 1 } },
    });
    emulator.interleaved.add(user.id, { public_metadata: { billing: { seats: 9 } } });
    const result = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { plan: "pro" } },
    });
    expect(result.ok && result.value.changedOutside).toEqual(["public_metadata.billing.seats"]);
    expect(recorded.at(-1)).toMatchObject({
      outcome: "success",
      message:
        "Clerk's copy also changed outside Metadeck while this was saved: public_metadata.billing.seats.",
      after: { public_metadata: { plan: "pro", billing: { seats: 9 } } },
    });
  });

  it("reads once, patches once, and returns the User Clerk returned", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["save@example.com"],
      publicMetadata: { a: 1, b: 2 },
    });
    emulator.stats.reset();
    const result = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { b: null, c: [3] } },
    });
    expect(emulator.stats.snapshot().requests).toEqual({
      "GET /v1/users/{user_id}": 1,
      "PATCH /v1/users/{user_id}/metadata": 1,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.user.publicMetadata).toEqual({ a: 1, c: [3] });
    expect(result.value.user.updatedAt).toBeGreaterThan(user.updatedAt);
    expect(result.value.changedOutside).toEqual([]);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ a: 1, c: [3] });
    expect(recorded.at(-1)).toMatchObject({
      outcome: "success",
      actor: { id: "staff_1", email: "ada@example.com" },
      targetUserId: user.id,
      bags: ["public_metadata"],
      before: { public_metadata: { a: 1, b: 2 } },
      patch: { public_metadata: { b: null, c: [3] } },
      after: { public_metadata: { a: 1, c: [3] } },
    });
  });

  it("refuses a stale version with the current user and writes nothing", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["stale@example.com"],
      publicMetadata: { a: 1 },
    });
    const meanwhile = await clerk.users.updateUserMetadata(user.id, {
      publicMetadata: { other: true },
    });
    emulator.stats.reset();
    const result = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { a: 2 } },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "conflict", current: { updatedAt: meanwhile.updatedAt } },
    });
    expect(emulator.stats.snapshot().requests).toEqual({ "GET /v1/users/{user_id}": 1 });
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ a: 1, other: true });
    expect(recorded.at(-1)).toMatchObject({
      outcome: "conflict",
      after: null,
      before: { public_metadata: { a: 1, other: true } },
    });
  });

  it("refuses a change that would push a bag over 8 KB before calling Clerk", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["big@example.com"],
      privateMetadata: { blob: "x".repeat(6000) },
    });
    const result = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { private_metadata: { more: "y".repeat(3000) } },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: "too_large", bag: "private_metadata" },
    });
  });

  it("refuses a catalogued flag of the wrong type, naming its path and type, and calls no one", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["flags@example.com"],
      publicMetadata: { features: { new_dashboard: true } },
    });
    await fetch(`${emulator.url}/__emulator/stats`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${TEST_SECRET_KEY}` },
    });
    const result = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { features: { new_dashboard: "yes", unlisted: "free" } } },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: "schema",
        violations: [{ path: "public_metadata.features.new_dashboard" }],
      },
    });
    expect(!result.ok && result.error.message).toContain(
      'public_metadata.features.new_dashboard must be a boolean (true or false) (got "yes")',
    );
    const stats = await fetch(`${emulator.url}/__emulator/stats`, {
      headers: { Authorization: `Bearer ${TEST_SECRET_KEY}` },
    }).then((r) => r.json() as Promise<{ total: number }>);
    expect(stats.total).toBe(0);
    expect(recorded.at(-1)).toMatchObject({ outcome: "refused", targetUserId: user.id });
  });

  it("where the policy requires a reason, refuses a write without one, audited, and keeps the reason given", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["reasons@example.com"],
      publicMetadata: { plan: "free" },
    });
    const context = {
      actor: { id: "staff_1", email: "ada@example.com" },
      db: database.db,
      record: async (e: AuditEntryInput) => void recorded.push(e),
      reasonRequired: true,
    };
    const input = {
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { plan: "pro" } },
    };
    const before = recorded.length;
    const refused = await saveMetadataWith({ ...input, reason: null }, context);
    expect(refused).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        message: "Give a reason for this change: this workspace requires one for every write.",
      },
    });
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free" });
    expect(recorded.slice(before).map((e) => [e.outcome, e.reason])).toEqual([["refused", null]]);

    const saved = await saveMetadataWith({ ...input, reason: "TICKET-5" }, context);
    expect(saved.ok).toBe(true);
    expect(recorded.slice(before + 1).map((e) => [e.outcome, e.reason])).toEqual([
      ["success", "TICKET-5"],
    ]);
  });

  it("returns Clerk's error as a value, and a missing user as not found", async () => {
    const user = await clerk.users.createUser({ emailAddress: ["fault@example.com"] });
    emulator.faults.set({ ...emulator.faults.current, errorRate: 1 });
    const failed = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { a: 1 } },
    });
    emulator.faults.set({ ...emulator.faults.current, errorRate: 0 });
    expect(failed).toMatchObject({
      ok: false,
      error: { kind: "clerk", status: 500, code: "internal_clerk_error" },
    });

    const missing = await saveMetadata({
      userId: "user_gone",
      baseUpdatedAt: 1,
      patch: { public_metadata: { a: 1 } },
    });
    expect(missing).toMatchObject({ ok: false, error: { kind: "not_found" } });
    expect(recorded.at(-1)).toMatchObject({ outcome: "refused", targetUserId: "user_gone" });
  });

  it("records exactly one audit entry per attempt, whatever the outcome, under concurrency", async () => {
    const users = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        clerk.users.createUser({ emailAddress: [`many${i}@example.com`] }),
      ),
    );
    recorded.length = 0;
    emulator.faults.set({ ...emulator.faults.current, errorRate: 0.2, seed: 7 });
    const attempts = users.flatMap((user) =>
      Array.from({ length: 5 }, (_, n) =>
        saveMetadata({
          userId: user.id,
          baseUpdatedAt: user.updatedAt,
          patch: { public_metadata: { n } },
        }),
      ),
    );
    const results = await Promise.all(attempts);
    emulator.faults.set({ ...emulator.faults.current, errorRate: 0 });
    expect(recorded).toHaveLength(attempts.length);
    const outcomes = results.map((r) => (r.ok ? "success" : r.error.kind));
    expect(new Set(outcomes)).toContain("conflict");
    expect(recorded.filter((e) => e.outcome === "success")).toHaveLength(
      outcomes.filter((o) => o === "success").length,
    );
  });

  // Clerk has no conditional update: without a lock between the conflict check's read and the
  // PATCH, 20 saves opened on one version gave 3 successes, two of which overwrote a change
  // their author never saw.
  it("lets exactly one of 20 saves opened on the same version through; the rest conflict", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["race@example.com"],
      publicMetadata: { owner: "nobody" },
    });
    recorded.length = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        saveMetadata({
          userId: user.id,
          baseUpdatedAt: user.updatedAt,
          patch: { public_metadata: { owner: `writer ${n}` } },
        }),
      ),
    );
    const winners = results.flatMap((r, n) => (r.ok ? [n] : []));
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.kind === "conflict")).toHaveLength(19);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      owner: `writer ${winners[0]}`,
    });
    expect(recorded).toHaveLength(20);
    expect(recorded.filter((e) => e.outcome === "conflict")).toHaveLength(19);
  });

  // Clerk moves updated_at for changes that touch no metadata: a support agent was told "this
  // user changed" after someone fixed the user's name.
  it("with the documents the edit was made on, only a change to a bag it touches conflicts", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["base@example.com"],
      firstName: "Amra",
      publicMetadata: { plan: "free" },
      privateMetadata: { crm: 1 },
    });
    const opened = {
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      base: { public_metadata: { plan: "free" } },
    };
    await clerk.users.updateUser(user.id, { firstName: "Amara" });
    await clerk.users.updateUserMetadata(user.id, { privateMetadata: { crm: 2 } });
    const saved = await saveMetadata({ ...opened, patch: { public_metadata: { plan: "pro" } } });
    expect(saved).toMatchObject({ ok: true, value: { user: { firstName: "Amara" } } });
    // Without the documents, any newer version is a conflict, as before.
    const blind = await saveMetadata({
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      patch: { public_metadata: { plan: "team" } },
    });
    expect(blind).toMatchObject({ ok: false, error: { kind: "conflict" } });
    // And a change to the bag it touches is one, whatever else.
    const stale = await saveMetadata({ ...opened, patch: { public_metadata: { seats: 3 } } });
    expect(stale).toMatchObject({ ok: false, error: { kind: "conflict" } });
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "pro" });
  });

  it("a flag switch conflicts only when its own key changed", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["flagbase@example.com"],
      publicMetadata: { features: { new_dashboard: false }, plan: "free" },
    });
    const seen = { public_metadata: { features: { new_dashboard: false }, plan: "free" } };
    await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: "pro" } });
    const flag = (patch: { public_metadata: object }) =>
      saveMetadata({
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        base: seen,
        scope: "keys",
        patch: patch as never,
      });
    expect(await flag({ public_metadata: { features: { new_dashboard: true } } })).toMatchObject({
      ok: true,
    });
    expect(await flag({ public_metadata: { features: { new_dashboard: null } } })).toMatchObject({
      ok: false,
      error: { kind: "conflict" },
    });
  });
});
