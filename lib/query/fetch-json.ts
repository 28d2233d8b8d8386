import type { ClerkFailure } from "@/lib/clerk/clerk-failure";

/** What a read route answers when it fails: Clerk's failure, or a plain message. */
export type ReadFailure =
  | ClerkFailure
  | { kind: "not_found" | "http"; message: string }
  /** A `where` filter the server could not read, and where (a 0-based offset). */
  | { kind: "invalid_filter"; message: string; position: number }
  /** An index read stopped at its budget, one more than a person may run, or a reader that stopped. */
  | { kind: "too_expensive" | "busy" | "unavailable"; message: string };

export class ReadError extends Error {
  constructor(readonly failure: ReadFailure) {
    super("message" in failure ? failure.message : "Request failed");
  }
}

/** Browser-side GET of one of the app's read routes; failures become a ReadError with the details. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ReadError({
      kind: "network",
      message: "Could not reach the Metadeck server. Check your connection.",
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const failure = (body as { error?: ReadFailure } | null)?.error;
    throw new ReadError(
      failure ?? { kind: "http", message: `The server answered ${response.status}.` },
    );
  }
  return body as T;
}

/** The failure to show for whatever a read threw. */
export function readFailureOf(error: unknown): ReadFailure {
  return error instanceof ReadError ? error.failure : { kind: "http", message: String(error) };
}
