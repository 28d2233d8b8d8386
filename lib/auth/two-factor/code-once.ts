import { timingSafeEqual } from "node:crypto";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { APIError } from "better-auth/api";
import { symmetricDecrypt } from "better-auth/crypto";
import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";

/** better-auth's TOTP: 6 digits, 30 s steps, a code one step either side accepted. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const WINDOW = 1;

/** Secrets imported from another app are stored as `base32:<secret>` (better-auth's convention). */
const BASE32_PREFIX = "base32:";

type Secret = Parameters<typeof createOTP>[0];

/** The time step a code was made for, within the accepted window around `now`; null for none. */
async function matchingStep(secret: Secret, code: string, now: number): Promise<number | null> {
  const otp = createOTP(secret, { digits: DIGITS, period: PERIOD_SECONDS });
  const current = Math.floor(now / 1000 / PERIOD_SECONDS);
  const given = Buffer.from(code.trim());
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    const expected = Buffer.from(await otp.hotp(step));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return step;
  }
  return null;
}

/**
 * Records that an account used its code for `step`. False when that step, or a later one, was
 * used already: RFC 6238 §5.2 has the verifier refuse a second use, and an older code after a
 * newer one is a second use of the window. One conditional write (insert, or move the account's
 * last step forward only), so of several uses at once only those each later than the last get
 * through, one per step.
 */
export async function spendStep(
  db: Kysely<ConsoleDatabase>,
  userId: string,
  step: number,
  now: number,
): Promise<boolean> {
  const written = await db
    .insertInto("totp_last_step")
    .values({ user_id: userId, step, used_at: now })
    .onConflict((c) =>
      c
        .column("user_id")
        .doUpdateSet({ step, used_at: now })
        .where("totp_last_step.step", "<", step),
    )
    .executeTakeFirst();
  return Number(written.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** What of better-auth's context reading an account's TOTP secret needs. */
export interface SecretContext {
  secretConfig: Parameters<typeof symmetricDecrypt>[0]["key"];
  adapter: {
    findOne<T>(query: {
      model: string;
      where: Array<{ field: string; value: string }>;
    }): Promise<T | null>;
  };
}

async function totpSecret(context: SecretContext, userId: string): Promise<Secret | null> {
  const row = await context.adapter.findOne<{ secret: string }>({
    model: "twoFactor",
    where: [{ field: "userId", value: userId }],
  });
  if (!row) return null;
  const secret = await symmetricDecrypt({ key: context.secretConfig, data: row.secret });
  return secret.startsWith(BASE32_PREFIX)
    ? base32.decode(secret.slice(BASE32_PREFIX.length).toUpperCase())
    : secret;
}

/**
 * Before better-auth checks an authenticator code (at sign-in, and confirming an app when
 * enrolling): a right code whose time step this account has used already is refused. A wrong
 * code is left to better-auth, which counts it.
 */
export async function refuseReusedCode(
  db: Kysely<ConsoleDatabase>,
  context: SecretContext,
  userId: string,
  code: unknown,
  now = Date.now(),
): Promise<void> {
  if (typeof code !== "string") return;
  const secret = await totpSecret(context, userId);
  if (secret === null) return;
  const step = await matchingStep(secret, code, now);
  if (step === null) return;
  if (await spendStep(db, userId, step, now)) return;
  throw APIError.from("UNAUTHORIZED", {
    code: "CODE_ALREADY_USED",
    message: "That code has been used already. Enter the next one your app shows.",
  });
}

/**
 * Forgets an account's last used step when its authenticator secret is replaced (a new app set
 * up, or an admin's reset): the new secret's codes have never been used.
 */
export async function forgetUsedSteps(db: Kysely<ConsoleDatabase>, userId: string): Promise<void> {
  await db.deleteFrom("totp_last_step").where("user_id", "=", userId).execute();
}
