import type { ClerkClient } from "@clerk/backend";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scaledClock } from "@/tests/support/scaled-clock";
import type { RunningEmulator } from "../server";
import { clerkErrorFields } from "./support/clerk-error-fields";
import { caught, rawFetch, startTestEmulator } from "./support/test-emulator";

let emulator: RunningEmulator;
let clerk: ClerkClient;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 0, 1);
  ({ emulator, clerk } = await startTestEmulator({ seedUsers: 5, now: () => clock }));
});
afterEach(() => emulator.close());

async function admin(path: string, method = "GET", body?: unknown) {
  const res = await rawFetch(emulator, `/__emulator${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe("rate limits", () => {
  it("dev: the 101st request in 10 s gets 429 with Retry-After, and waiting it lets the next through", async () => {
    await admin("/rate-limit", "PUT", { mode: "dev" });
    for (let i = 0; i < 100; i++) {
      clock += 10;
      await clerk.users.getCount();
    }
    const fields = clerkErrorFields(await caught(() => clerk.users.getCount()));
    expect(fields).toMatchObject({ status: 429, code: "too_many_requests" });
    expect(fields.retryAfter).toBeGreaterThanOrEqual(1);
    expect(fields.retryAfter).toBeLessThanOrEqual(10);
    clock += fields.retryAfter! * 1000;
    expect(await clerk.users.getCount()).toBe(5);
  });

  it("prod allows 1000 requests per 10 s, and the admin stats count what it refused", async () => {
    await admin("/rate-limit", "PUT", { mode: "prod" });
    await admin("/stats", "DELETE");
    for (let i = 0; i < 1000; i++) await clerk.users.getCount();
    expect(clerkErrorFields(await caught(() => clerk.users.getCount())).status).toBe(429);
    await caught(() => clerk.users.getCount());
    expect(await admin("/stats")).toMatchObject({ total: 1002, rateLimited: 2 });
  });

  it("limits metadata writes to 10 per user per 10 s while other users and reads go on", async () => {
    await admin("/rate-limit", "PUT", { mode: "prod" });
    const [a, b] = (await clerk.users.getUserList({ limit: 2 })).data;
    for (let i = 0; i < 10; i++)
      await clerk.users.updateUserMetadata(a!.id, { publicMetadata: { i } });
    const fields = clerkErrorFields(
      await caught(() => clerk.users.updateUserMetadata(a!.id, { publicMetadata: { i: 10 } })),
    );
    expect(fields).toMatchObject({ status: 429, code: "too_many_requests" });
    await clerk.users.updateUserMetadata(b!.id, { publicMetadata: { ok: true } });
    expect((await clerk.users.getUser(a!.id)).publicMetadata).toMatchObject({ i: 9 });
    clock += fields.retryAfter! * 1000;
    expect(
      (await clerk.users.updateUserMetadata(a!.id, { publicMetadata: { i: 10 } })).publicMetadata,
    ).toMatchObject({ i: 10 });
  });

  it("is off by default", async () => {
    for (let i = 0; i < 150; i++) await clerk.users.getCount();
  });
});

describe("the rate limit in real time", () => {
  it("really lets the write through after the Retry-After seconds", async () => {
    // The emulator's clock, and this wait, run ten times faster: Retry-After is in its seconds.
    const fast = scaledClock(0.1);
    const real = await startTestEmulator({ seedUsers: 1, rateLimit: "dev", now: fast.now });
    try {
      const [user] = (await real.clerk.users.getUserList()).data;
      for (let i = 0; i < 10; i++)
        await real.clerk.users.updateUserMetadata(user!.id, { unsafeMetadata: { i } });
      const fields = clerkErrorFields(
        await caught(() =>
          real.clerk.users.updateUserMetadata(user!.id, { unsafeMetadata: { i: 10 } }),
        ),
      );
      expect(fields.status).toBe(429);
      await fast.sleep(fields.retryAfter! * 1000);
      const after = await real.clerk.users.updateUserMetadata(user!.id, {
        unsafeMetadata: { i: 10 },
      });
      expect(after.unsafeMetadata).toMatchObject({ i: 10 });
    } finally {
      await real.emulator.close();
    }
  }, 30_000);
});

describe("fault injection", () => {
  async function outcomes(n: number) {
    const tally = { ok: 0, error: 0, limited: 0, dropped: 0 };
    for (let i = 0; i < n; i++) {
      try {
        await clerk.users.getCount();
        tally.ok++;
      } catch (error) {
        const { status, code, retryAfter } = clerkErrorFields(error);
        if (status === 500) {
          expect(code).toBe("internal_clerk_error");
          tally.error++;
        } else if (status === 429) {
          expect(retryAfter).toBe(3);
          tally.limited++;
        } else if (status === undefined && code === "unexpected_error") {
          tally.dropped++;
        } else {
          throw error;
        }
      }
    }
    return tally;
  }

  it("answers the configured fractions with 500, 429 (with Retry-After) and dropped connections", async () => {
    await admin("/faults", "PUT", {
      errorRate: 0.2,
      rateLimitRate: 0.1,
      dropRate: 0.05,
      retryAfterSeconds: 3,
    });
    const n = 1000;
    const tally = await outcomes(n);
    expect(tally.error / n).toBeGreaterThan(0.16);
    expect(tally.error / n).toBeLessThan(0.24);
    expect(tally.limited / n).toBeGreaterThan(0.07);
    expect(tally.limited / n).toBeLessThan(0.13);
    expect(tally.dropped / n).toBeGreaterThan(0.03);
    expect(tally.dropped / n).toBeLessThan(0.07);
    expect(tally.ok + tally.error + tally.limited + tally.dropped).toBe(n);
  });

  it("switches faults off at run time without a restart", async () => {
    await admin("/faults", "PUT", { errorRate: 1 });
    expect(clerkErrorFields(await caught(() => clerk.users.getCount())).status).toBe(500);
    await admin("/faults", "DELETE");
    expect(await clerk.users.getCount()).toBe(5);
    expect(await outcomes(50)).toEqual({ ok: 50, error: 0, limited: 0, dropped: 0 });
  });

  it("adds the configured latency before answering", async () => {
    await admin("/faults", "PUT", { latencyMs: 300 });
    const started = performance.now();
    await clerk.users.getCount();
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect((await admin("/faults")).latencyMs).toBe(300);
  });

  it("refuses a fault configuration that makes no sense", async () => {
    const res = await rawFetch(emulator, "/__emulator/faults", {
      method: "PUT",
      body: JSON.stringify({ errorRate: 0.8, dropRate: 0.5 }),
    });
    expect(res.status).toBe(422);
  });
});

describe("the admin area", () => {
  it("only answers the emulator's own key", async () => {
    for (const key of [null, "sk_test_someoneElse"]) {
      const res = await rawFetch(emulator, "/__emulator/stats", { key });
      expect(res.status).toBe(401);
    }
  });

  it("counts Backend API requests per method and route, and resets", async () => {
    await admin("/stats", "DELETE");
    const { data } = await clerk.users.getUserList({ limit: 3 });
    await clerk.users.getUser(data[0]!.id);
    await clerk.users.getUser(data[1]!.id);
    await clerk.users.updateUserMetadata(data[0]!.id, { privateMetadata: { n: 1 } });
    await caught(() => clerk.users.getUser("user_nobody"));
    const stats = await admin("/stats");
    expect(stats.requests).toEqual({
      "GET /v1/users": 1,
      "GET /v1/users/count": 1,
      "GET /v1/users/{user_id}": 3,
      "PATCH /v1/users/{user_id}/metadata": 1,
    });
    expect(stats.total).toBe(6);
    expect(stats.metadataWritesByUser).toEqual({ [data[0]!.id]: 1 });
    const reset = await admin("/stats", "DELETE");
    expect(reset.total).toBe(0);
    expect(reset.metadataWritesByUser).toEqual({});
  });

  it("counts only metadata writes that were applied, per user", async () => {
    const { data } = await clerk.users.getUserList({ limit: 1 });
    const id = data[0]!.id;
    await admin("/stats", "DELETE");
    await admin("/faults", "PUT", { errorRate: 1 });
    await caught(() => clerk.users.updateUserMetadata(id, { privateMetadata: { n: 2 } }));
    await admin("/faults", "DELETE");
    await caught(() => clerk.users.updateUserMetadata(id, { privateMetadata: "x" as never }));
    await clerk.users.updateUserMetadata(id, { privateMetadata: { n: 3 } });
    const stats = await admin("/stats");
    expect(stats.requests).toMatchObject({ "PATCH /v1/users/{user_id}/metadata": 3 });
    expect(stats.metadataWritesByUser).toEqual({ [id]: 1 });
  });
});

describe("interleaved writes", () => {
  it("lands a queued outside write just before the user's next metadata write, once", async () => {
    const user = await clerk.users.createUser({
      emailAddress: ["interleave@example.com"],
      publicMetadata: { plan: "free" },
    });
    await admin("/interleaved-writes", "POST", {
      userId: user.id,
      patch: { public_metadata: { seats: 9 }, private_metadata: { note: "outside" } },
    });
    // Reads do not take it; the write does, and answers with both changes.
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free" });
    const written = await clerk.users.updateUserMetadata(user.id, {
      publicMetadata: { plan: "pro" },
    });
    expect(written.publicMetadata).toEqual({ plan: "pro", seats: 9 });
    expect(written.privateMetadata).toEqual({ note: "outside" });
    const again = await clerk.users.updateUserMetadata(user.id, { publicMetadata: { seats: 1 } });
    expect(again.publicMetadata).toEqual({ plan: "pro", seats: 1 });
  });

  it("refuses a malformed queued write as the metadata endpoint would", async () => {
    const res = await rawFetch(emulator, "/__emulator/interleaved-writes", {
      method: "POST",
      body: JSON.stringify({ userId: "user_x", patch: { public_metadata: [1] } }),
    });
    expect(res.status).toBe(422);
  });
});
