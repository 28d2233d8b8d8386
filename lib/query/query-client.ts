import { isServer, QueryClient } from "@tanstack/react-query";
import { ReadError } from "./fetch-json";

/**
 * One retry for what may pass (the network, Clerk, a session's reads all running), none for
 * what the same request will meet again: a filter that does not parse, or one too expensive to
 * run (a retry would spend its whole budget a second time).
 */
function retryOnce(failures: number, error: Error): boolean {
  if (
    error instanceof ReadError &&
    ["invalid_filter", "too_expensive"].includes(error.failure.kind)
  )
    return false;
  return failures < 1;
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Above zero, so data prefetched on the server is not refetched at once in the browser.
      queries: { staleTime: 30_000, retry: retryOnce },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A fresh client per server request; one client for the life of the browser tab. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
