import { decodeJwt } from "jose";
import { z } from "zod";
import { normaliseEmail } from "@/lib/auth/email-address";
import { discoveryUrl } from "./issuer-discovery";

/** What a sign-in's claims are read from: the tokens the provider's token endpoint returned. */
export interface SignInTokens {
  accessToken?: string | undefined;
  idToken?: string | undefined;
}

export type Claims = Record<string, unknown>;

const USERINFO_TIMEOUT_MS = 10_000;

const discovered = z.object({ userinfo_endpoint: z.string().url().optional() });

/** Each issuer's userinfo endpoint once read: discovery does not change under a running server. */
const endpoints = new Map<string, string | null>();

/**
 * The provider's userinfo endpoint, from its discovery document; null when it has none. Read at
 * the first sign-in and kept; a failed read is tried again at the next.
 */
export async function userInfoEndpoint(issuer: string): Promise<string | null> {
  const known = endpoints.get(issuer);
  if (known !== undefined) return known;
  const response = await fetch(discoveryUrl(issuer), {
    headers: { Accept: "application/json" },
    signal: AbortSignal.timeout(USERINFO_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
  const endpoint = discovered.parse(await response.json()).userinfo_endpoint ?? null;
  endpoints.set(issuer, endpoint);
  return endpoint;
}

/** The userinfo response for this sign-in's access token (a JSON object), or why not. */
async function fetchUserInfo(endpoint: string, accessToken: string): Promise<Claims> {
  const response = await fetch(endpoint, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
    signal: AbortSignal.timeout(USERINFO_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`userinfo answered HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new Error("userinfo answered something other than a JSON object");
  return body as Claims;
}

/**
 * The claims of one sign-in: the ID token's (better-auth has checked its signature, issuer,
 * audience, expiry and nonce before this runs) together with the userinfo response for the
 * access token of the same exchange. Where both carry a claim, the ID token's wins: it is signed
 * by the provider's key, the userinfo answer only comes over the connection. A conformant
 * provider puts scope claims such as `groups` in userinfo alone (OpenID Connect Core §5.4), so
 * both are always read. A userinfo answer about another subject, or none when the provider has
 * the endpoint, fails the sign-in rather than decide a role on half the claims.
 */
export function mergeSignInClaims(idToken: Claims, userInfo: Claims | null): Claims {
  if (userInfo && userInfo.sub !== idToken.sub)
    throw new Error("userinfo describes another subject than the ID token");
  return { ...(userInfo ?? {}), ...idToken };
}

/**
 * better-auth's `getUserInfo` for the provider: the merged claims in the shape it stores, with
 * the address normalised (so lookup and storage see the one spelling admission approved).
 * Null, so the sign-in fails, without an ID token or when userinfo cannot be read.
 */
export async function signInProfile(
  tokens: SignInTokens,
  userInfoAt: () => Promise<string | null>,
  log: (line: string) => void = (line) => console.warn(line),
) {
  if (!tokens.idToken) {
    log("[sso] the provider returned no ID token; single sign-on needs one");
    return null;
  }
  try {
    const idClaims = decodeJwt(tokens.idToken) as Claims;
    const endpoint = tokens.accessToken ? await userInfoAt() : null;
    const userInfo =
      endpoint && tokens.accessToken ? await fetchUserInfo(endpoint, tokens.accessToken) : null;
    const claims = mergeSignInClaims(idClaims, userInfo);
    const sub = typeof claims.sub === "string" ? claims.sub : "";
    return {
      ...claims,
      id: sub,
      sub,
      // An address that does not normalise stays as given: admission refuses it, saying why.
      email: normaliseEmail(claims.email) ?? (typeof claims.email === "string" ? claims.email : ""),
      emailVerified: claims.email_verified === true || claims.email_verified === "true",
      name: typeof claims.name === "string" ? claims.name : undefined,
      image: typeof claims.picture === "string" ? claims.picture : undefined,
    };
  } catch (error) {
    log(`[sso] the sign-in's claims could not be read: ${(error as Error).message}`);
    return null;
  }
}
