import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { createAuth } from "../../lib/auth/create-auth";
import { testDesk } from "../../tests/support/staff-desk";
import { addStaff, disableStaff, type StaffDesk } from "../../lib/auth/staff-accounts";
import { openConsoleDatabase } from "../../lib/db/open-database";
import {
  E2E_APP_URL,
  E2E_AUTH_SECRET,
  E2E_DATABASE_FILE,
  E2E_STAFF,
  storageStateFor,
  type E2ERole,
} from "./e2e-env";

const COOKIE = "better-auth.session_token";

/** The Cookie header a role's signed-in browser sends (from the setup project's saved state). */
export function roleCookie(role: E2ERole): string {
  const state = JSON.parse(readFileSync(storageStateFor(role), "utf8")) as {
    cookies: { name: string; value: string }[];
  };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** A session cookie in the right shape whose signature this server never made. */
export const FORGED_COOKIE = `${COOKIE}=forgedTokenValue0123456789abcd.c2lnbmF0dXJlLW5vdC1vdXJz`;

/**
 * A cookie this server did sign, for a session that has since expired: a support user (who could
 * otherwise write) is signed in in-process with the server's secret (so the sign-in rate limit
 * of the HTTP endpoint is not spent), and that session's expiry is moved into the past.
 */
export async function expiredSessionCookie(): Promise<string> {
  const opened = openConsoleDatabase({ kind: "sqlite", file: E2E_DATABASE_FILE });
  try {
    const auth = createAuth(opened, { secret: E2E_AUTH_SECRET, baseURL: E2E_APP_URL });
    const response = await auth.api.signInEmail({ body: E2E_STAFF.support, asResponse: true });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] ?? "")
      .find((c) => c.startsWith(`${COOKIE}=`));
    if (!cookie) throw new Error(`no session cookie after sign-in (${response.status})`);
    const token = decodeURIComponent(cookie.slice(COOKIE.length + 1)).split(".")[0] ?? "";
    const expired = await sql`UPDATE "session" SET "expiresAt" = ${new Date(
      Date.now() - 60_000,
    ).toISOString()} WHERE "token" = ${token}`.execute(opened.db);
    if (Number(expired.numAffectedRows) !== 1) throw new Error("the new session was not found");
    return cookie;
  } finally {
    await opened.db.destroy();
  }
}

/** Signs a fresh staff account in, in-process, and hands the cookie and the auth to `then`. */
async function withFreshSession<T>(
  then: (
    auth: ReturnType<typeof createAuth>,
    email: string,
    cookie: string,
    desk: StaffDesk,
  ) => Promise<T>,
  role: E2ERole = "admin",
): Promise<T> {
  const opened = openConsoleDatabase({ kind: "sqlite", file: E2E_DATABASE_FILE });
  try {
    const auth = createAuth(opened, { secret: E2E_AUTH_SECRET, baseURL: E2E_APP_URL });
    const email = `dead.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;
    const password = "a dead session password";
    const added = await addStaff(testDesk(auth, opened), { email, role, password });
    if (!added.ok) throw new Error(added.error.message);
    const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0] ?? "")
      .find((c) => c.startsWith(`${COOKIE}=`));
    if (!cookie) throw new Error(`no session cookie after sign-in (${response.status})`);
    return await then(auth, email, cookie, testDesk(auth, opened));
  } finally {
    await opened.db.destroy();
  }
}

/** A live session of a new account, for a test that must not share its limits. */
export function freshSessionCookie(role: E2ERole = "admin"): Promise<string> {
  return withFreshSession(async (_auth, _email, cookie) => cookie, role);
}

/** A cookie this server signed, for a session its owner has since signed out of. */
export function signedOutCookie(): Promise<string> {
  return withFreshSession(async (auth, _email, cookie) => {
    await auth.api.signOut({ headers: new Headers({ Cookie: cookie }) });
    return cookie;
  });
}

/** A cookie this server signed, for an admin account that has since been disabled. */
export function disabledAccountCookie(): Promise<string> {
  return withFreshSession(async (_auth, email, cookie, desk) => {
    const disabled = await disableStaff(desk, email);
    if (!disabled.ok) throw new Error(disabled.error.message);
    return cookie;
  });
}

export type Caller = { name: string; cookie: string | null };

/** Everyone who must be turned away, apart from roles: no cookie, a forged one, an expired one. */
export async function callersWithoutSession(): Promise<Caller[]> {
  return [
    { name: "no cookie", cookie: null },
    { name: "forged cookie", cookie: FORGED_COOKIE },
    { name: "expired session", cookie: await expiredSessionCookie() },
  ];
}

export const roleCaller = (role: E2ERole): Caller => ({ name: role, cookie: roleCookie(role) });
