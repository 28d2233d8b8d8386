import type { Clock } from "./clock";
import type { RateLimiter } from "./rate-limiter";
import type { UserLister } from "./resolve-targets";
import { decideRetry } from "./retry-policy";

/**
 * A lister whose calls count against the bulk budget (each SDK page is two requests: the list
 * and its count) and which retries 429s, 5xx and network failures like the writes do.
 */
export function pacedLister(
  list: UserLister,
  limiter: RateLimiter,
  clock: Clock,
  random?: () => number,
): UserLister {
  return async (filter, page) => {
    for (let attempt = 1; ; attempt++) {
      await limiter.acquire();
      await limiter.acquire();
      const result = await list(filter, page);
      if (result.ok) return result;
      const decision = decideRetry(result.error, attempt, random);
      if (decision.kind === "give_up") return result;
      await clock.sleep(decision.afterMs);
    }
  };
}
