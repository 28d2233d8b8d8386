import type { Kysely } from "kysely";
import { SIGN_IN_FAILURES } from "@/lib/config/limits";
import type { ConsoleDatabase } from "@/lib/db/schema";

/*
 * Failed sign-ins (SIGN_IN_FAILURES in lib/config/limits.ts), one row each in the console
 * database, shared by every process. Not a window counter: an account's wait grows with each
 * failure past its limit, and is measured from the latest one.
 */
const { account: ACCOUNT_FAILURES, address: ADDRESS_FAILURES } = SIGN_IN_FAILURES;
const PRUNE_EVERY_MS = 60_000;

let prunedAt = 0;

/** Why and for how long sign-in must wait: the limit reached, and the failures counted for it. */
export interface SignInWait {
  wait: number;
  by: "account" | "address";
  failures: number;
}

/**
 * Whether this account, from this address, must wait before trying again, and why; null for
 * not. Rows are failures and attempts still under way (`excluding` leaves out the caller's own).
 */
export async function signInWaitFor(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
  now: number,
  excluding = -1,
): Promise<SignInWait | null> {
  const [byAccount, byAddress] = await Promise.all([
    db
      .selectFrom("sign_in_failure")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("failed_at").as("at")])
      .where("account", "=", account)
      .where("id", "!=", excluding)
      .where("failed_at", ">", now - ACCOUNT_FAILURES.windowMs)
      .executeTakeFirst(),
    db
      .selectFrom("sign_in_failure")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("failed_at").as("at")])
      .where("address", "=", address)
      .where("id", "!=", excluding)
      .where("failed_at", ">", now - ADDRESS_FAILURES.windowMs)
      .executeTakeFirst(),
  ]);
  let found: SignInWait | null = null;
  const accountFailures = Number(byAccount?.n ?? 0);
  if (accountFailures >= ACCOUNT_FAILURES.max) {
    const delay = Math.min(
      ACCOUNT_FAILURES.windowMs,
      SIGN_IN_FAILURES.firstWaitMs * 2 ** (accountFailures - ACCOUNT_FAILURES.max),
    );
    const wait = Number(byAccount?.at) + delay - now;
    if (wait > 0) found = { wait, by: "account", failures: accountFailures };
  }
  const addressFailures = Number(byAddress?.n ?? 0);
  if (addressFailures >= ADDRESS_FAILURES.max) {
    const wait = Number(byAddress?.at) + ADDRESS_FAILURES.windowMs - now;
    if (wait > (found?.wait ?? 0)) found = { wait, by: "address", failures: addressFailures };
  }
  return found;
}

/** How long this account, from this address, must wait before trying again; 0 for now. */
export async function signInWait(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
  now: number,
  excluding = -1,
): Promise<number> {
  return (await signInWaitFor(db, account, address, now, excluding))?.wait ?? 0;
}

async function pruneNowAndThen(db: Kysely<ConsoleDatabase>, now: number) {
  if (now - prunedAt < PRUNE_EVERY_MS) return;
  prunedAt = now;
  await db
    .deleteFrom("sign_in_failure")
    .where("failed_at", "<", now - SIGN_IN_FAILURES.keepMs)
    .execute();
}

/**
 * Counts a sign-in attempt before its password is checked, so that parallel guesses cannot all
 * pass one check before any is counted. When it must wait, its row is taken back (a refused
 * attempt tested no password) and the wait returned.
 */
export async function beginSignInAttempt(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
  now: number,
): Promise<{ wait: number }> {
  const row = await db
    .insertInto("sign_in_failure")
    .values({ account, address, failed_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const wait = await signInWait(db, account, address, now, Number(row.id));
  if (wait > 0) await db.deleteFrom("sign_in_failure").where("id", "=", row.id).execute();
  else await pruneNowAndThen(db, now);
  return { wait };
}

/** A sign-in that succeeded takes back one attempt row of its account and address. */
export async function forgetSignInAttempt(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
): Promise<void> {
  const latest = await db
    .selectFrom("sign_in_failure")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("account", "=", account)
    .where("address", "=", address)
    .executeTakeFirst();
  if (latest?.id != null)
    await db.deleteFrom("sign_in_failure").where("id", "=", Number(latest.id)).execute();
}
