import { sql } from "kysely";
import type { ConsoleDb } from "@/lib/db/open-database";
import { SSO_PROVIDER_ID } from "./sso-plugin";

const INDEX = "account_one_sso_subject_per_staff";

/**
 * At most one provider subject per staff account, kept by the database as well as by the
 * sign-in gate, so two callbacks at the same moment cannot both link. A database that already
 * holds two (linked before this rule) keeps working without the index until an admin unlinks
 * one on /staff; the log names them.
 */
export async function ensureOneSubjectPerAccount(
  opened: ConsoleDb,
  log: (line: string) => void = (line) => console.warn(line),
): Promise<void> {
  const doubled = await sql<{ email: string }>`
    SELECT "user"."email" AS "email" FROM "account" JOIN "user" ON "user"."id" = "account"."userId"
    WHERE "account"."providerId" = ${SSO_PROVIDER_ID}
    GROUP BY "user"."email" HAVING COUNT(*) > 1
  `.execute(opened.db);
  if (doubled.rows.length > 0) {
    const emails = doubled.rows.map((row) => row.email).join(", ");
    log(
      `[sso] more than one single sign-on subject is linked to ${emails}; unlink the ones that are not theirs on /staff`,
    );
    return;
  }
  // The provider's id is a constant, written into the index's condition as a literal.
  await sql`
    CREATE UNIQUE INDEX IF NOT EXISTS ${sql.id(INDEX)} ON "account" ("userId")
    WHERE "providerId" = ${sql.lit(SSO_PROVIDER_ID)}
  `.execute(opened.db);
}
