import { randomUUID } from "node:crypto";
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from "kysely";
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
  if (row?.owner !== owner) return false;
  if (await previousRelease.take(db, name, owner, heldUntil, now)) return true;
  await db.deleteFrom("lease").where("name", "=", name).where("owner", "=", owner).execute();
  return false;
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
  if (Number(result.numUpdatedRows) !== 1) return false;
  await previousRelease.renew(db, name, owner, now + ms);
  return true;
}

/** Lets the lease go, if `owner` still holds it. */
export async function releaseLease(db: Db, { name }: Lease, owner: string): Promise<void> {
  await db.deleteFrom("lease").where("name", "=", name).where("owner", "=", owner).execute();
  await previousRelease.release(db, name, owner);
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

// ——— The previous release's places, written for one release more (rolling deploys) ———

/**
 * The previous release kept each lease in a place of its own: the `user_write_lock` table,
 * `bulk_job.lease_*`, `index_sync.lease_*` and `change_request.claim_until`. During a rolling
 * deploy its instances serve beside this release's, so for this one release every lease taken
 * in the `lease` table is also written there, and one an old instance holds there refuses the
 * take. Delete this file, and those columns, in the release after (docs/operations.md).
 */
interface Mirror {
  take(db: Db, key: string, owner: string, until: number, now: number): Promise<boolean>;
  renew(db: Db, key: string, owner: string, until: number): Promise<void>;
  release(db: Db, key: string, owner: string): Promise<void>;
}

const updated = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows) === 1;

/**
 * A lease the previous release kept in a row's own `lease_owner` and `lease_until` columns
 * (`bulk_job` by id, `index_sync` by kind), free when it lapsed or when `alsoFree` holds.
 */
function ownerColumns(
  table: "bulk_job" | "index_sync",
  key: "id" | "kind",
  alsoFree?: RawBuilder<boolean>,
): Mirror {
  // Both tables have the two columns; Kysely cannot type a statement over a union of tables.
  const t = table as "bulk_job";
  const k = key as "id";
  return {
    async take(db, value, owner, until, now) {
      const result = await db
        .updateTable(t)
        .set({ lease_owner: owner, lease_until: until })
        .where(k, "=", value)
        .where((eb) =>
          eb.or([
            ...(alsoFree ? [alsoFree] : []),
            eb("lease_until", "is", null),
            eb("lease_until", "<", now),
            eb("lease_owner", "=", owner),
          ]),
        )
        .executeTakeFirst();
      return updated(result);
    },
    async renew(db, value, owner, until) {
      await db
        .updateTable(t)
        .set({ lease_until: until })
        .where(k, "=", value)
        .where("lease_owner", "=", owner)
        .execute();
    },
    async release(db, value, owner) {
      await db
        .updateTable(t)
        .set({ lease_owner: null, lease_until: null })
        .where(k, "=", value)
        .where("lease_owner", "=", owner)
        .execute();
    },
  };
}

const mirrors: Record<string, Mirror> = {
  "user-write": {
    async take(db, userId, owner, until, now) {
      const row = await db
        .insertInto("user_write_lock")
        .values({ user_id: userId, owner, lease_until: until })
        .onConflict((oc) =>
          oc
            .column("user_id")
            .doUpdateSet({ owner, lease_until: until })
            .where((eb) =>
              eb.or([
                eb("user_write_lock.lease_until", "<", now),
                eb("user_write_lock.owner", "=", owner),
              ]),
            ),
        )
        .returning("owner")
        .executeTakeFirst();
      return row?.owner === owner;
    },
    async renew(db, userId, owner, until) {
      await db
        .updateTable("user_write_lock")
        .set({ lease_until: until })
        .where("user_id", "=", userId)
        .where("owner", "=", owner)
        .execute();
    },
    async release(db, userId, owner) {
      await db
        .deleteFrom("user_write_lock")
        .where("user_id", "=", userId)
        .where("owner", "=", owner)
        .execute();
    },
  },
  "bulk-job": ownerColumns("bulk_job", "id"),
  // A sync that is not running is free whatever its lease columns say.
  "index-sync": ownerColumns("index_sync", "kind", sql<boolean>`status <> 'running'`),
  // The previous release's claim names no owner: whoever holds the lease here holds it there.
  "change-request": {
    async take(db, id, _owner, until, now) {
      const result = await db
        .updateTable("change_request")
        .set({ claim_until: until })
        .where("id", "=", Number(id))
        .where(previousReleaseClaimLapsed(now))
        .executeTakeFirst();
      return updated(result);
    },
    async renew(db, id, _owner, until) {
      await db
        .updateTable("change_request")
        .set({ claim_until: until })
        .where("id", "=", Number(id))
        .execute();
    },
    async release(db, id) {
      await db
        .updateTable("change_request")
        .set({ claim_until: null })
        .where("id", "=", Number(id))
        .execute();
    },
  },
};

function mirrorOf(name: string): { mirror: Mirror; key: string } {
  const colon = name.indexOf(":");
  const mirror = mirrors[name.slice(0, colon)];
  if (!mirror) throw new Error(`no previous-release place for the lease ${name}`);
  return { mirror, key: name.slice(colon + 1) };
}

const previousRelease = {
  take(db: Db, name: string, owner: string, until: number, now: number) {
    const { mirror, key } = mirrorOf(name);
    return mirror.take(db, key, owner, until, now);
  },
  renew(db: Db, name: string, owner: string, until: number) {
    const { mirror, key } = mirrorOf(name);
    return mirror.renew(db, key, owner, until);
  },
  release(db: Db, name: string, owner: string) {
    const { mirror, key } = mirrorOf(name);
    return mirror.release(db, key, owner);
  },
};

/** In a query of `change_request`: no instance of the previous release is applying the request. */
function previousReleaseClaimLapsed(now: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(claim_until IS NULL OR claim_until < ${now})`;
}

/**
 * In a query of `change_request`: nobody applies this request, in this release (its lease) or in
 * the previous one (its `claim_until`). What an expiry must wait for.
 */
export function changeRequestUnclaimed(now: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`NOT ${leaseIsHeld(sql<string>`'change-request:' || CAST(change_request.id AS TEXT)`, now)} AND ${previousReleaseClaimLapsed(now)}`;
}
