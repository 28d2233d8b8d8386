/**
 * Every limit and lease length Metadeck enforces, in one table. README, SECURITY.md and docs/
 * link here instead of restating the numbers.
 */

/** A most-this-many-per-window limit counted per staff account (the window counter). */
export interface RequestLimit {
  perPerson: number;
  windowMs: number;
}

/**
 * Requests of a signed-in person (their staff account, however many sessions they open), per
 * fixed minute: generous for people, a wall for scripts. Writes are server actions; reads are
 * pages and the route handlers the browser's queries call. Not per address: a whole office
 * behind one address shares it, and one person's script must not lock the others out.
 */
export const REQUEST_LIMITS = {
  write: { perPerson: 120, windowMs: 60_000 },
  read: { perPerson: 600, windowMs: 60_000 },
} as const satisfies Record<"read" | "write", RequestLimit>;

/**
 * Webhook deliveries refused (bad signature, stale, too large), per address and fixed minute.
 * Clerk's own deliveries are never refused, so a few a minute is plenty; past it, an address is
 * answered 429 before its body is read.
 */
export const REFUSED_WEBHOOK_LIMIT = { perAddress: 30, windowMs: 60_000 } as const;

/** The largest webhook body read; a larger one is refused unread. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Failed sign-ins before a wait. Only failures count, so twenty colleagues behind one address
 * can all sign in at 9:00; an attacker cannot get round the account limit by changing address,
 * nor round the address limit by changing account. After the account's limit the wait starts at
 * `firstWaitMs` and doubles with each further failure, up to the account window.
 */
export const SIGN_IN_FAILURES = {
  account: { max: 10, windowMs: 15 * 60_000 },
  address: { max: 30, windowMs: 60_000 },
  firstWaitMs: 30_000,
  /** Failure rows older than this are deleted. */
  keepMs: 24 * 3600_000,
} as const;

/**
 * Clerk's Backend API limits: per instance, 100 requests per 10 s in development and 1000 in
 * production (https://clerk.com/docs/backend-requests/resources/rate-limits), chosen by
 * CLERK_RATE_LIMIT.
 */
export const CLERK_INSTANCE_LIMITS = {
  dev: { requests: 100, windowMs: 10_000 },
  prod: { requests: 1000, windowMs: 10_000 },
} as const;

/** The share of the Clerk budget bulk jobs and index syncs may use: people always find the rest. */
export const BULK_SHARE = 0.9;
/** Added to Clerk's window: Clerk counts a call when it arrives, a little after it was sent. */
export const WINDOW_SLACK_MS = 250;

/**
 * How long each lease (lib/db/lease.ts) lasts without renewal: what a crashed holder costs the
 * next taker.
 */
export const LEASE_MS = {
  /** A save or a bulk write of one user, from its read to the end of its PATCH. */
  userWrite: 30_000,
  /** Long enough for the checked save's wait and one Clerk call with its retries. */
  changeRequestApply: 60_000,
  bulkJob: 15_000,
  indexSync: 30_000,
} as const;

/** How long a save waits for another save of the same user before giving up, writing nothing. */
export const USER_WRITE_WAIT_MS = 10_000;

/**
 * The user index's reads (filtered lists, counts, exports, bulk targets): how long one statement
 * may run before it is stopped and the filter called too expensive (INDEX_READ_BUDGET_MS
 * overrides it), how many of one person's (staff account's, whatever their sessions) run at
 * once, and how many more may wait for them.
 */
export const INDEX_READS = {
  budgetMs: 2_000,
  /**
   * One at a time: one person (a script, a heavy filter in a loop) holds one reader at most,
   * and everyone else's reads keep the others.
   */
  perPerson: 1,
  waitingPerPerson: 2,
  /**
   * Exports of one person downloading at once. An export holds no reader between batches, but
   * its server-side stream and buffers stay while the download is open; one left paused (or a
   * script opening many) must not pile them up.
   */
  openExportsPerPerson: 2,
  /** How long a waiting read waits for one of the two ahead of it (each up to the budget, plus a reader's start). */
  waitMs: 10_000,
  /**
   * Reads of people whose reads went over budget in the last `heavyForMs` (one minute), all of
   * them together, take one reader at a time: several accounts running heavy filters hold one
   * reader, not all of them.
   */
  heavyLanes: 1,
  heavyForMs: 60_000,
  /**
   * A statement that ran this long (or the budget, if less) also puts its person in the heavy
   * lane, stopped or not: filters kept just under the budget would otherwise take every reader.
   * The reference filters' statements take a third of it at a million users, Count all of a
   * broad filter more (docs/benchmarks.md).
   */
  heavyStatementMs: 500,
  /**
   * SQLite: reader processes, each one core at most and below the server's priority. Three, so
   * that while a heavy filter holds the heavy lane's reader, or its replacement starts after it
   * was stopped at the budget, two are free for everyone else.
   */
  sqliteReaders: 3,
  /**
   * PostgreSQL: connections of the reads' own pool, apart from the writes' pool, each read on
   * one core (no parallel workers): what a heavy filter can take of the database's cores.
   */
  postgresConnections: 2,
} as const;

/**
 * A filtered list counts its matches up to this many; past it the list says "more than" and
 * pages by walking the creation order (a million users are not counted for one page). "Count
 * all" (`count=exact`) counts them all, within the read budget.
 */
export const INDEX_COUNT_CAP = 10_000;

/**
 * The most users an export of a search alone reads from Clerk (20 of Clerk's pages, 40 calls
 * from the bulk share of the budget); a broader search is exported with a filter, from the
 * index, which costs Clerk nothing.
 */
export const SEARCH_EXPORT_MAX = 10_000;
