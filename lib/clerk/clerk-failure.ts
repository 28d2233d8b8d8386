import type { Failure } from "@/lib/result/result";

/**
 * A failed Backend API call, as a value the UI can show. No SDK import here: the browser shows
 * these too.
 */
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

/** Clerk's answer to a call it refused, with its status, code and trace id. */
export type ClerkErrorResponse = Extract<ClerkFailure, { kind: "clerk" }>;

/** The Clerk error response behind a failure, if Clerk answered one ("clerk" is only ever its kind). */
export function clerkErrorOf(failure: Failure | null): ClerkErrorResponse | null {
  return failure?.kind === "clerk" ? (failure as ClerkErrorResponse) : null;
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
