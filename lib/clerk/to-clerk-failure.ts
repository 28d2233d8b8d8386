import { isClerkAPIResponseError } from "@clerk/backend/errors";
import type { ClerkFailure } from "./clerk-failure";

/** Maps what the SDK threw: a Clerk error response, or (status-less) a failure to reach Clerk. */
export function toClerkFailure(error: unknown): ClerkFailure {
  if (isClerkAPIResponseError(error) && error.status !== undefined) {
    const first = error.errors[0];
    return {
      kind: "clerk",
      status: error.status,
      code: first?.code ?? "unknown_error",
      message:
        first?.longMessage || first?.message || error.message || `Clerk answered ${error.status}`,
      traceId: error.clerkTraceId || null,
      retryAfterSeconds: error.retryAfter ?? null,
    };
  }
  const detail = isClerkAPIResponseError(error)
    ? error.errors[0]?.message
    : error instanceof Error
      ? error.message
      : String(error);
  return {
    kind: "network",
    message: `Could not reach Clerk's Backend API (${detail || "no answer"}).`,
  };
}
