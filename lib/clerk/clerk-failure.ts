import { isClerkAPIResponseError } from "@clerk/backend/errors";

/** A failed Backend API call, as a value the UI can show. */
export type ClerkFailure =
  | {
      kind: "clerk";
      status: number;
      code: string;
      message: string;
      traceId: string | null;
      retryAfterSeconds: number | null;
    }
  | { kind: "network"; message: string };

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

export function describeFailure(failure: ClerkFailure): string {
  if (failure.kind === "network") return failure.message;
  const wait =
    failure.retryAfterSeconds !== null ? ` Try again in ${failure.retryAfterSeconds} s.` : "";
  return `Clerk answered ${failure.status} ${failure.code}: ${failure.message}.${wait}`.replace(
    "..",
    ".",
  );
}
