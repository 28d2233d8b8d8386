import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createClerkClient, type User } from "@clerk/backend";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import type { SpawnedEmulator } from "../emulator/bench/spawn-emulator";
import { EMBEDDED_SECRET_KEY } from "../lib/config/embedded-defaults";
import { fromJsonColumn } from "../lib/db/json-column";
import { databaseKinds, type TestDatabase } from "../tests/support/console-databases";
import {
  createStaff,
  signIn,
  startDashboard,
  type DashboardProcess,
} from "../tests/support/dashboard-processes";
import { readSync } from "../lib/user-index/sync/sync-store";
import { indexRowOf } from "../lib/user-index/index-store";
import { toUserDto } from "../lib/clerk/user-dto";
import { STACK_AUTH_SECRET, emulatorAdmin } from "../tests/support/dashboard-processes";
import { startTestStack, type TestStack } from "../tests/support/test-stack";

/**
 * The built dashboard and the emulator wired as Clerk and Metadeck are: the emulator's user
 * webhooks reach `POST /api/webhooks/clerk`, which keeps the user index in the console database.
 */
const SECRET = "whsec_ZTJlIHdlYmhvb2sgc2VjcmV0IGZvciB0aGUgaW5kZXg=";
const PORTS = { sqlite: 3311, postgres: 3312 } as const;
const SEEDED = 300;
/**
 * Svix's retry schedule at 1/5000: attempts 1 ms, 61 ms, 0.4, 1.9, 5.5, 12.7 and 19.9 s after
 * the first. The outage below is scaled alike: what 30 s were at 1/1000 (about eight hours of
 * Clerk's schedule), so the index still catches up on a late attempt, after several failed.
 */
const RETRY_SCALE = 0.0002;
const OUTAGE_MS = 30_000 * (RETRY_SCALE / 0.001);
const VIEWER = "viewer@index.test";
const execFileAsync = promisify(execFile);

/** Every field the index keeps of a user, as comparable values (not when it was written). */
const JSON_FIELDS = [
  "public_metadata",
  "private_metadata",
  "unsafe_metadata",
  "emails",
  "phone_numbers",
];
function comparable(row: Record<string, unknown>): Record<string, unknown> {
  const written = new Set(["indexed_at", "verified_at"]);
  return Object.fromEntries(
    Object.entries(row)
      .filter(([column]) => !written.has(column))
      .map(([column, value]) => [
        column,
        value === null || value === undefined
          ? null
          : JSON_FIELDS.includes(column)
            ? fromJsonColumn<unknown>(value)
            : typeof value === "bigint" || /_at$|^banned$|^locked$/.test(column)
              ? Number(value)
              : value,
      ]),
  );
}

