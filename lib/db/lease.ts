import { randomUUID } from "node:crypto";
import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import { LEASE_MS } from "@/lib/config/limits";
import { systemClock, sleepUnlessAborted, type Clock } from "@/lib/scheduling/clock";
import type { ConsoleDatabase } from "./schema";

type Db = Kysely<ConsoleDatabase>;

/**
 * What a lease holds. One process at a time holds each name, across every instance on the
 * console database; a holder that dies frees it when its lease runs out.
 */
type LeaseName =
  | `user-write:${string}`
  | `bulk-job:${string}`
  | `index-sync:${string}`
  | `change-request:${number}`;

/** Every lease Metadeck takes: its name, and how long it lasts without renewal. */
export const LEASES = {
  /** From a save's read of a user to the end of its PATCH, no other Metadeck writer touches the user. */
  userWrite: (userId: string) => ({
    name: `user-write:${userId}` as const,
    ms: LEASE_MS.userWrite,
  }),
  /** The one runner of a bulk job; another instance takes a job over when this runs out. */
  bulkJob: (jobId: string) => ({ name: `bulk-job:${jobId}` as const, ms: LEASE_MS.bulkJob }),
  /** The one process walking Clerk into the index for a backfill or a reconciliation. */
  indexSync: (kind: string) => ({ name: `index-sync:${kind}` as const, ms: LEASE_MS.indexSync }),
  /** The one process applying an approved change request. */
  changeRequest: (id: number) => ({
    name: `change-request:${id}` as const,
    ms: LEASE_MS.changeRequestApply,
  }),
} satisfies Record<string, (key: never) => Lease>;

/** A lease to take: what it holds, and how long it lasts from each take or renewal. */
export interface Lease {
  name: LeaseName;
  ms: number;
}

/**
 * Takes the lease for `owner`: when no one holds it, its holder's time ran out, or `owner`
 * already holds it (then it is renewed). Answers whether `owner` holds it now.
 */
export async function takeLease(
  db: Db,
  { name, ms }: Lease,
  owner: string,
  now: number,
): Promise<boolean> {
  const heldUntil = now + ms;
  const row = await db
    .insertInto("lease")
    .values({ name, owner, held_until: heldUntil })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ owner, held_until: heldUntil })
        .where((eb) => eb.or([eb("lease.held_until", "<", now), eb("lease.owner", "=", owner)])),
    )
    .returning("owner")
    .executeTakeFirst();
  return row?.owner === owner;
}

/** Extends `owner`'s lease; false when it no longer holds it (another process took it over). */
export async function renewLease(
  db: Db,
  { name, ms }: Lease,
  owner: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("lease")
    .set({ held_until: now + ms })
    .where("name", "=", name)
    .where("owner", "=", owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Lets the lease go, if `owner` still holds it. */
export async function releaseLease(db: Db, { name }: Lease, owner: string): Promise<void> {
  await db.deleteFrom("lease").where("name", "=", name).where("owner", "=", owner).execute();
}

/** True in a query while someone holds `name`: a write another process must not make meanwhile. */
function leaseIsHeld(name: Expression<string>, now: number): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM lease WHERE lease.name = ${name} AND lease.held_until >= ${now})`;
}

export interface WithLeaseOptions {
  /** How long to wait for a lease another process holds; 0 gives up at once. */
  waitMs?: number;
  clock?: Clock;
  /** Names the holder (an instance's runner); a fresh id by default. */
  owner?: string;
}

/** The lease stayed taken for the whole wait; the work has not run. */
export interface LeaseBusy {
  busy: true;
}

/**
 * Runs `work` while holding the lease, renewed every third of its length, and lets it go after,
 * whether the work succeeded or threw. `lost` aborts if another process took the lease over
 * meanwhile (this process stalled past its lease): the work should stop writing.
 */
export async function withLease<T>(
  db: Db,
  lease: Lease,
  work: (lost: AbortSignal) => Promise<T>,
  { waitMs = 0, clock = systemClock, owner = randomUUID() }: WithLeaseOptions = {},
): Promise<{ value: T } | LeaseBusy> {
  const giveUpAt = clock.now() + waitMs;
  let delay = 5;
  while (!(await takeLease(db, lease, owner, clock.now()))) {
    if (clock.now() >= giveUpAt) return { busy: true };
    // Jittered, growing pauses: waiters do not wake in step and hammer the table.
    await clock.sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
  const lost = new AbortController();
  const done = new AbortController();
  const renewing = (async () => {
    while (await sleepUnlessAborted(clock, lease.ms / 3, done.signal)) {
      try {
        if (!(await renewLease(db, lease, owner, clock.now()))) return lost.abort();
      } catch (error) {
        // The database blinked: the lease has two more thirds before anyone can take it.
        console.error(`[lease] could not renew ${lease.name}`, error);
      }
    }
  })();
  try {
    return { value: await work(lost.signal) };
  } finally {
    done.abort();
    await renewing;
    await releaseLease(db, lease, owner);
  }
}

/** In a query of `change_request`: nobody applies this request. What an expiry must wait for. */
export function changeRequestUnclaimed(now: number): Expression<SqlBool> {
  return sql<SqlBool>`NOT ${leaseIsHeld(sql<string>`'change-request:' || CAST(change_request.id AS TEXT)`, now)}`;
}
