import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { listIndexedUsers } from "../search/list-indexed-users";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultConfigSchema } from "@/emulator/faults/fault-config";
import { startTestEmulator } from "@/emulator/tests/support/test-emulator";
import { toUserDto, type SdkUserLike } from "@/lib/clerk/user-dto";
import { fromJsonColumn } from "@/lib/db/json-column";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { ingestWebhookMessage } from "./ingest-event";
import { receiveClerkWebhook } from "./receive-webhook";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** The route handler's work behind a plain HTTP server, as the emulator's deliveries reach it. */
async function startEndpoint(
  database: TestDatabase,
  address = () => "10.0.0.1",
  now = () => Date.now(),
) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      const request = new Request("http://127.0.0.1/api/webhooks/clerk", {
        method: "POST",
        headers,
        body: Buffer.concat(chunks),
      });
      void receiveClerkWebhook(request, {
        database,
        signingSecret: SECRET,
        address: address(),
        now: now(),
      }).then((answer) => res.writeHead(answer.status).end(JSON.stringify(answer.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/clerk`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function indexed(database: TestDatabase, userId: string) {
  const row = await database.db
    .selectFrom("user_index")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    public_metadata: fromJsonColumn<unknown>(row.public_metadata),
    private_metadata: fromJsonColumn<unknown>(row.private_metadata),
    unsafe_metadata: fromJsonColumn<unknown>(row.unsafe_metadata),
    emails: fromJsonColumn<unknown>(row.emails),
  };
}

/** The least of a user object the index reads from an event. */
const clerkUser = (id: string, fields: Record<string, unknown>) => ({
  id,
  object: "user",
  created_at: 1,
  updated_at: 1,
  ...fields,
});

function signed(
  body: string,
  { id = `msg_${Math.random()}`, at = new Date(), secret = SECRET } = {},
) {
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
      "svix-signature": new Webhook(secret).sign(id, at, body),
    },
    body,
  };
}

describe.each(databaseKinds)("the user index from Clerk's webhooks, on %s", (kind) => {
  let database: TestDatabase;
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    endpoint = await startEndpoint(database);
  });
  afterAll(async () => {
    await endpoint.close();
    await database.dispose();
  });

  it("follows users created, updated and deleted through Clerk's API", async () => {
    const { emulator, clerk } = await startTestEmulator({
      webhook: { endpoint: { url: endpoint.url, secret: SECRET }, retryScale: 0.001 },
    });
    try {
      const user = await clerk.users.createUser({
        emailAddress: ["index@example.com"],
        username: "indexed_one",
        publicMetadata: { plan: "free" },
      });
      await clerk.users.updateUserMetadata(user.id, {
        publicMetadata: { plan: "pro", features: { new_dashboard: true } },
        privateMetadata: { billing: { seats: 3 } },
      });
      const gone = await clerk.users.createUser({ emailAddress: ["gone@example.com"] });
      await clerk.users.deleteUser(gone.id);
      await emulator.webhooks.idle();
      const row = await indexed(database, user.id);
      expect(row).toMatchObject({
        public_metadata: { plan: "pro", features: { new_dashboard: true } },
        private_metadata: { billing: { seats: 3 } },
        unsafe_metadata: {},
        primary_email: "index@example.com",
        emails: ["index@example.com"],
        username: "indexed_one",
        deleted_at: null,
      });
      expect(Number(row?.updated_at)).toBe((await clerk.users.getUser(user.id)).updatedAt);
      expect(await indexed(database, gone.id)).toMatchObject({
        deleted_at: expect.any(Number),
        primary_email: null,
        public_metadata: null,
      });
    } finally {
      await emulator.close();
    }
  });

  it("ends equal to Clerk when deliveries are duplicated and reordered", async () => {
    const { emulator, clerk } = await startTestEmulator({
      webhook: { endpoint: { url: endpoint.url, secret: SECRET }, retryScale: 0.001 },
      faults: faultConfigSchema.parse({
        webhookDuplicateRate: 0.2,
        webhookDelayRate: 0.3,
        webhookDelayMs: 300,
      }),
    });
    try {
      const users = await Promise.all(
        [0, 1, 2, 3].map((n) => clerk.users.createUser({ emailAddress: [`r${n}@example.com`] })),
      );
      for (let n = 0; n < 60; n++)
        await clerk.users.updateUserMetadata(users[n % 4]!.id, { publicMetadata: { n } });
      await emulator.webhooks.idle();
      for (const user of users) {
        const now = await clerk.users.getUser(user.id);
        const row = await indexed(database, user.id);
        expect(row?.public_metadata).toEqual(now.publicMetadata);
        expect(Number(row?.updated_at)).toBe(now.updatedAt);
      }
      const copies = emulator.webhooks.list({ limit: 1000 }).filter((d) => d.copy);
      expect(copies.length).toBeGreaterThan(0);
    } finally {
      await emulator.close();
    }
  });

  it("refuses a forged signature, a stale timestamp and a body over 1 MB, writing nothing", async () => {
    const body = (id: string) =>
      JSON.stringify({
        type: "user.created",
        object: "event",
        timestamp: Date.now(),
        data: { id, object: "user", created_at: 1, updated_at: 1, public_metadata: { x: 1 } },
      });
    const forged = await fetch(endpoint.url, {
      ...signed(body("user_forged"), { secret: "whsec_dGhpcyBpcyBub3QgdGhlIHJpZ2h0IHNlY3JldA==" }),
    });
    expect(forged.status).toBe(400);
    const stale = await fetch(endpoint.url, {
      ...signed(body("user_stale"), { at: new Date(Date.now() - 6 * 60_000) }),
    });
    expect(stale.status).toBe(400);
    const unsigned = await fetch(endpoint.url, { method: "POST", body: body("user_unsigned") });
    expect(unsigned.status).toBe(400);
    const huge = JSON.stringify({
      type: "user.created",
      object: "event",
      timestamp: Date.now(),
      data: {
        id: "user_huge",
        object: "user",
        created_at: 1,
        updated_at: 1,
        pad: "x".repeat(2 << 20),
      },
    });
    expect((await fetch(endpoint.url, signed(huge))).status).toBe(400);
    for (const id of ["user_forged", "user_stale", "user_unsigned", "user_huge"])
      expect(await indexed(database, id)).toBeUndefined();
    // A correctly signed one goes in, once, whatever number of times it is delivered.
    const good = signed(body("user_signed"), { id: "msg_once" });
    const answers = await Promise.all([1, 2, 3].map(() => fetch(endpoint.url, good)));
    const texts = await Promise.all(answers.map((a) => a.clone().text()));
    expect(
      answers.map((a) => a.status),
      texts.join(),
    ).toEqual([200, 200, 200]);
    const outcomes = await Promise.all(
      answers.map((a) => a.json() as Promise<{ outcome: string }>),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["applied", "duplicate", "duplicate"]);
    expect(await indexed(database, "user_signed")).toMatchObject({ public_metadata: { x: 1 } });
  });

  it("answers 429 to an address refused too often, once its signature has failed", async () => {
    // One fixed moment: the limit counts per minute, and a real clock could cross into the next.
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
    const own = await startEndpoint(
      database,
      () => "10.9.9.9",
      () => minute,
    );
    try {
      const junk = { method: "POST", body: "{}", headers: { "svix-id": "x" } };
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) statuses.push((await fetch(own.url, junk)).status);
      expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
    } finally {
      await own.close();
    }
  });

  it("always takes a correctly signed delivery, from an address past its refusals too", async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
    const own = await startEndpoint(
      database,
      () => "10.7.7.7",
      () => minute,
    );
    try {
      const junk = { method: "POST", body: "{}", headers: { "svix-id": "x" } };
      for (let i = 0; i < 31; i++) await fetch(own.url, junk);
      expect((await fetch(own.url, junk)).status).toBe(429);
      const body = JSON.stringify({
        type: "user.created",
        object: "event",
        timestamp: minute,
        data: clerkUser("user_sharedaddress", { public_metadata: { via: "shared" } }),
      });
      const answer = await fetch(own.url, signed(body, { id: "msg_shared_address" }));
      expect(answer.status, await answer.clone().text()).toBe(200);
      expect(await indexed(database, "user_sharedaddress")).toMatchObject({
        public_metadata: { via: "shared" },
      });
      // Signed, but no JSON event: Clerk's mistake, answered 400, never refused for the address.
      for (const [n, malformed] of ["null", "not json{", ""].entries()) {
        const answer = await fetch(own.url, signed(malformed, { id: `msg_malformed_${n}` }));
        expect(answer.status, malformed).toBe(400);
      }
      expect((await fetch(own.url, junk)).status).toBe(429);
    } finally {
      await own.close();
    }
  });

  it("answers 400, not 500, to a signed deletion without a timestamp, and keeps the user", async () => {
    const created = JSON.stringify({
      type: "user.created",
      object: "event",
      timestamp: Date.now(),
      data: clerkUser("user_notimestamp", {}),
    });
    expect((await fetch(endpoint.url, signed(created, { id: "msg_nt_created" }))).status).toBe(200);
    const deleted = JSON.stringify({
      type: "user.deleted",
      object: "event",
      data: { object: "user", id: "user_notimestamp", deleted: true },
    });
    const answer = await fetch(endpoint.url, signed(deleted, { id: "msg_nt_deleted" }));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/no timestamp/);
    expect(await indexed(database, "user_notimestamp")).toMatchObject({ deleted_at: null });
  });

  it("refuses a signed event that holds no user without counting it against the sender", async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
    const own = await startEndpoint(
      database,
      () => "10.8.8.8",
      () => minute,
    );
    try {
      const body = JSON.stringify({
        type: "user.created",
        object: "event",
        timestamp: 1,
        data: {},
      });
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++)
        statuses.push((await fetch(own.url, signed(body, { id: `msg_unreadable_${i}` }))).status);
      expect(statuses.every((s) => s === 400)).toBe(true);
    } finally {
      await own.close();
    }
  });

  it("answers 400, not 500, to signed payloads that are not events, without counting them", async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000 + 1000;
    const own = await startEndpoint(
      database,
      () => "10.8.8.9",
      () => minute,
    );
    try {
      const bodies = [
        "{}",
        "[1,2]",
        "[1]",
        '{"type":5,"data":{}}',
        '{"type":"","data":{}}',
        "null",
        // A type PostgreSQL cannot store with the receipt (it answered 500 there).
        JSON.stringify({ type: "user.created\u0000", data: { id: "user_nul" }, timestamp: 1 }),
        JSON.stringify({ type: "session.\ud800created", data: {}, timestamp: 1 }),
      ];
      for (let round = 0; round < 6; round++)
        for (const [n, body] of bodies.entries()) {
          const answer = await fetch(own.url, signed(body, { id: `msg_envelope_${round}_${n}` }));
          expect(answer.status).toBe(400);
        }
    } finally {
      await own.close();
    }
  });

  it("indexes a user whose address appears twice in two cases, and a document nested as deep as Clerk's 8 KB allows", async () => {
    // 4,080 levels: past SQLite's limit (1,000) and past what a recursive copy has stack for.
    let deep: unknown = 1;
    for (let level = 0; level < 4_080; level++) deep = [deep];
    const body = JSON.stringify({
      type: "user.updated",
      object: "event",
      timestamp: Date.now(),
      data: clerkUser("user_oddshapes", {
        email_addresses: [
          { id: "idn_1", object: "email_address", email_address: "Ada@Example.com" },
          { id: "idn_2", object: "email_address", email_address: "ada@example.com" },
        ],
        private_metadata: { deep, plan: "pro" },
        unsafe_metadata: { deep },
      }),
    });
    const answer = await fetch(endpoint.url, signed(body, { id: "msg_odd_shapes" }));
    expect(answer.status).toBe(200);
    const row = await indexed(database, "user_oddshapes");
    expect(row?.emails).toEqual(["ada@example.com"]);
    expect(row?.private_metadata).toMatchObject({ plan: "pro" });
    // Every filter and export still reads the bag.
    const listed = await listIndexedUsers(database.db, kind, {
      where: 'private_metadata.plan = "pro" and unsafe_metadata.deep exists',
      query: "",
      page: 1,
      pageSize: 10,
      orderBy: "-created_at",
    });
    expect(listed.ok && listed.value.users.map((u) => u.id)).toContain("user_oddshapes");
  });

  it("indexes a user holding NUL or half a surrogate pair (which PostgreSQL cannot store), replaced", async () => {
    const body = JSON.stringify({
      type: "user.created",
      object: "event",
      timestamp: Date.now(),
      data: clerkUser("user_unstorable", {
        first_name: "A\u0000da",
        unsafe_metadata: { n: "a\u0000b", "\ud800": "x", "k\u0000": ["\udfff"] },
      }),
    });
    const answer = await fetch(endpoint.url, signed(body, { id: "msg_unstorable" }));
    expect(answer.status).toBe(200);
    const row = await indexed(database, "user_unstorable");
    expect(row?.first_name).toBe("A\ufffdda");
    expect(row?.unsafe_metadata).toEqual({ n: "a\ufffdb", "\ufffd": "x", "k\ufffd": ["\ufffd"] });
    const listed = await listIndexedUsers(database.db, kind, {
      where: 'unsafe_metadata.n = "a\ufffdb"',
      query: "",
      page: 1,
      pageSize: 10,
      orderBy: "-created_at",
    });
    expect(listed.ok && listed.value.users.map((u) => u.id)).toEqual(["user_unstorable"]);
  });

  it("never lets an older event overwrite newer data, nor a late update bring back a deleted user", async () => {
    const base: SdkUserLike = {
      id: "user_late",
      externalId: null,
      username: null,
      firstName: null,
      lastName: null,
      imageUrl: "",
      hasImage: false,
      primaryEmailAddressId: null,
      primaryPhoneNumberId: null,
      emailAddresses: [],
      phoneNumbers: [],
      createdAt: 1000,
      updatedAt: 2000,
      lastSignInAt: null,
      lastActiveAt: null,
      banned: false,
      locked: false,
      publicMetadata: { v: "new" },
      privateMetadata: {},
      unsafeMetadata: {},
    };
    const json = (user: SdkUserLike) => ({
      id: user.id,
      object: "user",
      created_at: user.createdAt,
      updated_at: user.updatedAt,
      public_metadata: user.publicMetadata,
      private_metadata: user.privateMetadata,
      unsafe_metadata: user.unsafeMetadata,
    });
    const deliver = (id: string, type: string, data: unknown) =>
      ingestWebhookMessage(database.db, { svixId: id, type, data, timestamp: 5000 }, Date.now());
    await deliver("m1", "user.updated", json(base));
    await deliver(
      "m2",
      "user.updated",
      json({ ...base, updatedAt: 1500, publicMetadata: { v: "old" } }),
    );
    expect(await indexed(database, "user_late")).toMatchObject({ public_metadata: { v: "new" } });
    await deliver("m3", "user.deleted", { id: "user_late", object: "user", deleted: true });
    await deliver("m4", "user.updated", json({ ...base, updatedAt: 9000 }));
    expect(await indexed(database, "user_late")).toMatchObject({
      deleted_at: 5000,
      public_metadata: null,
    });
    expect(toUserDto(base).id).toBe("user_late");
  });
});