for (const kind of databaseKinds) {
  test.describe(`the user index kept by Clerk's webhooks, on ${kind}`, () => {
    test.describe.configure({ mode: "serial" });
    let stack: TestStack;
    let database: TestDatabase;
    let emulator: SpawnedEmulator;
    let dashboard: DashboardProcess;
    const url = `http://127.0.0.1:${PORTS[kind]}`;
    const clerk = () => createClerkClient({ secretKey: EMBEDDED_SECRET_KEY, apiUrl: emulator.url });
    const start = () =>
      startDashboard({
        root: process.cwd(),
        port: PORTS[kind],
        emulatorUrl: emulator.url,
        databaseUrl: database.url,
        env: { CLERK_WEBHOOK_SIGNING_SECRET: SECRET },
      });

    /** The index's row of a user, as comparable to Clerk's User. */
    async function indexed(userId: string) {
      const row = await database.db
        .selectFrom("user_index")
        .selectAll()
        .where("user_id", "=", userId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        publicMetadata: fromJsonColumn<unknown>(row.public_metadata),
        privateMetadata: fromJsonColumn<unknown>(row.private_metadata),
        updatedAt: Number(row.updated_at),
        deleted: row.deleted_at !== null,
      };
    }
    const asClerkHasIt = (user: User) => ({
      publicMetadata: user.publicMetadata,
      privateMetadata: user.privateMetadata,
      updatedAt: user.updatedAt,
      deleted: false,
    });

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      stack = await startTestStack(kind, {
        seedUsers: SEEDED,
        emulatorEnv: {
          EMULATOR_RATE_LIMIT: "off",
          EMULATOR_WEBHOOK_URL: `${url}/api/webhooks/clerk`,
          EMULATOR_WEBHOOK_SECRET: SECRET,
          EMULATOR_WEBHOOK_RETRY_SCALE: String(RETRY_SCALE),
        },
      });
      ({ database, emulator } = stack);
      await createStaff(database.url, VIEWER, "viewer");
      dashboard = await start();
    });

    test.afterAll(async () => {
      await dashboard?.stop();
      await stack?.dispose();
    });

    test("a new dashboard backfills the users Clerk already had, and the User index page says so", async ({
      browser,
    }) => {
      await expect
        .poll(async () => (await readSync(database.db, "backfill"))?.status, { timeout: 30_000 })
        .toBe("completed");
      const live = await database.db
        .selectFrom("user_index")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("deleted_at", "is", null)
        .executeTakeFirstOrThrow();
      expect(Number(live.count)).toBe(SEEDED);
      const sample = (await clerk().users.getUserList({ limit: 5 })).data;
      for (const user of sample) expect(await indexed(user.id)).toEqual(asClerkHasIt(user));

      const cookie = await signIn(url, VIEWER);
      const context = await browser.newContext();
      await context.addCookies(
        cookie.split("; ").map((pair) => {
          const [name, ...value] = pair.split("=");
          return { name: name!, value: value.join("="), url };
        }),
      );
      const page = await context.newPage();
      await page.goto(`${url}/sync`);
      await expect(page.getByRole("heading", { name: "User index" })).toBeVisible();
      await expect(page.getByRole("definition").first()).toHaveText(String(SEEDED));
      await expect(page.getByText(`Completed`).first()).toBeVisible();
      await expect(page.getByText(`${SEEDED} of ${SEEDED} users read`)).toBeVisible();
      await page.getByRole("link", { name: "User index" }).click();
      await expect(page).toHaveURL(`${url}/sync`);
      await context.close();
    });

    test("users created, changed and deleted through Clerk's API are in the index within 2 s", async () => {
      const users = await Promise.all(
        [0, 1, 2, 3, 4].map((n) =>
          clerk().users.createUser({
            emailAddress: [`index-${kind}-${n}@example.com`],
            publicMetadata: { plan: "free" },
          }),
        ),
      );
      const changed = await clerk().users.updateUserMetadata(users[0]!.id, {
        publicMetadata: { plan: "pro", features: { new_dashboard: true } },
        privateMetadata: { billing: { seats: 3 } },
      });
      await clerk().users.deleteUser(users[1]!.id);
      await expect
        .poll(() => indexed(changed.id), { timeout: 2000 })
        .toEqual(asClerkHasIt(changed));
      await expect
        .poll(async () => (await indexed(users[1]!.id))?.deleted, { timeout: 2000 })
        .toBe(true);
      for (const user of users.slice(2))
        await expect.poll(() => indexed(user.id), { timeout: 2000 }).toEqual(asClerkHasIt(user));
    });

    test("refuses forged and oversized deliveries with 400 and writes nothing", async () => {
      const body = JSON.stringify({
        type: "user.created",
        object: "event",
        timestamp: Date.now(),
        data: { id: "user_forged", object: "user", created_at: 1, updated_at: 1 },
      });
      const at = new Date();
      const headers = (secret: string, payload: string) => ({
        "content-type": "application/json",
        "svix-id": "msg_forged",
        "svix-timestamp": String(Math.floor(at.getTime() / 1000)),
        "svix-signature": new Webhook(secret).sign("msg_forged", at, payload),
      });
      const forged = await fetch(`${url}/api/webhooks/clerk`, {
        method: "POST",
        headers: headers("whsec_bm90IHRoZSBzZWNyZXQgb2YgdGhpcyBlbmRwb2ludA==", body),
        body,
      });
      expect(forged.status).toBe(400);
      const huge = body.replace('"created_at"', `"pad":"${"x".repeat(2 << 20)}","created_at"`);
      const oversized = await fetch(`${url}/api/webhooks/clerk`, {
        method: "POST",
        headers: headers(SECRET, huge),
        body: huge,
      });
      expect(oversized.status).toBe(400);
      expect(await indexed("user_forged")).toBeNull();
    });

    test("with 10% of deliveries duplicated, 10% reordered and 5% dropped, one reconciliation leaves the index equal to Clerk on every field", async () => {
      test.setTimeout(240_000);
      const admin = emulatorAdmin(emulator.url);
      await admin("/faults", "PUT", {
        webhookDropRate: 0.05,
        webhookDuplicateRate: 0.1,
        webhookDelayRate: 0.1,
        webhookDelayMs: 400,
      });
      const deleted: string[] = [];
      try {
        const users = await Promise.all(
          Array.from({ length: 40 }, (_, n) =>
            clerk().users.createUser({
              emailAddress: [`faults-${kind}-${n}@example.com`],
              firstName: `Fault${n}`,
              publicMetadata: { n },
            }),
          ),
        );
        for (let round = 1; round <= 4; round++)
          for (const [n, user] of users.entries()) {
            await clerk().users.updateUserMetadata(user.id, {
              publicMetadata: { round, features: { new_dashboard: (n + round) % 2 === 0 } },
              privateMetadata: { tier: round % 2 === 0 ? "gold" : null },
              unsafeMetadata: { theme: round === 4 ? "dark" : "light" },
            });
            if (round === 2 && n % 4 === 0)
              await clerk().users.updateUser(user.id, {
                firstName: `Renamed${n}`,
                lastName: "Faulty",
                username: `faulty_${kind}_${n}`,
                externalId: `ext-${kind}-${n}`,
              });
          }
        // Deleted while their updates may still be held back: a late update must not revive them.
        for (const user of users.slice(0, 5)) {
          await clerk().users.deleteUser(user.id);
          deleted.push(user.id);
        }
        const pending = () =>
          admin<{ data: unknown[] }>("/webhooks/deliveries?status=pending&limit=10000", "GET");
        await expect.poll(async () => (await pending()).data.length, { timeout: 60_000 }).toBe(0);
        // The faults were real: some events never reached the index.
        const dropped = await admin<{ data: unknown[] }>(
          "/webhooks/deliveries?status=dropped&limit=10000",
          "GET",
        );
        expect(dropped.data.length).toBeGreaterThan(0);
      } finally {
        await admin("/faults", "DELETE");
      }
      await execFileAsync("npm", ["run", "index:reconcile"], {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
          CLERK_API_URL: emulator.url,
          BETTER_AUTH_SECRET: STACK_AUTH_SECRET,
        },
      });

      const inClerk: User[] = [];
      for (let offset = 0; ; offset += 500) {
        const { data } = await clerk().users.getUserList({ limit: 500, offset });
        inClerk.push(...data);
        if (data.length < 500) break;
      }
      const rows = await database.db.selectFrom("user_index").selectAll().execute();
      const byId = new Map(rows.map((row) => [row.user_id, comparable(row)]));
      for (const user of inClerk)
        expect(byId.get(user.id), user.id).toEqual(
          comparable(indexRowOf(toUserDto(user), 0) as Record<string, unknown>),
        );
      const live = rows.filter((row) => row.deleted_at === null).map((row) => row.user_id);
      expect(live.sort()).toEqual(inClerk.map((user) => user.id).sort());
      for (const id of deleted) expect(byId.get(id)?.deleted_at, id).not.toBeNull();
    });

    test("with the dashboard down for eight hours of Svix's schedule while 200 users change, the index catches up through retries", async () => {
      test.setTimeout(180_000);
      const users = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          clerk().users.createUser({ emailAddress: [`down-${kind}-${n}@example.com`] }),
        ),
      );
      await expect.poll(async () => (await indexed(users[19]!.id)) !== null).toBe(true);
      await dashboard.stop();
      const downAt = Date.now();
      const latest = new Map<string, User>();
      for (let n = 0; n < 200; n++) {
        const user = users[n % users.length]!;
        latest.set(
          user.id,
          await clerk().users.updateUserMetadata(user.id, { publicMetadata: { n } }),
        );
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downAt))),
      );
      dashboard = await start();
      for (const user of latest.values())
        await expect
          .poll(() => indexed(user.id), { timeout: 100_000, intervals: [1000] })
          .toEqual(asClerkHasIt(user));
    });
  });
}
