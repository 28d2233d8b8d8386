import "server-only";
import { withTimeout } from "@/lib/scheduling/with-timeout";
import { clerkBudget } from "./clerk-budget";
import { clerkClient } from "./clerk-client";
import { toClerkFailure } from "./to-clerk-failure";

/** How long one answer stands: a load balancer asking every few seconds costs Clerk little. */
const FRESH_FOR_MS = 15_000;
const TIMEOUT_MS = 3_000;

let last: { reachable: boolean; at: number } | null = null;
let asking: Promise<boolean> | null = null;

/**
 * Whether Clerk's Backend API answers this instance: any answer from Clerk (even a refusal)
 * counts, a network failure, a timeout or a 5xx does not. Asked at most every 15 s, from the
 * people's share of the budget; a call the budget holds back keeps the last answer.
 */
export async function clerkReachable(now = Date.now()): Promise<boolean> {
  if (last && now - last.at < FRESH_FOR_MS) return last.reachable;
  // Health checks arriving together (or an anonymous caller hammering the route) share one
  // question to Clerk instead of each spending the customer's budget.
  asking ??= ask(now).finally(() => (asking = null));
  return asking;
}

async function ask(now: number): Promise<boolean> {
  const reserved = await (await clerkBudget()).reserve("interactive", { maxWaitMs: 0 });
  if ("refused" in reserved) return last?.reachable ?? true;
  let reachable: boolean;
  try {
    await withTimeout(clerkClient().users.getCount(), TIMEOUT_MS);
    reachable = true;
  } catch (error) {
    const failure = toClerkFailure(error);
    reachable = failure.kind === "clerk" && failure.status < 500;
  }
  last = { reachable, at: now };
  return reachable;
}
