import { APIError } from "better-auth";
import { checkIssuer, type IssuerCheck } from "./issuer-discovery";

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
