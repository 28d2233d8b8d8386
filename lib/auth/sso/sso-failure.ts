import { randomBytes } from "node:crypto";
import { APIError } from "better-auth";
import { isAPIError } from "better-auth/api";
import { safeReturnPath } from "@/lib/auth/return-path";
import { checkIssuer, type IssuerCheck } from "./issuer-discovery";
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

/** Starting a sign-in waits at most this long to learn the provider is down. */
const START_DISCOVERY_TIMEOUT_MS = 5_000;
/** While the provider is down, one answer serves every sign-in started this soon after it. */
const DOWN_REUSE_MS = 5_000;

let lastProbe: {
  issuer: string;
  at: number;
  check: Promise<IssuerCheck>;
  answer: IssuerCheck | null;
} | null = null;

/**
 * The issuer's discovery: sign-ins started together share one request, and a "down" answer
 * is reused for a few seconds. An "up" answer is not reused: right after an outage starts it
 * would send people to a dead page.
 */
function probe(issuer: string): Promise<IssuerCheck> {
  const now = Date.now();
  const reusable =
    lastProbe?.issuer === issuer &&
    (lastProbe.answer === null || (!lastProbe.answer.ok && now - lastProbe.at < DOWN_REUSE_MS));
  if (reusable) return lastProbe!.check;
  const started = {
    issuer,
    at: now,
    check: checkIssuer(issuer, START_DISCOVERY_TIMEOUT_MS),
    answer: null as IssuerCheck | null,
  };
  void started.check.then((answer) => {
    started.answer = answer;
  });
  lastProbe = started;
  return started.check;
}

/**
 * better-auth learns the provider's endpoints once, at start-up, and would send the browser on
 * to a provider that has since gone down: a dead page instead of an answer. Asking discovery
 * first keeps the person on the sign-in page with a message (and passwords, where they are on).
 */
export async function refuseIfIssuerDown(issuer: string): Promise<void> {
  const check = await probe(issuer);
  if (check.ok) return;
  console.warn(`[sso] sign-in not started: the identity provider ${check.problem}`);
  throw APIError.from("SERVICE_UNAVAILABLE", {
    code: "SSO_PROVIDER_UNREACHABLE",
    message: "The identity provider could not be reached.",
  });
}
