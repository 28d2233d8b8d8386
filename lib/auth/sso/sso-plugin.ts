import { genericOAuth } from "better-auth/plugins";
import { sql, type Kysely } from "kysely";
import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { admit, SSO_REFUSALS } from "./sso-admission";
import { rememberSsoDecision } from "./sso-decision";
import { discoveryUrl } from "./issuer-discovery";
import { signInProfile, userInfoEndpoint } from "./sign-in-claims";

/** The provider's id in better-auth: its callback is `<BETTER_AUTH_URL>/api/auth/callback/oidc`. */
export const SSO_PROVIDER_ID = "oidc";

/** Where a person's browser lands when single sign-on is refused or fails; it reads `?error=`. */
export const SSO_ERROR_PATH = "/sign-in";

/**
 * better-auth's generic OAuth plugin for the one OpenID Connect provider: discovery, the
 * authorization code flow with PKCE, `state` and `nonce`, and the ID token's signature, issuer,
 * audience and expiry checked against the provider's published keys. A provider whose discovery
 * gives no keys to check ID tokens with is not offered at all. The person's claims are the ID
 * token's and the userinfo response's of the same sign-in (sign-in-claims.ts).
 */
export function ssoPlugin(settings: SsoSettings) {
  return genericOAuth({
    config: [
      {
        providerId: SSO_PROVIDER_ID,
        name: settings.name,
        discoveryUrl: discoveryUrl(settings.issuer),
        requireIdTokenVerification: true,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        scopes: settings.scopes,
        pkce: true,
        getUserInfo: (tokens) => signInProfile(tokens, () => userInfoEndpoint(settings.issuer)),
        // The provider's name for the person follows them; their role is set after sign-in.
        overrideUserInfo: true,
      },
    ],
  });
}

type AnyDb = Kysely<ConsoleDatabase>;

interface ValidationData {
  user?: { id?: unknown };
  source: {
    method: string;
    action?: string;
    oauth?: { providerId: string; profile?: Record<string, unknown> };
  };
}

/** The provider subjects linked to a staff account (one at most, once this gate has held). */
async function linkedSubjects(db: AnyDb, userId: string): Promise<string[]> {
  const found = await sql<{ accountId: string }>`
    SELECT "accountId" FROM "account" WHERE "userId" = ${userId} AND "providerId" = ${SSO_PROVIDER_ID}
  `.execute(db);
  return found.rows.map((row) => String(row.accountId));
}

/**
 * better-auth's `user.validateUserInfo`: every SSO sign-in (first or later, and a link to an
 * existing account) is admitted afresh from this sign-in's verified claims, before any account
 * is created or any session made. A new subject is never linked to an account that already has
 * another one: the address may have passed to someone else. The decision is kept for the after
 * hook, which applies its role. A refusal redirects to the sign-in page with its code.
 */
export function validateSsoUserInfo(settings: SsoSettings, db: AnyDb) {
  return async (data: ValidationData) => {
    if (data.source.method !== "oauth" || data.source.oauth?.providerId !== SSO_PROVIDER_ID) return;
    // SSO switched off since this account was linked: nothing about it may be trusted now.
    if (!settings)
      return { error: "sso_not_configured", errorDescription: "Single sign-on is off." };
    const profile = data.source.oauth.profile ?? {};
    const admission = admit(profile, settings);
    if (!admission.ok) return { error: admission.code, errorDescription: admission.message };
    const subject = typeof profile.sub === "string" ? profile.sub : "";
    if (data.source.action === "link-account" && typeof data.user?.id === "string") {
      const others = (await linkedSubjects(db, data.user.id)).filter((s) => s !== subject);
      if (others.length > 0)
        return {
          error: "sso_subject_conflict",
          errorDescription: SSO_REFUSALS.sso_subject_conflict,
        };
    }
    await rememberSsoDecision({ subject, role: admission.role });
  };
}
