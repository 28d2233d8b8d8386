import { genericOAuth } from "better-auth/plugins";
import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import { admit } from "./sso-admission";
import { discoveryUrl } from "./issuer-discovery";

/** The provider's id in better-auth: its callback is `<BETTER_AUTH_URL>/api/auth/callback/oidc`. */
export const SSO_PROVIDER_ID = "oidc";

/** Where a person's browser lands when single sign-on is refused or fails; it reads `?error=`. */
export const SSO_ERROR_PATH = "/sign-in";

/**
 * better-auth's generic OAuth plugin for the one OpenID Connect provider: discovery, the
 * authorization code flow with PKCE, `state` and `nonce`, and the ID token's signature, issuer,
 * audience and expiry checked against the provider's published keys. A provider whose discovery
 * gives no keys to check ID tokens with is not offered at all.
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
        // The provider's name for the person follows them; their role is set after sign-in.
        overrideUserInfo: true,
      },
    ],
  });
}

/**
 * better-auth's `user.validateUserInfo`: every SSO sign-in (first or later, and a link to an
 * existing account) is admitted afresh from the verified ID token's claims, before any account
 * is created or any session made. A refusal redirects to the sign-in page with its code.
 */
export function validateSsoUserInfo(settings: SsoSettings) {
  return (data: {
    source: { method: string; oauth?: { providerId: string; profile?: Record<string, unknown> } };
  }) => {
    if (data.source.method !== "oauth" || data.source.oauth?.providerId !== SSO_PROVIDER_ID) return;
    // SSO switched off since this account was linked: nothing about it may be trusted now.
    if (!settings)
      return { error: "sso_not_configured", errorDescription: "Single sign-on is off." };
    const admission = admit(data.source.oauth.profile ?? {}, settings);
    return admission.ok
      ? undefined
      : { error: admission.code, errorDescription: admission.message };
  };
}
