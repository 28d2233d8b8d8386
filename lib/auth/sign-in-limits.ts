import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";

/**
 * Only failures count, so twenty colleagues behind one address can all sign in at 9:00; an
 * attacker cannot get round the account limit by changing address, nor round the address limit
 * by changing account. The counts live in the console database, shared by every process.
 */
export const ACCOUNT_FAILURES = { max: 10, windowMs: 15 * 60_000 };
export const ADDRESS_FAILURES = { max: 30, windowMs: 60_000 };
/** The wait after an account's limit, doubled by each further failure, at most the window. */
const FIRST_DELAY_MS = 30_000;
const KEEP_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 60_000;

let prunedAt = 0;

/** Why and for how long sign-in must wait: the limit reached, and the failures counted for it. */
export interface SignInLock {
  wait: number;
  by: "account" | "address";
  failures: number;
}

/**
 * Whether this account, from this address, must wait before trying again, and why; null for
 * not. Rows are failures and attempts still under way (`excluding` leaves out the caller's own).
 */
export async function signInLock(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
  now: number,
  excluding = -1,
): Promise<SignInLock | null> {
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
  let lock: SignInLock | null = null;
  const accountFailures = Number(byAccount?.n ?? 0);
  if (accountFailures >= ACCOUNT_FAILURES.max) {
    const delay = Math.min(
      ACCOUNT_FAILURES.windowMs,
      FIRST_DELAY_MS * 2 ** (accountFailures - ACCOUNT_FAILURES.max),
    );
    const wait = Number(byAccount?.at) + delay - now;
    if (wait > 0) lock = { wait, by: "account", failures: accountFailures };
  }
  const addressFailures = Number(byAddress?.n ?? 0);
  if (addressFailures >= ADDRESS_FAILURES.max) {
    const wait = Number(byAddress?.at) + ADDRESS_FAILURES.windowMs - now;
    if (wait > (lock?.wait ?? 0)) lock = { wait, by: "address", failures: addressFailures };
  }
  return lock;
}

/** How long this account, from this address, must wait before trying again; 0 for now. */
export async function signInWait(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
  now: number,
  excluding = -1,
): Promise<number> {
  return (await signInLock(db, account, address, now, excluding))?.wait ?? 0;
}

async function pruneNowAndThen(db: Kysely<ConsoleDatabase>, now: number) {
  if (now - prunedAt < PRUNE_EVERY_MS) return;
  prunedAt = now;
  await db
    .deleteFrom("sign_in_failure")
    .where("failed_at", "<", now - KEEP_MS)
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
