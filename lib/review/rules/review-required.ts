import type { BagPatch, Bags } from "@/lib/metadata/bags";
import { formatMetadataPath } from "@/lib/metadata/path";
import type { RequestRule } from "./change-request";
import type { ReviewRule } from "./review-policy-schema";
import { rulesTouched, type TouchedRule } from "./rules-touched";

/** A write refused because review rules cover it: which rules, and who may approve. */
export interface ReviewRequired {
  kind: "review_required";
  message: string;
  rules: RequestRule[];
}

/** What a request keeps of each rule it falls under. */
export function requestRules(touched: TouchedRule[]): RequestRule[] {
  return touched.map(({ rule, paths }) => ({
    name: rule.name,
    approvers: rule.approvers,
    approvals: rule.approvals,
    note: rule.note,
    paths: paths.map(formatMetadataPath),
  }));
}

/** "Roles (admin), Billing (2 of admin or support)": each rule and who must approve it. */
export function describeRules(rules: RequestRule[]): string {
  return rules
    .map((rule) => {
      const who = rule.approvers.join(" or ");
      return `${rule.name} (${rule.approvals > 1 ? `${rule.approvals} approvals from ${who}` : who})`;
    })
    .join(", ");
}

/** Why this patch may not be written directly, or null when no rule covers it. */
export function reviewRequiredFailure(
  rules: ReviewRule[],
  before: Bags,
  patch: BagPatch,
): ReviewRequired | null {
  const touched = requestRules(rulesTouched(rules, before, patch));
  if (touched.length === 0) return null;
  return {
    kind: "review_required",
    message: `Not saved: this change needs approval under ${describeRules(touched)}. Request a review instead.`,
    rules: touched,
  };
}
