import { verifyWebhook } from "@clerk/backend/webhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { faultConfigSchema } from "../faults/fault-config";
import { SVIX_RETRY_SCHEDULE_MS } from "../webhooks/webhook-deliveries";
import { rawFetch, startTestEmulator } from "./support/test-emulator";
import { startWebhookReceiver, type Received } from "./support/webhook-receiver";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET = "whsec_dGhpcyBpcyBub3QgdGhlIHJpZ2h0IHNlY3JldA==";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function setUp(options: { retryScale?: number; faults?: Record<string, number> } = {}) {
  const receiver = await startWebhookReceiver();
  cleanup.push(receiver.close);
  const { emulator, clerk } = await startTestEmulator({
    webhook: {
      endpoint: { url: receiver.url, secret: SECRET },
      retryScale: options.retryScale ?? 1,
    },
    faults: faultConfigSchema.parse(options.faults ?? {}),
  });
  cleanup.push(emulator.close);
  return { receiver, emulator, clerk };
}

const bodyOf = (delivery: Received) => JSON.parse(delivery.body) as Record<string, unknown>;

describe("the emulator's webhooks", () => {
  it("sends Clerk's events for create, update and delete, signed so Clerk's SDK verifies them", async () => {
    const { receiver, emulator, clerk } = await setUp();
    const user = await clerk.users.createUser({ emailAddress: ["hook@example.com"] });
    await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: "pro" } });
    await rawFetch(emulator, `/v1/users/${user.id}/metadata`, {
      method: "PUT",
      body: JSON.stringify({ private_metadata: { seat: 3 } }),
    });
    await clerk.users.updateUser(user.id, { firstName: "Ada" });
    await clerk.users.deleteUser(user.id);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(5));

    const events = await Promise.all(
      receiver.received.map((d) => verifyWebhook(receiver.asRequest(d), { signingSecret: SECRET })),
    );
    const byType = (type: string) => events.filter((e) => e.type === type);
    expect(byType("user.created")).toHaveLength(1);
    expect(byType("user.updated")).toHaveLength(3);
    expect(byType("user.deleted")).toEqual([
      expect.objectContaining({ data: { object: "user", id: user.id, deleted: true } }),
    ]);
    const latest = byType("user.updated").find(
      (e) => (e.data as { first_name?: string }).first_name === "Ada",
    );
    expect(latest?.data).toMatchObject({
      id: user.id,
      object: "user",
      public_metadata: { plan: "pro" },
      private_metadata: { seat: 3 },
      email_addresses: [expect.objectContaining({ email_address: "hook@example.com" })],
    });
    for (const delivery of receiver.received) {
      expect(delivery.headers["svix-id"]).toMatch(/^msg_/);
      expect(delivery.headers["svix-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(bodyOf(delivery)).toMatchObject({
        object: "event",
        instance_id: expect.stringMatching(/^ins_/),
        timestamp: expect.any(Number),
        event_attributes: {
          http_request: { client_ip: expect.any(String), user_agent: expect.any(String) },
        },
      });
    }
  });

  it("fails verification with another secret, a changed body or a stale timestamp", async () => {
    const { receiver, clerk } = await setUp();
    await clerk.users.createUser({ emailAddress: ["wrong@example.com"] });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
    const delivery = receiver.received[0]!;
    await expect(
      verifyWebhook(receiver.asRequest(delivery), { signingSecret: OTHER_SECRET }),
    ).rejects.toThrow(/verify/);
    const tampered = { ...delivery, body: delivery.body.replace("wrong@", "evil@") };
    await expect(
      verifyWebhook(receiver.asRequest(tampered), { signingSecret: SECRET }),
    ).rejects.toThrow(/verify/);
    const stale = {
      ...delivery,
      headers: {
        ...delivery.headers,
        "svix-timestamp": String(Math.floor(Date.now() / 1000) - 600),
      },
    };
    await expect(
      verifyWebhook(receiver.asRequest(stale), { signingSecret: SECRET }),
    ).rejects.toThrow(/verify/);
  });

  it("answers the API at once, whatever the endpoint does", async () => {
    const { receiver, clerk } = await setUp();
    let release = () => {};
    receiver.answerWith(() => new Promise<number>((resolve) => (release = () => resolve(200))));
    const user = await clerk.users.createUser({ emailAddress: ["slow@example.com"] });
    await clerk.users.updateUserMetadata(user.id, { publicMetadata: { a: 1 } });
    await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThanOrEqual(1));
    release();
  });

  it("retries a failing endpoint on Svix's schedule, with the same id and body", async () => {
    const scale = 0.001;
    const { receiver, emulator, clerk } = await setUp({ retryScale: scale });
    let answered = 0;
    receiver.answerWith(() => (++answered < 4 ? 500 : 204));
    await clerk.users.createUser({ emailAddress: ["retry@example.com"] });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(4), { timeout: 10_000 });
    expect(new Set(receiver.received.map((d) => d.headers["svix-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((d) => d.body)).size).toBe(1);
    for (let i = 1; i < 4; i++)
      expect(receiver.received[i]!.at - receiver.received[i - 1]!.at).toBeGreaterThanOrEqual(
        Math.floor(SVIX_RETRY_SCHEDULE_MS[i]! * scale),
      );
    await emulator.webhooks.idle();
    const [delivery] = emulator.webhooks.list({ limit: 10 });
    expect(delivery).toMatchObject({ status: "delivered", type: "user.created" });
    expect(delivery!.attempts.map((a) => a.status)).toEqual([500, 500, 500, 204]);
  });

  it("counts a redirect as a failed attempt and never follows it, as Svix does", async () => {
    const { receiver, emulator, clerk } = await setUp({ retryScale: 0.00001 });
    receiver.answerWith((delivery) =>
      delivery.path === "/webhooks"
        ? { status: 308, headers: { location: "/webhooks/moved" } }
        : 200,
    );
    await clerk.users.createUser({ emailAddress: ["moved@example.com"] });
    await vi.waitFor(async () => {
      const listed = await rawFetch(emulator, "/__emulator/webhooks/deliveries?status=failed");
      const { data } = (await listed.json()) as { data: { attempts: { status: number }[] }[] };
      expect(data).toHaveLength(1);
      expect(data[0]!.attempts.map((a) => a.status)).toEqual(SVIX_RETRY_SCHEDULE_MS.map(() => 308));
    }, 10_000);
    expect(receiver.received.map((d) => d.path)).not.toContain("/webhooks/moved");
  });

  it("gives up after Svix's eight attempts, and the admin area says so", async () => {
    const { receiver, emulator, clerk } = await setUp({ retryScale: 0.00001 });
    receiver.answerWith(() => 503);
    await clerk.users.createUser({ emailAddress: ["down@example.com"] });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(8), { timeout: 10_000 });
    await emulator.webhooks.idle();
    const listed = await rawFetch(emulator, "/__emulator/webhooks/deliveries?status=failed");
    const { data } = (await listed.json()) as { data: { attempts: unknown[] }[] };
    expect(data).toHaveLength(1);
    expect(data[0]!.attempts).toHaveLength(SVIX_RETRY_SCHEDULE_MS.length);
  });

  it("holds deliveries while paused and sends them on resume", async () => {
    const { receiver, emulator, clerk } = await setUp();
    expect(
      (await rawFetch(emulator, "/__emulator/webhooks/pause", { method: "POST" })).status,
    ).toBe(200);
    for (let i = 0; i < 3; i++)
      await clerk.users.createUser({ emailAddress: [`p${i}@example.com`] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
    const state = await rawFetch(emulator, "/__emulator/webhooks");
    expect(await state.json()).toMatchObject({ paused: true, pending: 3, url: receiver.url });
    await rawFetch(emulator, "/__emulator/webhooks/resume", { method: "POST" });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(3));
  });

  it("drops, duplicates and delays deliveries at the configured rates", async () => {
    const { receiver, emulator, clerk } = await setUp({
      faults: {
        webhookDropRate: 0.1,
        webhookDuplicateRate: 0.2,
        webhookDelayRate: 0.3,
        webhookDelayMs: 200,
      },
    });
    const user = await clerk.users.createUser({ emailAddress: ["faulty@example.com"] });
    const writes = 400;
    for (let n = 0; n < writes; n++)
      await clerk.users.updateUserMetadata(user.id, { publicMetadata: { n } });
    await emulator.webhooks.idle();
    const all = emulator.webhooks.list({ limit: 10_000 });
    const originals = all.filter((d) => !d.copy);
    expect(originals).toHaveLength(writes + 1);
    const dropped = originals.filter((d) => d.status === "dropped").length;
    const copies = all.filter((d) => d.copy).length;
    expect(dropped / originals.length).toBeGreaterThan(0.05);
    expect(dropped / originals.length).toBeLessThan(0.15);
    expect(copies / (originals.length - dropped)).toBeGreaterThan(0.13);
    expect(copies / (originals.length - dropped)).toBeLessThan(0.27);
    expect(receiver.received).toHaveLength(originals.length - dropped + copies);
    // Delayed deliveries are overtaken: the n values do not arrive in order.
    const order = receiver.received
      .map((d) => (bodyOf(d).data as { public_metadata: { n?: number } }).public_metadata.n)
      .filter((n): n is number => n !== undefined);
    const overtaken = order.filter((n, i) => i > 0 && n < order[i - 1]!).length;
    expect(overtaken).toBeGreaterThan(writes * 0.05);
  });

  it("sends nothing without an endpoint, and can be pointed at one at run time", async () => {
    const receiver = await startWebhookReceiver();
    cleanup.push(receiver.close);
    const { emulator, clerk } = await startTestEmulator();
    cleanup.push(emulator.close);
    await clerk.users.createUser({ emailAddress: ["none@example.com"] });
    expect(emulator.webhooks.list({ limit: 10 })).toEqual([]);
    const bad = await rawFetch(emulator, "/__emulator/webhooks", {
      method: "PUT",
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(bad.status).toBe(422);
    await rawFetch(emulator, "/__emulator/webhooks", {
      method: "PUT",
      body: JSON.stringify({ url: receiver.url, secret: SECRET }),
    });
    await clerk.users.createUser({ emailAddress: ["some@example.com"] });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1));
  });
});
