import { APIError, betterAuth, type BetterAuthOptions } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import { getMigrations } from "better-auth/db/migration";
import { nextCookies } from "better-auth/next-js";
import { twoFactor } from "better-auth/plugins";
import { sql, type Kysely } from "kysely";
import { recordSignIn } from "./last-sign-in";
import { generateBackupCodes } from "./two-factor/backup-codes";
import { clientAddressesStamped } from "@/lib/config/client-address-stamp";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";
import type { ConsoleDb } from "@/lib/db/open-database";
import { recordWaitStarted, recordSelfChange, staffSnapshot } from "./auth-events";
import { parseSignInSettings, type SignInSettings } from "./sign-in-settings";
import {
  challengedAccount,
  challengedUser,
  type ChallengeContext,
} from "./two-factor/challenge-account";
import { forgetUsedSteps, refuseReusedCode } from "./two-factor/code-once";
import { applySsoRole, isSsoAccountByEmail, recordSsoAccountCreated } from "./sso/sso-sign-in";
import { ssoDecision } from "./sso/sso-decision";
import { normaliseEmail } from "./email-address";
import { failedCallbackRedirect, referencedFailure } from "./sso/sso-failure";
import { refuseIfIssuerDown } from "./sso/provider-probe";
import { SSO_ERROR_PATH, SSO_PROVIDER_ID, ssoPlugin, validateSsoUserInfo } from "./sso/sso-plugin";
import { beginSignInAttempt, forgetSignInAttempt } from "./sign-in-limits";
import { enforceSessionLifetimes } from "./session-activity";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./staff-fields";

const SIGN_IN = "/sign-in/email";
/** Where the single sign-on button starts: better-auth answers the provider's address. */
const SSO_START = "/sign-in/social";
/** A second factor tried at sign-in: counted against the same limits as passwords. */
const CODE_PATHS = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code"]);
/** The first right code from an authenticator app, which turns two-factor sign-in on. */
const ENABLE_CONFIRM = "/two-factor/verify-totp";
/** better-auth's OAuth callback, by its route (`/callback/:id`) or as requested. */
const isSsoCallback = (path: string | undefined) =>
  path === "/callback/:id" || path === `/callback/${SSO_PROVIDER_ID}`;

/**
 * Endpoints that make a session, or end one, or read it for currentStaff (which applies the
 * lifetimes itself): every other endpoint has the session it comes with checked first.
 */
const OWN_SESSION_CHECK = new Set([
  SIGN_IN,
  SSO_START,
  "/callback/:id",
  "/sign-out",
  "/get-session",
]);

/** Wrong password, unknown account and disabled account all answer exactly this. */
const invalidCredentials = () =>
  APIError.from("UNAUTHORIZED", {
    code: "INVALID_EMAIL_OR_PASSWORD",
    message: "Invalid email or password",
  });

/** The address scripts/serve.ts stamped on the request; "unknown" for in-process calls. */
function addressOf(headers: Headers | undefined): string {
  return (clientAddressesStamped() && headers?.get(CLIENT_ADDRESS_HEADER)) || "unknown";
}

/** A staff member may change their own name, within bounds, and nothing else of theirs. */
function checkSelfUpdate(body: unknown): void {
  const fields = Object.keys((body as object | undefined) ?? {});
  const name = (body as { name?: unknown } | undefined)?.name;
  const nameOk =
    typeof name === "string" && name.trim().length > 0 && name.length <= MAX_NAME_LENGTH;
  if (fields.some((f) => f !== "name") || !nameOk)
    throw APIError.from("BAD_REQUEST", {
      code: "ONLY_NAME_MAY_CHANGE",
      message: `Only your name may be changed here (1 to ${MAX_NAME_LENGTH} characters).`,
    });
}

/**
 * The account a sign-in step checks a secret of: the address given with a password, or the
 * account a two-factor code is tried for; null for any other endpoint.
 */
async function checkedAccount(ctx: ChallengeContext & { path?: string; body?: unknown }) {
  if (ctx.path === SIGN_IN) return accountOf(ctx.body);
  if (ctx.path && CODE_PATHS.has(ctx.path)) return challengedAccount(ctx);
  return null;
}

