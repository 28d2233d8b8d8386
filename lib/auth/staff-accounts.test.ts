import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { createAuth, migrateAuthSchema, type StaffAuth } from "./create-auth";
import {
  addStaff,
  disableStaff,
  listStaff,
  resetStaffPassword,
  setStaffRole,
} from "./staff-accounts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";
import { postToAuth } from "@/tests/support/auth-requests";

const ORIGIN = "http://127.0.0.1:3999";
let ip = 0;

/** Signs in over HTTP through better-auth's handler, as the browser does. */
async function signIn(auth: StaffAuth, email: string, password: string, from = `10.0.0.${++ip}`) {
  // The client address as scripts/serve.ts stamps it on every request.
  const response = await postToAuth(
    auth,
    ORIGIN,
    "/sign-in/email",
    { email, password },
    {
      [CLIENT_ADDRESS_HEADER]: from,
    },
  );
  return { status: response.status, cookie: response.headers.get("set-cookie") };
}

describe.each(databaseKinds)("staff accounts on %s", (kind) => {
  let database: TestDatabase;
  let auth: StaffAuth;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrateAuthSchema(database);
    auth = createAuth(database, {
      secret: "test-secret-test-secret-test-secret-0123",
      baseURL: ORIGIN,
    });
  });
  afterAll(() => database.dispose());

  it("adds staff, who can then sign in with their password only", async () => {
    const added = await addStaff(auth, {
      email: "Ada@Example.com",
      role: "support",
      password: "correct horse battery",
    });
    expect(added).toMatchObject({
      ok: true,
      value: { email: "ada@example.com", role: "support", disabled: false },
    });
    const good = await signIn(auth, "ada@example.com", "correct horse battery");
    expect(good.status).toBe(200);
    expect(good.cookie).toMatch(/session_token=/);
    expect((await signIn(auth, "ada@example.com", "wrong password!!")).status).toBe(401);
  });

  it("refuses weak passwords, unknown roles, bad emails and duplicates", async () => {
    expect(
      await addStaff(auth, { email: "b@example.com", role: "viewer", password: "short" }),
    ).toMatchObject({ ok: false, error: { message: /12 characters/ } });
    expect(
      await addStaff(auth, {
        email: "b@example.com",
        role: "root",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false, error: { message: /Unknown role/ } });
    expect(
      await addStaff(auth, {
        email: "not-an-email",
        role: "viewer",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false });
    expect(
      await addStaff(auth, {
        email: "ada@example.com",
        role: "viewer",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false, error: { message: /already/ } });
  });

  it("offers no sign-up", async () => {
    const response = await auth.handler(
      new Request(`${ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: ORIGIN },
        body: JSON.stringify({
          email: "eve@example.com",
          password: "long enough password",
          name: "Eve",
        }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect((await listStaff(auth)).map((s) => s.email)).not.toContain("eve@example.com");
  });

  // The admin UI took a 300-character password that better-auth then refused at every sign-in,
  // and the command a 100,000-character name.
  it("keeps passwords to 12–128 characters and names to 100, everywhere they are set", async () => {
    const long = { email: "long@example.com", role: "viewer" };
    expect(await addStaff(auth, { ...long, password: "p".repeat(129) })).toMatchObject({
      ok: false,
      error: { message: /at most 128/ },
    });
    expect(
      await addStaff(auth, { ...long, password: "a fine password", name: "n".repeat(100_000) }),
    ).toMatchObject({ ok: false, error: { message: /at most 100/ } });
    expect(
      await addStaff(auth, { ...long, password: "p".repeat(128), name: "n".repeat(100) }),
    ).toMatchObject({ ok: true });
    expect((await signIn(auth, "long@example.com", "p".repeat(128))).status).toBe(200);
    expect(await resetStaffPassword(auth, "long@example.com", "q".repeat(129))).toMatchObject({
      ok: false,
    });
  });

  it("changes roles, resets passwords and disables accounts", async () => {
    await addStaff(auth, {
      email: "grace@example.com",
      role: "viewer",
      password: "first password 1",
    });
    expect(await setStaffRole(auth, "grace@example.com", "admin")).toMatchObject({
      ok: true,
      value: { role: "admin" },
    });
    expect(await setStaffRole(auth, "grace@example.com", "owner")).toMatchObject({ ok: false });
    expect(await resetStaffPassword(auth, "grace@example.com", "second password 2")).toMatchObject({
      ok: true,
    });
    expect((await signIn(auth, "grace@example.com", "first password 1")).status).toBe(401);
    expect((await signIn(auth, "grace@example.com", "second password 2")).status).toBe(200);
    expect(await disableStaff(auth, "grace@example.com")).toMatchObject({
      ok: true,
      value: { disabled: true },
    });
    expect((await signIn(auth, "grace@example.com", "second password 2")).status).not.toBe(200);
    expect(await disableStaff(auth, "nobody@example.com")).toMatchObject({ ok: false });
  });
});
