import { sql } from "kysely";
import type { ConsoleDb } from "@/lib/db/open-database";

/** The prefix better-auth's two-factor plugin gives a remembered device's record. */
const TRUSTED_DEVICE = "trust-device-";

/**
 * Forgets every device a sign-in asked better-auth to remember. Metadeck asks for a code at
 * every sign-in (a remembered browser skipped it for 30 days and outlived a two-factor reset),
 * so none is ever made now; this removes those made before. Runs at every start, after
 * better-auth's tables exist.
 */
export async function forgetTrustedDevices(opened: ConsoleDb): Promise<void> {
  await sql`DELETE FROM "verification" WHERE "identifier" LIKE ${`${TRUSTED_DEVICE}%`}`.execute(
    opened.db,
  );
}
