import type { BagPatch, Bags } from "@/lib/metadata/bags";
import type { MetadataPath } from "@/lib/metadata/path";
import { changedPaths } from "./changed-paths";
import { patternMatches } from "./path-pattern";
import type { ReviewRule } from "./review-policy-schema";

/** A rule a change falls under, and the changed paths that put it there. */
export interface TouchedRule {
  rule: ReviewRule;
  paths: MetadataPath[];
}

/**
 * The rules a merge patch falls under on these documents, in the policy's order: a rule applies
 * when any path its patterns cover changes (see `changedPaths`: deleting a protected key, or
 * replacing an object that holds one, changes it too).
 */
export function rulesTouched(rules: ReviewRule[], before: Bags, patch: BagPatch): TouchedRule[] {
  const changed = changedPaths(before, patch);
  return rules.flatMap((rule) => {
    const paths = changed.filter((path) =>
      rule.paths.some((pattern) => patternMatches(pattern, path.bag, path.keys)),
    );
    return paths.length > 0 ? [{ rule, paths }] : [];
  });
}
