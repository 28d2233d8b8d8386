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

const READER_STOPPED = "METADECK_READER_STOPPED";
/** PostgreSQL's operator interventions: a connection ended by an administrator or a crash. */
const CONNECTION_ENDED = new Set(["57P01", "57P02", "57P03"]);

/**
 * A reader that ended before it answered, not at its budget (killed from outside, out of
 * memory): the read did not happen, through no fault of the filter, and may be tried again.
 */
export class ReaderStopped extends Error {
  // By its code, as ReadOverBudget.
  readonly code = READER_STOPPED;

  constructor(how: string) {
    super(`The index reader stopped (${how}).`);
    this.name = "ReaderStopped";
  }
}

/** Whether a failed index read failed because its reader or connection ended, on either database. */
export function isReaderStopped(error: unknown): boolean {
  const code =
    typeof error === "object" && error !== null ? (error as { code?: unknown }).code : null;
  return code === READER_STOPPED || (typeof code === "string" && CONNECTION_ENDED.has(code));
}
