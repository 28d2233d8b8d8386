import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToAuth } from "@/tests/support/auth-requests";
import { createTestDatabase, type TestDatabase } from "@/tests/support/console-databases";
import { createAuth, migrateAuthSchema, type StaffAuth } from "./create-auth";
import { MAX_NAME_LENGTH } from "./staff-fields";
import { addStaff, listStaff } from "./staff-accounts";
import { testDesk } from "@/tests/support/staff-desk";
import { sql } from "kysely";
import { listAuditEntries } from "@/lib/audit/audit-log";
import type { StaffDesk } from "./staff-accounts";

const ORIGIN = "http://127.0.0.1:3997";
const PASSWORD = "the first password";

let database: TestDatabase;
let auth: StaffAuth;
let desk: StaffDesk;

function call(path: string, body: unknown, cookie?: string) {
  return postToAuth(auth, ORIGIN, path, body, cookie ? { Cookie: cookie } : {});
}

async function signIn(password = PASSWORD): Promise<string> {
  const response = await call("/sign-in/email", { email: "self@example.com", password });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function sessionOf(cookie: string) {
  const response = await auth.handler(
    new Request(`${ORIGIN}/api/auth/get-session`, { headers: { Cookie: cookie, Origin: ORIGIN } }),
  );
  return response.json() as Promise<{ user?: unknown } | null>;
}

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  await migrateAuthSchema(database);
  auth = createAuth(database, {
    secret: "test-secret-test-secret-test-secret-0123",
    baseURL: ORIGIN,
  });
  desk = testDesk(auth, database);
  await addStaff(desk, {
    email: "self@example.com",
    role: "viewer",
    password: PASSWORD,
  });
});
afterAll(() => database.dispose());

describe("what a staff member may change of their own", () => {
  // update-user took a 10 MB name (the /staff page became 20 MB) and any image URL.
  it("their name, within 100 characters, and nothing else", async () => {
    const cookie = await signIn();
    expect((await call("/update-user", { name: "x".repeat(10_000_000) }, cookie)).status).toBe(400);
    expect(
      (await call("/update-user", { name: "x".repeat(MAX_NAME_LENGTH + 1) }, cookie)).status,
    ).toBe(400);
    expect(
      (await call("/update-user", { image: "https://evil.example/pixel.gif" }, cookie)).status,
    ).toBe(400);
    expect(
      (await call("/update-user", { name: "Ok", image: "https://evil.example/x" }, cookie)).status,
    ).toBe(400);
    expect((await call("/update-user", { name: "Self Service" }, cookie)).status).toBe(200);
    expect((await listStaff(auth)).find((s) => s.email === "self@example.com")?.name).toBe(
      "Self Service",
    );
  });

  // A self-service password change used to keep every other session alive.
  it("their password, which ends their other sessions even when asked not to", async () => {
    const here = await signIn();
    const elsewhere = await signIn();
    const changed = await call(
      "/change-password",
      { currentPassword: PASSWORD, newPassword: "the second password", revokeOtherSessions: false },
      here,
    );
    expect(changed.status).toBe(200);
    expect((await sessionOf(elsewhere))?.user).toBeUndefined();
    expect((await sessionOf(here))?.user).toBeDefined();
    // better-auth's own revokeOtherSessions used to hang the one SQLite connection for good.
    const third = await signIn("the second password");
    const again = await call(
      "/change-password",
      {
        currentPassword: "the second password",
        newPassword: "the third password1",
        revokeOtherSessions: true,
      },
      here,
    );
    expect(again.status).toBe(200);
    expect((await sessionOf(third))?.user).toBeUndefined();
  });

  it("not their email, and they cannot delete themselves", async () => {
    const cookie = await signIn("the third password1");
    expect((await call("/change-email", { newEmail: "other@example.com" }, cookie)).status).toBe(
      404,
    );
    expect((await call("/delete-user", {}, cookie)).status).toBe(404);
  });

  it("no link or unlink of an identity-provider account of their own, and no sign-in with a bare ID token", async () => {
    const cookie = await signIn("the third password1");
    expect((await call("/link-social", { provider: "oidc" }, cookie)).status).toBe(404);
    expect(
      (await call("/unlink-account", { providerId: "credential", accountId: "x" }, cookie)).status,
    ).toBe(404);
    const bare = await call("/sign-in/social", {
      provider: "oidc",
      idToken: { token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." },
    });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ code: "ID_TOKEN_SIGN_IN_OFF" });
  });

  // A staff member's own name and password changes used to leave no entry.
  it("each own change is one audit entry, theirs, without the password", async () => {
    const { entries } = await listAuditEntries(
      database.db,
      { event: "staff" },
      { limit: 50, offset: 0 },
    );
    const own = entries.filter((e) => e.kind === "staff" && e.actor?.email === "self@example.com");
    const self = (await listStaff(auth)).find((s) => s.email === "self@example.com");
    expect(own.map((e) => e.kind === "staff" && e.event).reverse()).toEqual([
      "name_changed",
      "password_changed",
      "password_changed",
    ]);
    expect(own.at(-1)).toMatchObject({
      actor: { id: self?.id, email: "self@example.com" },
      target: { id: self?.id, email: "self@example.com" },
      before: { name: "self" },
      after: { name: "Self Service", role: "viewer", disabled: false },
      outcome: "success",
    });
    const raw = JSON.stringify((await sql`SELECT * FROM audit_log`.execute(database.db)).rows);
    for (const password of [PASSWORD, "the second password", "the third password1"])
      expect(raw).not.toContain(password);
    // Refused changes (the 10 MB name, the image) changed nothing and are not events.
    expect(own).toHaveLength(3);
  });
});

describe("a session past its lifetimes", () => {
  // Pages ended idle sessions, but better-auth's own endpoints only knew the maximum age.
  it("opens none of better-auth's endpoints once idle, and is gone from then on", async () => {
    const cookie = await signIn("the third password1");
    expect((await call("/update-user", { name: "Still Here" }, cookie)).status).toBe(200);
    const idleSince = new Date(Date.now() - 61 * 60_000).toISOString();
    await sql`UPDATE "session" SET "updatedAt" = ${idleSince}`.execute(database.db);

    const renamed = await call("/update-user", { name: "Back Again" }, cookie);
    expect(renamed.status).toBe(401);
    expect(await renamed.json()).toMatchObject({ code: "SESSION_ENDED" });
    // The browser is told to forget the cookie, and the session is gone from the store.
    expect(renamed.headers.getSetCookie().join("\n")).toMatch(/session_token=;.*Max-Age=0/i);
    expect(await sessionOf(cookie)).toBeNull();
    const enabled = await call("/two-factor/enable", { password: "the third password1" }, cookie);
    expect(enabled.status).toBe(401);
  });
});
