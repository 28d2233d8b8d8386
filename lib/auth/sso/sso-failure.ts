import { randomBytes } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { safeReturnPath } from "@/lib/auth/return-path";
import { SSO_ERROR_PATH, SSO_PROVIDER_ID } from "./sso-plugin";

/**
 * A single sign-on callback that ended in a redirect with `?error=`: the provider's answer
 * failed a check (state, code, ID token, admission). Null for any other outcome, and for
 * better-auth's own hop from a form-post callback to the same callback by GET (that GET is the
 * one that fails, and is referenced).
 */
export function failedCallbackRedirect(returned: unknown): URL | null {
  if (!isAPIError(returned) || returned.statusCode !== 302) return null;
  const location = new Headers(returned.headers ?? undefined).get("location");
  if (!location) return null;
  const url = new URL(location, "http://relative.invalid");
  if (!url.searchParams.has("error")) return null;
  return url.pathname.endsWith(`/callback/${SSO_PROVIDER_ID}`) ? null : url;
}

/**
 * Where the person goes instead: always this dashboard's sign-in page, with the error code,
 * a reference, and the page they were going to. Nothing else of better-auth's address is kept:
 * the error address comes from whoever started the sign-in, and better-auth lets a crafted one
 * (`/.//elsewhere.example`) lead off the site. The details go to the server log under the
 * reference, for whoever the person asks to look.
 */
export function referencedFailure(
  failure: URL,
  context: { address: string; log?: (line: string) => void },
): string {
  const reference = randomBytes(6).toString("hex");
  const error = failure.searchParams.get("error") ?? "";
  const description = failure.searchParams.get("error_description");
  const log = context.log ?? ((line: string) => console.warn(line));
  log(
    `[sso] sign-in failed, reference ${reference}: ${JSON.stringify({
      error,
      description,
      address: context.address,
    })}`,
  );
  const next = safeReturnPath(failure.searchParams.get("next"));
  return `${SSO_ERROR_PATH}?${new URLSearchParams({ next, error, ref: reference })}`;
}
