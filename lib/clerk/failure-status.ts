import type { ClerkFailure } from "./clerk-failure";

/** The HTTP status a route handler answers with when a Clerk call failed. */
export function failureStatus(failure: ClerkFailure): number {
  return failure.kind === "clerk" ? failure.status : 502;
}
