import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";

type Db = Kysely<ConsoleDatabase>;

/** A session was made for this account: it signed in, by password (and code) or SSO. */
export async function recordSignIn(db: Db, userId: string, at: number): Promise<void> {
  await db
    .insertInto("staff_sign_in")
    .values({ user_id: userId, signed_in_at: at })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ signed_in_at: at }))
    .execute();
}

/** When each account last signed in, by account id; an account never signed in is absent. */
export async function lastSignIns(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom("staff_sign_in").select(["user_id", "signed_in_at"]).execute();
  return new Map(rows.map((row) => [row.user_id, Number(row.signed_in_at)]));
}
