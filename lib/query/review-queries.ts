import { queryOptions } from "@tanstack/react-query";
import { fetchJson } from "./fetch-json";

/** How many change requests wait for the signed-in person: the header's badge. */
export const REVIEWS_WAITING_KEY = ["reviews", "waiting"] as const;

export function reviewsWaitingQuery() {
  return queryOptions({
    queryKey: REVIEWS_WAITING_KEY,
    queryFn: ({ signal }) => fetchJson<{ count: number }>("/api/reviews/waiting", signal),
    // New requests arrive from other people: looked for again now and then, and on return.
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
  });
}
