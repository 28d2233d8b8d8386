import type { FlagSlot } from "@/lib/flags/flag-values";
import { patternMatches } from "./path-pattern";
import type { ReviewRule } from "./review-policy-schema";

/**
 * The rules that cover a catalogued flag: its key, or the `features` object or bag above it
 * (setting the flag changes those too). Any change of such a flag waits for their approval.
 */
export function rulesCoveringFlag(rules: ReviewRule[], flag: FlagSlot): ReviewRule[] {
  const keys = ["features", flag.key];
  return rules.filter((rule) =>
    rule.paths.some((pattern) =>
      [0, 1, 2].some((depth) => patternMatches(pattern, flag.location, keys.slice(0, depth))),
    ),
  );
}
