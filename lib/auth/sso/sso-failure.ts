import { randomBytes } from "node:crypto";
import { APIError } from "better-auth";
import { isAPIError } from "better-auth/api";
import { checkIssuer } from "./issuer-discovery";

/**
 * A single sign-on callback that ended in a redirect with `?error=`: the provider's answer
 * failed a check (state, code, ID token, admission). Null for any other outcome.
 */
export function failedCallbackRedirect(returned: unknown): URL | null {
  if (!isAPIError(returned) || returned.statusCode !== 302) return null;
  const location = new Headers(returned.headers ?? undefined).get("location");
  if (!location) return null;
  const url = new URL(location, "http://relative.invalid");
  return url.searchParams.has("error") ? url : null;
}

/**
 * Sends the person on to the sign-in page with a reference instead of the details, and writes
 * the details to the server log under that reference, for whoever they ask to look.
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
  failure.searchParams.delete("error_description");
  failure.searchParams.set("ref", reference);
  return failure.origin === "http://relative.invalid"
    ? `${failure.pathname}${failure.search}`
    : failure.toString();
}

/** Starting a sign-in waits at most this long to learn the provider is down. */
const START_DISCOVERY_TIMEOUT_MS = 3_000;

/**
 * better-auth learns the provider's endpoints once, at start-up, and would send the browser on
 * to a provider that has since gone down: a dead page instead of an answer. Asking discovery
 * first keeps the person on the sign-in page with a message (and passwords, where they are on).
 */
export async function refuseIfIssuerDown(issuer: string): Promise<void> {
  const check = await checkIssuer(issuer, START_DISCOVERY_TIMEOUT_MS);
  if (check.ok) return;
  console.warn(`[sso] sign-in not started: the identity provider ${check.problem}`);
  throw APIError.from("SERVICE_UNAVAILABLE", {
    code: "SSO_PROVIDER_UNREACHABLE",
    message: "The identity provider could not be reached.",
  });
}
