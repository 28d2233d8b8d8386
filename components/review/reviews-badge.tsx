"use client";

import { useQuery } from "@tanstack/react-query";
import { reviewsWaitingQuery } from "@/lib/query/review-queries";

/** The count of requests waiting for the signed-in person's approval, beside "Reviews". */
export function ReviewsBadge({ initial }: { initial: number }) {
  const waiting = useQuery({ ...reviewsWaitingQuery(), initialData: { count: initial } });
  const count = waiting.data.count;
  if (count === 0) return null;
  return (
    <span
      data-testid="reviews-badge"
      className="ml-1 inline-flex min-w-5 justify-center rounded-full bg-amber-200 px-1.5 text-xs font-semibold text-amber-950"
    >
      {count}
      <span className="sr-only"> waiting for your approval</span>
    </span>
  );
}
