import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "./schema";

/** How long a lock lasts without renewal: what a crashed holder costs the next writer. */
export const LOCK_LEASE_MS = 30_000;
/** How long a writer waits for the lock before giving up, writing nothing. */
export const LOCK_WAIT_MS = 10_000;
const RENEW_EVERY_MS = LOCK_LEASE_MS / 3;

export interface LockOptions {
  leaseMs?: number;
  waitMs?: number;
  now?: () => number;
}

/** The lock was still held by another writer when the wait ran out. */
export interface LockBusy {
  busy: true;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tryTake(
  db: Kysely<ConsoleDatabase>,
  userId: string,
  owner: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const row = await db
    .insertInto("user_write_lock")
    .values({ user_id: userId, owner, lease_until: now + leaseMs })
    .onConflict((oc) =>
      oc
        .column("user_id")
        .doUpdateSet({ owner, lease_until: now + leaseMs })
        // Only a lease that ran out (its holder crashed) is taken over.
        .where("user_write_lock.lease_until", "<", now),
    )
    .returning("owner")
    .executeTakeFirst();
  return row?.owner === owner;
}

/**
 * Runs `work` while holding the one write lock of a Clerk user, shared by every process on the
 * console database: from a save's read of the user to the end of its PATCH, no other Metadeck
 * writer touches that user. The lock is a row with a lease, renewed while the work runs, so a
 * holder that dies frees it when the lease runs out. Answers `{ busy: true }` when the lock
 * stayed taken for the whole wait; `work` has then not run.
 */
export async function withUserWriteLock<T>(
  db: Kysely<ConsoleDatabase>,
  userId: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<{ value: T } | LockBusy> {
  const leaseMs = options.leaseMs ?? LOCK_LEASE_MS;
  const now = options.now ?? Date.now;
  const owner = randomUUID();
  const giveUpAt = now() + (options.waitMs ?? LOCK_WAIT_MS);
  let delay = 5;
  while (!(await tryTake(db, userId, owner, now(), leaseMs))) {
    if (now() >= giveUpAt) return { busy: true };
    // Jittered, growing pauses: waiters do not wake in step and hammer the table.
    await pause(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
  const renew = setInterval(
    () => {
      void db
        .updateTable("user_write_lock")
        .set({ lease_until: now() + leaseMs })
        .where("user_id", "=", userId)
        .where("owner", "=", owner)
        .execute()
        .catch((error: unknown) => console.error("[lock] could not renew a user lock", error));
    },
    Math.min(RENEW_EVERY_MS, leaseMs / 3),
  );
  try {
    return { value: await work() };
  } finally {
    clearInterval(renew);
    await db
      .deleteFrom("user_write_lock")
      .where("user_id", "=", userId)
      .where("owner", "=", owner)
      .execute();
  }
}
