/** What of better-auth's endpoint context finding a two-factor challenge's account needs. */
export interface ChallengeContext {
  getSignedCookie(name: string, secret: string): Promise<string | null | false>;
  context: {
    secret: string;
    createAuthCookie(name: string): { name: string };
    internalAdapter: {
      findVerificationValue(identifier: string): Promise<{ value: string } | null | undefined>;
      findUserById(id: string): Promise<{ email: string } | null | undefined>;
    };
  };
}

/** better-auth's cookie for a sign-in waiting for its second factor (the two-factor plugin's). */
const TWO_FACTOR_COOKIE = "two_factor";

/**
 * The account a two-factor code is being tried for at sign-in: the one whose password was right
 * and whose challenge the browser's signed cookie names. Null when there is no live challenge: a
 * signed-in person confirming their app while enrolling, or a forged or expired cookie, which
 * better-auth refuses without looking at the code.
 */
export async function challengedUser(
  ctx: ChallengeContext,
): Promise<{ id: string; email: string } | null> {
  const cookie = ctx.context.createAuthCookie(TWO_FACTOR_COOKIE);
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!identifier) return null;
  const challenge = await ctx.context.internalAdapter.findVerificationValue(identifier);
  if (!challenge) return null;
  const user = await ctx.context.internalAdapter.findUserById(challenge.value);
  return user ? { id: challenge.value, email: user.email.toLowerCase() } : null;
}

/** The address of the account a two-factor code is being tried for at sign-in (see above). */
export async function challengedAccount(ctx: ChallengeContext): Promise<string | null> {
  return (await challengedUser(ctx))?.email ?? null;
}
