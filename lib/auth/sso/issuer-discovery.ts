import { z } from "zod";

/** Where an OpenID Connect issuer publishes its endpoints and keys (OpenID Connect Discovery). */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
}

/** What single sign-on needs from discovery: the ID token is checked against `jwks_uri`. */
const discoveryDocument = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.string().min(1),
  token_endpoint: z.string().min(1),
  jwks_uri: z.string().min(1),
});

export type IssuerCheck = { ok: true } | { ok: false; problem: string };

const sameIssuer = (a: string, b: string) => a.replace(/\/$/, "") === b.replace(/\/$/, "");

/**
 * Fetches the issuer's discovery document and checks it can carry a sign-in: reachable within
 * `timeoutMs`, JSON with the endpoints and keys, and naming this very issuer (an ID token from
 * any other would be refused). The problem, if any, is a phrase for a person to act on.
 */
export async function checkIssuer(issuer: string, timeoutMs: number): Promise<IssuerCheck> {
  const url = discoveryUrl(issuer);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { Accept: "application/json" },
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${timeoutMs / 1000} s`}`
        : networkReason(error);
    return { ok: false, problem: `could not be reached at ${url} (${reason})` };
  }
  if (!response.ok) return { ok: false, problem: `answered HTTP ${response.status} at ${url}` };
  const body: unknown = await response.json().catch(() => null);
  if (typeof body !== "object" || body === null)
    return { ok: false, problem: `answered something other than JSON at ${url}` };
  const parsed = discoveryDocument.safeParse(body);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    return {
      ok: false,
      problem: `has no usable OpenID Connect discovery document at ${url} (${missing} missing)`,
    };
  }
  if (!sameIssuer(parsed.data.issuer, issuer))
    return {
      ok: false,
      problem: `calls itself "${parsed.data.issuer}" in its discovery document; OIDC_ISSUER must be exactly that`,
    };
  return { ok: true };
}

/** fetch's own message is "fetch failed"; the system's reason (ECONNREFUSED, ENOTFOUND) is its cause. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
