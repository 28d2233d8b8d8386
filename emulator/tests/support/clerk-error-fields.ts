import { isClerkAPIResponseError } from "@clerk/backend/errors";

/** What a test checks on the SDK's ClerkAPIResponseError. */
export function clerkErrorFields(error: unknown) {
  if (!isClerkAPIResponseError(error))
    throw new Error(`not a ClerkAPIResponseError: ${String(error)}`);
  const first = error.errors[0];
  return {
    status: error.status,
    code: first?.code,
    paramName: first?.meta?.paramName,
    retryAfter: error.retryAfter,
    clerkTraceId: error.clerkTraceId,
  };
}
