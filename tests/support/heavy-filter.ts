import { MAX_FILTER_LENGTH } from "@/lib/user-filter/parse-filter";

const BAGS = ["public_metadata", "private_metadata", "unsafe_metadata"] as const;

/**
 * As costly a filter as the grammar accepts: as many `or`-ed `contains`, each on a path of its
 * own (so no engine can share one parse of a document between them), as fit in the length limit.
 * No user matches it, so every term is evaluated for every user.
 */
export function heavyFilter(maxLength = MAX_FILTER_LENGTH): string {
  const terms: string[] = [];
  for (let n = 0; ; n++) {
    const term = `${BAGS[n % BAGS.length]}.notes_${n} contains "needle-${n}"`;
    if ([...terms, term].join(" or ").length > maxLength) return terms.join(" or ");
    terms.push(term);
  }
}
