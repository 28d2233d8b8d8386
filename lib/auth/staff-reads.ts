import "server-only";
import { sql } from "kysely";
import { consoleDb } from "@/lib/db/console-db";
import { lastSignIns } from "./last-sign-in";
import { isSsoAccount, linkedSignIns } from "./sso/sso-sign-in";

/** How each staff account signs in (password, SSO subjects), for the staff page. */
export async function readLinkedSignIns() {
  return linkedSignIns((await consoleDb()).db);
}

/** Whether this account signs in through SSO only (its two-factor is the provider's). */
export async function readIsSsoAccount(userId: string): Promise<boolean> {
  return isSsoAccount((await consoleDb()).db, userId);
}

/** When each staff account last signed in, for the staff page. */
export async function readLastSignIns() {
  return lastSignIns((await consoleDb()).db);
}

/**
 * Whether this account started setting up two-factor sign-in and did not finish: a secret is
 * stored, not yet turned on. Setting up again replaces it, which the page must say.
 */
export async function readHasPendingTwoFactor(userId: string): Promise<boolean> {
  const found = await sql<{ one: number }>`
    SELECT 1 AS one FROM "twoFactor" WHERE "userId" = ${userId}`.execute((await consoleDb()).db);
  return found.rows.length > 0;
}
