import { isServer, QueryClient } from "@tanstack/react-query";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Above zero, so data prefetched on the server is not refetched at once in the browser.
      queries: { staleTime: 30_000, retry: 1 },
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
