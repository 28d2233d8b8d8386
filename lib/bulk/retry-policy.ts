import type { ClerkFailure } from "@/lib/clerk/clerk-failure";

export const MAX_ATTEMPTS = 6;
const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;

export type RetryDecision =
  { kind: "retry"; afterMs: number; verifyFirst: boolean } | { kind: "give_up"; reason: string };

/**
 * What to do after a failed write. 429: wait as long as Clerk says (Retry-After), then retry.
 * 5xx and network failures: back off exponentially with jitter; since such a write may or may
 * not have landed, check the user before writing again. Other 4xx: the request itself is wrong,
 * so retrying cannot help.
 */
export function decideRetry(
  failure: ClerkFailure,
  attempts: number,
  random: () => number = Math.random,
): RetryDecision {
  if (attempts >= MAX_ATTEMPTS)
    return { kind: "give_up", reason: `gave up after ${attempts} attempts: ${failure.message}` };
  if (failure.kind === "clerk" && failure.status === 429) {
    const seconds = failure.retryAfterSeconds ?? 1;
    return { kind: "retry", afterMs: seconds * 1000, verifyFirst: false };
  }
  const transient =
    failure.kind === "network" || (failure.kind === "clerk" && failure.status >= 500);
  if (!transient) return { kind: "give_up", reason: failure.message };
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempts - 1));
  return {
    kind: "retry",
    afterMs: exponential / 2 + random() * (exponential / 2),
    verifyFirst: true,
  };
}
