/** PostgreSQL's "canceling statement due to statement timeout". */
const QUERY_CANCELED = "57014";
const OVER_BUDGET = "METADECK_READ_OVER_BUDGET";

/**
 * A read of the user index that ran past its budget (INDEX_READ_BUDGET_MS) and was stopped:
 * the filter is too expensive, which the person is told in a sentence, never as a 500.
 */
export class ReadOverBudget extends Error {
  // Told by its code, not its class: Next.js may load this module once per bundle layer (route
  // handlers, server actions) while the readers that throw it are one per process.
  readonly code = OVER_BUDGET;

  constructor(budgetMs: number) {
    super(`The read ran past its budget of ${budgetMs} ms and was stopped.`);
    this.name = "ReadOverBudget";
  }
}

/** Whether a failed index read was stopped for its budget, on either database. */
export function isOverReadBudget(error: unknown): boolean {
  const code =
    typeof error === "object" && error !== null ? (error as { code?: unknown }).code : null;
  return code === OVER_BUDGET || code === QUERY_CANCELED;
}
