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
  enableStaff,
  listStaff,
  resetStaffPassword,
  resetStaffTwoFactor,
  setStaffRole,
  unlinkStaffSso,
} from "./staff-accounts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";
import { postToAuth } from "@/tests/support/auth-requests";
import { testDesk } from "@/tests/support/staff-desk";
import { sql } from "kysely";
import { listAuditEntries } from "@/lib/audit/audit-log";
import type { StaffDesk } from "./staff-accounts";

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
  let desk: StaffDesk;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrateAuthSchema(database);
    auth = createAuth(database, {
      secret: "test-secret-test-secret-test-secret-0123",
      baseURL: ORIGIN,
    });
    desk = testDesk(auth, database);
  });
  afterAll(() => database.dispose());

  it("adds staff, who can then sign in with their password only", async () => {
    const added = await addStaff(desk, {
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
      await addStaff(desk, {
        email: "b@example.com",
        role: "viewer",
        password: "short",
      }),
    ).toMatchObject({ ok: false, error: { message: /12 characters/ } });
    expect(
      await addStaff(desk, {
        email: "b@example.com",
        role: "root",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false, error: { message: /Unknown role/ } });
    expect(
      await addStaff(desk, {
        email: "not-an-email",
        role: "viewer",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false });
    expect(
      await addStaff(desk, {
        email: "ada@example.com",
        role: "viewer",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false, error: { message: /already/ } });
  });

  it("knows one spelling of an address: trimmed and lower-cased, with exactly one @", async () => {
    for (const spelling of [" ada@example.com", "ADA@EXAMPLE.COM", "\tAda@Example.com "])
      expect(
        await addStaff(desk, { email: spelling, role: "viewer", password: "long enough password" }),
      ).toMatchObject({ ok: false, error: { message: "ada@example.com already has an account." } });
    expect(
      await addStaff(desk, {
        email: "ada@example.com@example.com",
        role: "admin",
        password: "long enough password",
      }),
    ).toMatchObject({ ok: false, error: { message: /is not an email address/ } });
    expect(await setStaffRole(desk, " ADA@example.com", "viewer")).toMatchObject({ ok: true });
  });

  it("an account that signs in only through single sign-on has no password to reset; unlinking its subject ends its sessions, audited", async () => {
    const ctx = await auth.$context;
    const user = await ctx.internalAdapter.createUser(
      { email: "sso-only@example.com", name: "S", emailVerified: true },
      { method: "admin" },
    );
    await ctx.internalAdapter.linkAccount({
      userId: user.id,
      providerId: "oidc",
      accountId: "sub-1",
    });
    await ctx.internalAdapter.createSession(user.id, false);
    expect(
      await resetStaffPassword(desk, "sso-only@example.com", "a new long password"),
    ).toMatchObject({ ok: false, error: { message: /signs in only through single sign-on/ } });
    expect(await ctx.internalAdapter.findAccounts(user.id)).toHaveLength(1);

    expect(await unlinkStaffSso(desk, "sso-only@example.com", "sub-2")).toMatchObject({
      ok: false,
      error: { message: 'sso-only@example.com has no single sign-on as "sub-2".' },
    });
    expect(await unlinkStaffSso(desk, "sso-only@example.com", "sub-1")).toMatchObject({ ok: true });
    expect(await ctx.internalAdapter.findAccounts(user.id)).toHaveLength(0);
    expect(await ctx.internalAdapter.listSessions(user.id)).toHaveLength(0);
    const logged = (
      await listAuditEntries(database.db, { event: "staff" }, { limit: 5, offset: 0 })
    ).entries
      .filter((e) => e.kind === "staff")
      .filter((e) => e.target.email === "sso-only@example.com");
    expect(logged.map((e) => [e.event, e.outcome])).toEqual([
      ["sso_unlinked", "success"],
      ["sso_unlinked", "refused"],
      ["staff_password_reset", "refused"],
    ]);
    expect(logged[0]?.message).toMatch(/Unlinked the identity provider's subject "sub-1"/);
  });

  it("reset-2fa turns an account's second factor off, ends its sessions, and is audited", async () => {
    await addStaff(desk, { email: "lost@example.com", role: "admin", password: "lost my phone!!" });
    const ctx = await auth.$context;
    const user = (await ctx.internalAdapter.findUserByEmail("lost@example.com"))!.user;
    await ctx.adapter.create({
      model: "twoFactor",
      data: { userId: user.id, secret: "s", backupCodes: "b", verified: true },
    });
    await ctx.internalAdapter.updateUser(user.id, { twoFactorEnabled: true });
    await ctx.internalAdapter.createSession(user.id, false);

    expect(await resetStaffTwoFactor(desk, "lost@example.com")).toMatchObject({ ok: true });
    const after = await ctx.internalAdapter.findUserById(user.id);
    expect((after as { twoFactorEnabled?: unknown }).twoFactorEnabled).toBeFalsy();
    expect(
      await ctx.adapter.count({ model: "twoFactor", where: [{ field: "userId", value: user.id }] }),
    ).toBe(0);
    expect(await ctx.internalAdapter.listSessions(user.id)).toHaveLength(0);
    const entry = await database.db
      .selectFrom("audit_log")
      .select(["event", "outcome"])
      .where("target_email", "=", "lost@example.com")
      .orderBy("id", "desc")
      .executeTakeFirst();
    expect(entry).toEqual({ event: "two_factor_reset", outcome: "success" });
    expect(await resetStaffTwoFactor(desk, "nobody@example.com")).toMatchObject({
      ok: false,
      error: { kind: "not_found" },
    });
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
    expect(await addStaff(desk, { ...long, password: "p".repeat(129) })).toMatchObject({
      ok: false,
      error: { message: /at most 128/ },
    });
    expect(
      await addStaff(desk, {
        ...long,
        password: "a fine password",
        name: "n".repeat(100_000),
      }),
    ).toMatchObject({ ok: false, error: { message: /at most 100/ } });
    expect(
      await addStaff(desk, {
        ...long,
        password: "p".repeat(128),
        name: "n".repeat(100),
      }),
    ).toMatchObject({ ok: true });
    expect((await signIn(auth, "long@example.com", "p".repeat(128))).status).toBe(200);
    expect(await resetStaffPassword(desk, "long@example.com", "q".repeat(129))).toMatchObject({
      ok: false,
    });
  });

  it("changes roles, resets passwords and disables accounts", async () => {
    await addStaff(desk, {
      email: "grace@example.com",
      role: "viewer",
      password: "first password 1",
    });
    expect(await setStaffRole(desk, "grace@example.com", "admin")).toMatchObject({
      ok: true,
      value: { role: "admin" },
    });
    expect(await setStaffRole(desk, "grace@example.com", "owner")).toMatchObject({ ok: false });
    expect(await resetStaffPassword(desk, "grace@example.com", "second password 2")).toMatchObject({
      ok: true,
    });
    expect((await signIn(auth, "grace@example.com", "first password 1")).status).toBe(401);
    expect((await signIn(auth, "grace@example.com", "second password 2")).status).toBe(200);
    expect(await disableStaff(desk, "grace@example.com")).toMatchObject({
      ok: true,
      value: { disabled: true },
    });
    expect((await signIn(auth, "grace@example.com", "second password 2")).status).not.toBe(200);
    expect(await disableStaff(desk, "nobody@example.com")).toMatchObject({
      ok: false,
    });
  });

  // Adding staff, role changes, disabling and password resets used to leave no trace at all.
  it("audits every change and every refusal, with actor, account, before and after, never a password", async () => {
    const admin = { id: "staff_admin", email: "root@example.com" };
    const byAdmin = { ...desk, actor: admin };
    const events = async () =>
      (await listAuditEntries(database.db, { event: "staff" }, { limit: 100, offset: 0 })).entries
        .filter((e) => e.kind === "staff")
        .filter((e) => e.actor?.id === admin.id);
    await addStaff(byAdmin, {
      email: "Hal@Example.com",
      role: "support",
      password: "hal's first password",
      name: "Hal",
    });
    await setStaffRole(byAdmin, "hal@example.com", "admin");
    await resetStaffPassword(byAdmin, "hal@example.com", "hal's second password");
    await disableStaff(byAdmin, "hal@example.com");
    await enableStaff(byAdmin, "hal@example.com");
    await setStaffRole(byAdmin, "hal@example.com", "owner");
    await disableStaff(byAdmin, "root@example.com");
    await addStaff(byAdmin, { email: "hal@example.com", role: "viewer", password: "x".repeat(20) });
    const hal = { email: "hal@example.com", name: "Hal", disabled: false };
    const logged = (await events()).reverse();
    expect(logged.map((e) => [e.event, e.outcome])).toEqual([
      ["staff_added", "success"],
      ["staff_role_changed", "success"],
      ["staff_password_reset", "success"],
      ["staff_disabled", "success"],
      ["staff_enabled", "success"],
      ["staff_role_changed", "refused"],
      ["staff_disabled", "refused"],
      ["staff_added", "refused"],
    ]);
    const halId = (await listStaff(auth)).find((s) => s.email === "hal@example.com")?.id;
    expect(logged[0]).toMatchObject({
      actor: admin,
      target: { id: halId, email: "hal@example.com" },
      before: null,
      after: { ...hal, role: "support" },
    });
    expect(logged[1]).toMatchObject({
      before: { ...hal, role: "support" },
      after: { ...hal, role: "admin" },
    });
    expect(logged[3]).toMatchObject({ after: { ...hal, role: "admin", disabled: true } });
    expect(logged[4]).toMatchObject({
      before: { disabled: true },
      after: { ...hal, role: "admin", disabled: false },
    });
    expect(logged[5]?.message).toMatch(/Unknown role "owner"/);
    expect(logged[6]?.message).toBe("You cannot disable your own account.");
    expect(logged[7]).toMatchObject({
      target: { id: halId },
      message: "hal@example.com already has an account.",
    });
    // Enabled again, the account signs in with the password it had.
    expect((await signIn(auth, "hal@example.com", "hal's second password")).status).toBe(200);
    // No password, and no hash of one, anywhere in the log.
    const hashes = await sql<{ password: string }>`
      SELECT "password" FROM "account" WHERE "password" IS NOT NULL`.execute(database.db);
    const raw = JSON.stringify((await sql`SELECT * FROM audit_log`.execute(database.db)).rows);
    for (const secret of [
      "hal's first password",
      "hal's second password",
      "x".repeat(20),
      ...hashes.rows.map((r) => r.password),
    ])
      expect(raw).not.toContain(secret);
  });
});
