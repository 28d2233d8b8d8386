import { sql, type RawBuilder } from "kysely";

/**
 * Every PostgreSQL advisory lock Metadeck takes, each under a key of its own. These guard work
 * within one connection or transaction; what spans longer (a save, a bulk job, a sync, an
 * apply) takes a lease (lease.ts). SQLite needs none of them: a write holds the whole database.
 */
export const ADVISORY_LOCKS = {
  /** A whole migration run, per connection: better-auth creates its tables without a lock. */
  migrations: sql`hashtext('metadeck:migrations')`,
  /** Folding the flag-value tallies, and a catalogue change that must not run meanwhile. */
  flagTallies: sql`${0x6d646b74}`, // "mdkt"
  /** One key's check-and-count over a window of several slots (window-counter.ts). */
  windowCounter: (key: string) => sql`hashtext(${`clerk_call_window:${key}`})`,
} satisfies Record<string, RawBuilder<unknown> | ((key: string) => RawBuilder<unknown>)>;
