import type { UserFilter } from "@/lib/clerk/users";
import type { CallBudget, CallPermit } from "@/lib/scheduling/call-budget";
import type { Clock } from "@/lib/scheduling/clock";
import type { UserLister } from "./resolve-targets";
import { decideRetry } from "./retry-policy";

/** Lists users with calls already counted against the budget (`listFullUsers` with a permit). */
export type PaidUserLister = (
  filter: UserFilter,
  page: { limit: number; offset: number },
  permit: CallPermit,
) => ReturnType<UserLister>;

/**
 * A lister whose calls count against the bulk share of the Clerk budget (each SDK page is two
 * requests: the list and its count) and which retries 429s, 5xx and network failures like the
 * writes do.
 */
export function pacedLister(
  list: PaidUserLister,
  budget: CallBudget,
  clock: Clock,
  random?: () => number,
): UserLister {
  return async (filter, page) => {
    for (let attempt = 1; ; attempt++) {
      const reserved = await budget.reserve("bulk", { calls: 2 });
      if ("refused" in reserved)
        throw new Error("A bulk reservation without a signal never ends refused");
      const result = await list(filter, page, reserved.permit);
      if (result.ok) return result;
      const decision = decideRetry(result.error, attempt, random);
      if (decision.kind === "give_up") return result;
      await clock.sleep(decision.afterMs);
    }
  };
}
