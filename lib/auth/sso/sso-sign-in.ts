import { sql, type Kysely } from "kysely";
import { recordStaffEvent } from "@/lib/audit/record-staff-event";
import { staffSnapshot, type SessionUser } from "@/lib/auth/auth-events";
import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { SsoDecision } from "./sso-decision";
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

/** How a staff account signs in: with a password, and as which identity-provider subjects. */
export interface LinkedSignIns {
  password: boolean;
  /** One at most, once the sign-in gate has held; older databases may show two. */
  subjects: string[];
}

/** Every staff account's ways in, by account id (an account with none is absent). */
export async function linkedSignIns(db: AnyDb): Promise<Map<string, LinkedSignIns>> {
  const found = await sql<{ userId: string; providerId: string; accountId: string }>`
    SELECT "userId", "providerId", "accountId" FROM "account"
    WHERE "providerId" IN ('credential', ${SSO_PROVIDER_ID}) ORDER BY "createdAt"
  `.execute(db);
  const linked = new Map<string, LinkedSignIns>();
  for (const row of found.rows) {
    const userId = String(row.userId);
    const entry = linked.get(userId) ?? { password: false, subjects: [] };
    if (row.providerId === SSO_PROVIDER_ID) entry.subjects.push(String(row.accountId));
    else entry.password = true;
    linked.set(userId, entry);
  }
  return linked;
}

/**
 * After a successful SSO sign-in: the role this sign-in's claims gave (decided by the
 * validateUserInfo gate in this same request), applied to the account that signed in — and
 * only if that account is the one the provider's subject is linked to. A changed role is
 * written and audited, so leaving a group demotes at the next sign-in. False when there is no
 * decision for this account, and the caller must not let the session stand.
 */
export async function applySsoRole(
  db: AnyDb,
  user: SessionUser,
  decision: SsoDecision | null,
  settings: SsoSettings,
): Promise<boolean> {
  if (!decision) return false;
  const owner = await sql<{ userId: string }>`
    SELECT "userId" FROM "account"
    WHERE "providerId" = ${SSO_PROVIDER_ID} AND "accountId" = ${decision.subject}
  `.execute(db);
  if (String(owner.rows[0]?.userId) !== user.id) return false;
  if (decision.role === user.role) return true;
  await sql`UPDATE "user" SET "role" = ${decision.role} WHERE "id" = ${user.id}`.execute(db);
  await recordStaffEvent(db, {
    actor: { id: user.id, email: user.email },
    event: "staff_role_changed",
    target: { id: user.id, email: user.email },
    before: staffSnapshot(user),
    after: { ...staffSnapshot(user), role: decision.role },
    message: `Set by the identity provider at sign-in (${settings.roleClaim ?? "no role claim"}).`,
  });
  return true;
}
