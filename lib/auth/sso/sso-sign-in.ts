import { decodeJwt } from "jose";
import { sql, type Kysely } from "kysely";
import { recordStaffEvent } from "@/lib/audit/record-staff-event";
import { staffSnapshot, type SessionUser } from "@/lib/auth/auth-events";
import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { admit } from "./sso-admission";
import { SSO_PROVIDER_ID } from "./sso-plugin";

type AnyDb = Kysely<ConsoleDatabase>;

/** An account made at someone's first SSO sign-in, audited as their own doing. */
export function recordSsoAccountCreated(db: AnyDb, user: SessionUser) {
  return recordStaffEvent(db, {
    actor: { id: user.id, email: user.email },
    event: "staff_added",
    target: { id: user.id, email: user.email },
    before: null,
    after: staffSnapshot(user),
    message: "Created at their first single sign-on.",
  });
}

/** Whether a staff account signs in through single sign-on (its role then comes from there). */
export async function isSsoAccount(db: AnyDb, userId: string): Promise<boolean> {
  const found = await sql<{ n: number }>`
    SELECT 1 AS n FROM "account" WHERE "userId" = ${userId} AND "providerId" = ${SSO_PROVIDER_ID}
  `.execute(db);
  return found.rows.length > 0;
}

/** Whether the staff account with this address signs in through single sign-on. */
export async function isSsoAccountByEmail(db: AnyDb, email: string): Promise<boolean> {
  const found = await sql<{ n: number }>`
    SELECT 1 AS n FROM "account" JOIN "user" ON "user"."id" = "account"."userId"
    WHERE "user"."email" = ${email} AND "account"."providerId" = ${SSO_PROVIDER_ID}
  `.execute(db);
  return found.rows.length > 0;
}

/** The staff accounts that sign in through single sign-on. */
export async function ssoAccountIds(db: AnyDb): Promise<Set<string>> {
  const found = await sql<{ userId: string }>`
    SELECT "userId" FROM "account" WHERE "providerId" = ${SSO_PROVIDER_ID}
  `.execute(db);
  return new Set(found.rows.map((row) => String(row.userId)));
}

/**
 * After a successful SSO sign-in: the role the provider's groups give now, from the ID token
 * this very sign-in stored (verified by better-auth on the way in). A changed role is written
 * and audited, so leaving a group demotes at the next sign-in.
 */
export async function applySsoRole(
  db: AnyDb,
  user: SessionUser,
  settings: SsoSettings,
): Promise<void> {
  const row = await sql<{ idToken: string | null }>`
    SELECT "idToken" FROM "account" WHERE "userId" = ${user.id} AND "providerId" = ${SSO_PROVIDER_ID}
  `.execute(db);
  const idToken = row.rows[0]?.idToken;
  if (!idToken) return;
  const admission = admit(decodeJwt(idToken), settings);
  // validateUserInfo refused anyone without a role before a session was made.
  if (!admission.ok || admission.role === user.role) return;
  await sql`UPDATE "user" SET "role" = ${admission.role} WHERE "id" = ${user.id}`.execute(db);
  await recordStaffEvent(db, {
    actor: { id: user.id, email: user.email },
    event: "staff_role_changed",
    target: { id: user.id, email: user.email },
    before: staffSnapshot(user),
    after: { ...staffSnapshot(user), role: admission.role },
    message: `Set by the identity provider at sign-in (${settings.roleClaim ?? "no role claim"}).`,
  });
}