/** The account a password is tried for; what is not an address is still counted, as given. */
function accountOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  if (typeof email !== "string") return "";
  return normaliseEmail(email) ?? email.trim().toLowerCase().slice(0, 320);
}

export interface AuthSettings {
  secret: string;
  /** The dashboard's own origin, e.g. http://127.0.0.1:3000. */
  baseURL?: string;
  /** How staff sign in (SSO, passwords, session lifetimes); the defaults without it. */
  signIn?: SignInSettings;
}

const DEFAULT_SIGN_IN = parseSignInSettings({});

/**
 * better-auth for staff: email and password (unless turned off) and the one OpenID Connect
 * provider if configured, no self sign-up with a password, sessions and rate limits in the
 * console database (so several instances share them), and a role and a disabled flag on each
 * staff user.
 */
function authOptions(opened: ConsoleDb, settings: AuthSettings) {
  const signIn = settings.signIn ?? DEFAULT_SIGN_IN;
  const sso = signIn.sso;
  // better-auth's Kysely adapter takes any Kysely instance; its tables are not in our typed schema.
  const db = opened.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const kysely = opened.db;
  /** A right authenticator code is accepted once per account and time step (code-once.ts). */
  const refuseReusedTotp = async (ctx: Parameters<typeof getSessionFromCtx>[0]): Promise<void> => {
    // The account better-auth checks the code for: a session's, else the sign-in challenge's.
    const signedIn = await getSessionFromCtx(ctx);
    const userId = signedIn?.user.id ?? (await challengedUser(ctx))?.id;
    const code = (ctx.body as { code?: unknown } | undefined)?.code;
    if (userId) await refuseReusedCode(kysely, ctx.context, userId, code);
  };
  const lifetimes = {
    maxAgeSeconds: signIn.sessionMaxAgeSeconds,
    idleTimeoutSeconds: signIn.sessionIdleTimeoutSeconds,
  };
  return {
    appName: "Metadeck",
    secret: settings.secret,
    baseURL: settings.baseURL,
    database: { db, type: opened.kind, transaction: true },
    emailAndPassword: {
      enabled: signIn.passwordSignIn,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    user: {
      ...(sso ? { validateUserInfo: validateSsoUserInfo(sso, kysely) } : {}),
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    // The cookie and the session row last SESSION_MAX_AGE from sign-in, never extended; the
    // idle timeout is kept on each request from the session's last use (current-staff.ts).
    session: { expiresIn: signIn.sessionMaxAgeSeconds, disableSessionRefresh: true },
    // The identity provider has verified the address (validateUserInfo insists): an existing
    // staff account with that address becomes an SSO account.
    account: {
      accountLinking: {
        enabled: true,
        trustedProviders: [SSO_PROVIDER_ID],
        requireLocalEmailVerified: false,
      },
    },
    onAPIError: { errorURL: SSO_ERROR_PATH },
    rateLimit: {
      enabled: true,
      // In memory: the general limit is a per-process brake, and a database store would write a
      // row for every new (address, path) an anonymous caller invents.
      storage: "memory",
      window: 60,
      max: 200,
      // Sign-in has limits of its own that count failures only (lib/auth/sign-in-limits.ts).
      customRules: {
        [SIGN_IN]: false,
        // Starting single sign-on only sends the browser to the provider (which has its own
        // limits); better-auth's 3 in 10 s for sign-in paths would turn away an office at once.
        [SSO_START]: { window: 60, max: 30 },
        // Wrong codes count against the sign-in limits (per account, per address), not this.
        // Only the code checks: enabling and disabling take the password, and keep the
        // plugin's tight limit against guessing it with a stolen session.
        "/two-factor/verify-totp": { window: 60, max: 60 },
        "/two-factor/verify-backup-code": { window: 60, max: 60 },
      },
    },
    // Staff identities are managed by admins; only these self-service changes stay open.
    // Linking and unlinking a provider is an admin's act on /staff, never a person's own.
    disabledPaths: [
      "/change-email",
      "/delete-user",
      "/set-password",
      "/link-social",
      "/unlink-account",
    ],
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // better-auth's own endpoints for a signed-in person (change password, two-factor,
        // sessions) only know the maximum age: an idle session must not open them either.
        // First of all, so that no other check answers for a session that has ended.
        if (!OWN_SESSION_CHECK.has(ctx.path)) {
          const current = await getSessionFromCtx(ctx);
          if (
            current &&
            !(await enforceSessionLifetimes(
              ctx.context.internalAdapter,
              current.session,
              lifetimes,
            ))
          ) {
            // The browser forgets the cookie too (a thrown error carries only its own headers).
            deleteSessionCookie(ctx);
            throw new APIError(
              "UNAUTHORIZED",
              { code: "SESSION_ENDED", message: "Your session has ended. Sign in again." },
              ctx.responseHeaders,
            );
          }
        }
        if (ctx.path === "/update-user") return checkSelfUpdate(ctx.body);
        if (ctx.path === SSO_START) {
          // An ID token handed in by a browser skips the provider's userinfo and the callback's
          // checks: single sign-on is the redirect to the provider and back, nothing else.
          if ((ctx.body as { idToken?: unknown } | undefined)?.idToken !== undefined)
            throw APIError.from("BAD_REQUEST", {
              code: "ID_TOKEN_SIGN_IN_OFF",
              message: "Sign in through the identity provider's page.",
            });
          if (sso) return refuseIfIssuerDown(sso.issuer);
        }
        // better-auth's own revokeOtherSessions deadlocks on SQLite (a query outside its open
        // transaction waits for the one connection forever): the after hook revokes instead.
        if (ctx.path === "/change-password")
          return { context: { body: { ...(ctx.body as object), revokeOtherSessions: false } } };
        if (CODE_PATHS.has(ctx.path) && (ctx.body as { trustDevice?: unknown })?.trustDevice)
          throw APIError.from("BAD_REQUEST", {
            code: "TRUST_DEVICE_OFF",
            message: "Metadeck asks for a code at every sign-in: a device cannot be remembered.",
          });
        const account = await checkedAccount(ctx);
        // Confirming an app while signed in (enrolling) is no sign-in attempt, but its code is
        // spent all the same.
        if (account === null)
          return ctx.path === ENABLE_CONFIRM ? refuseReusedTotp(ctx) : undefined;
        // The attempt is counted before the password or code is checked, so parallel guesses
        // each see the ones before them; a success takes its row back in the after hook.
        const attempt = await beginSignInAttempt(
          kysely,
          account,
          addressOf(ctx.headers),
          Date.now(),
        );
        if (attempt.wait <= 0) {
          // Someone who signs in through the identity provider is let in or out there alone: a
          // password they once had must not keep them in after they leave its groups.
          if (ctx.path === SIGN_IN && sso && (await isSsoAccountByEmail(kysely, account)))
            throw invalidCredentials();
          if (ctx.path === ENABLE_CONFIRM) await refuseReusedTotp(ctx);
          return;
        }
        const seconds = String(Math.ceil(attempt.wait / 1000));
        throw new APIError(
          "TOO_MANY_REQUESTS",
          { code: "TOO_MANY_FAILED_SIGN_INS", message: "Too many failed sign-in attempts." },
          { "Retry-After": seconds, "X-Retry-After": seconds },
        );
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        const self = ctx.context.session;
        // A changed password ends every other session of that person, always.
        if (ctx.path === "/change-password" && !isAPIError(returned)) {
          if (!self) return;
          const sessions = await ctx.context.internalAdapter.listSessions(self.user.id);
          for (const other of sessions)
            if (other.token !== self.session.token)
              await ctx.context.internalAdapter.deleteSession(other.token);
          const unchanged = staffSnapshot(self.user);
          return recordSelfChange(
            kysely,
            self.user,
            "password_changed",
            unchanged,
            "Their other sessions were ended.",
          );
        }
        if (ctx.path === "/update-user" && !isAPIError(returned)) {
          if (!self) return;
          // The before hook let through a body with a valid name and nothing else.
          const name = String((ctx.body as { name: unknown }).name);
          return recordSelfChange(kysely, self.user, "name_changed", {
            ...staffSnapshot(self.user),
            name,
          });
        }
        if (isSsoCallback(ctx.path) && sso) {
          const made = ctx.context.newSession;
          if (made) {
            if (await applySsoRole(kysely, made.user, await ssoDecision(), sso)) return;
            // No decision of this sign-in's own for this account: the session may not stand.
            await ctx.context.internalAdapter.deleteSession(made.session.token);
            const undecided = new URL(`${SSO_ERROR_PATH}?error=sso_undecided`, "http://x.invalid");
            throw ctx.redirect(referencedFailure(undecided, { address: addressOf(ctx.headers) }));
          }
          // Refused or failed: the details go to the server log, a reference to the person.
          const failure = failedCallbackRedirect(returned);
          if (failure)
            throw ctx.redirect(referencedFailure(failure, { address: addressOf(ctx.headers) }));
          return;
        }
        // Signed in already and the first right code: that turned two-factor sign-in on.
        if (
          ctx.path === ENABLE_CONFIRM &&
          !isAPIError(returned) &&
          self &&
          !(self.user as { twoFactorEnabled?: unknown }).twoFactorEnabled
        )
          await recordSelfChange(
            kysely,
            self.user,
            "two_factor_turned_on",
            staffSnapshot(self.user),
          );
        // A new secret (setting up an app again): its codes have never been used.
        if (ctx.path === "/two-factor/enable" && !isAPIError(returned) && self)
          await forgetUsedSteps(kysely, self.user.id);
        if (ctx.path === "/two-factor/disable" && !isAPIError(returned) && self)
          return recordSelfChange(
            kysely,
            self.user,
            "two_factor_turned_off",
            staffSnapshot(self.user),
          );
        if (ctx.path !== SIGN_IN && !CODE_PATHS.has(ctx.path)) return;
        const address = addressOf(ctx.headers);
        // A right code spends its challenge and makes the session, whose account it was tried
        // for; a code tried with no challenge (enrolling) was never counted.
        const account =
          ctx.path === SIGN_IN
            ? accountOf(ctx.body)
            : (ctx.context.newSession?.user.email ?? (await checkedAccount(ctx)));
        if (account === null) return;
        if (!isAPIError(returned)) return forgetSignInAttempt(kysely, account, address);
        const code = (returned.body as { code?: string } | undefined)?.code;
        // A failure stays counted, and may be the one that starts a wait. (A refusal for
        // waiting is thrown by the before hook and never reaches this one.)
        await recordWaitStarted(kysely, account, address, async (email) => {
          const found = await ctx.context.internalAdapter.findUserByEmail(email);
          return found?.user.id ?? null;
        });
        // A disabled account with the right password must not be told apart from a wrong one.
        if (code === "FAILED_TO_CREATE_SESSION") throw invalidCredentials();
      }),
    },
    databaseHooks: {
      user: {
        create: {
          after: async (user, ctx) => {
            if (isSsoCallback(ctx?.path)) await recordSsoAccountCreated(kysely, user);
          },
        },
      },
      session: {
        create: {
          // A disabled account gets no new session, whatever its password.
          before: async (session) => {
            const row = await sql<{ disabled: number | boolean | null }>`
              SELECT "disabled" FROM "user" WHERE "id" = ${session.userId}`.execute(db);
            return row.rows[0]?.disabled ? false : undefined;
          },
          // A session made for a request that had none is a sign-in; one made for a signed-in
          // request (turning two-factor on or off renews it) is not.
          after: async (session, ctx) => {
            if (!ctx?.context.session) await recordSignIn(kysely, session.userId, Date.now());
          },
        },
      },
    },
    // The address scripts/serve.ts worked out (never a client's X-Forwarded-For as such).
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    telemetry: { enabled: false },
    plugins: [
      // TOTP with backup codes, for password accounts; turning it on needs the password.
      twoFactor({
        issuer: "Metadeck",
        backupCodeOptions: { customBackupCodesGenerate: () => generateBackupCodes(10) },
      }),
      ...(sso ? [ssoPlugin(sso)] : []),
      nextCookies(),
    ],
  } satisfies BetterAuthOptions;
}

export function createAuth(opened: ConsoleDb, settings: AuthSettings) {
  return betterAuth(authOptions(opened, settings));
}

export type StaffAuth = ReturnType<typeof createAuth>;

/** Creates or extends better-auth's tables; its CLI does not run on Node 20, so this runs in code. */
export async function migrateAuthSchema(opened: ConsoleDb): Promise<void> {
  const settings = {
    secret: "migration-only-secret-not-used-to-sign",
    baseURL: "http://127.0.0.1",
  };
  const { runMigrations } = await getMigrations(authOptions(opened, settings));
  await runMigrations();
}
