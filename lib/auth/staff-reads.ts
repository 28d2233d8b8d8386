import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { isSsoAccount, linkedSignIns } from "./sso/sso-sign-in";

/** How each staff account signs in (password, SSO subjects), for the staff page. */
export async function readLinkedSignIns() {
  return linkedSignIns((await consoleDb()).db);
}

/** Whether this account signs in through SSO only (its two-factor is the provider's). */
export async function readIsSsoAccount(userId: string): Promise<boolean> {
  return isSsoAccount((await consoleDb()).db, userId);
}
