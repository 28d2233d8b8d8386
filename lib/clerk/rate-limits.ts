import type { RateLimit } from "@/lib/scheduling/call-budget";

/**
 * Clerk's Backend API limits: per instance, 100 requests per 10 s in development and 1000 in
 * production (see https://clerk.com/docs/backend-requests/resources/rate-limits).
 */
export const CLERK_INSTANCE_LIMITS = {
  dev: { requests: 100, windowMs: 10_000 },
  prod: { requests: 1000, windowMs: 10_000 },
} as const satisfies Record<string, RateLimit>;
