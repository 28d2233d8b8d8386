import { sql, type Kysely, type SqlBool, type RawBuilder } from "kysely";
import type { ConsoleDatabase } from "./schema";

type Db = Kysely<ConsoleDatabase>;

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
  "bulk-job": {
    async take(db, jobId, owner, until, now) {
      const result = await db
        .updateTable("bulk_job")
        .set({ lease_owner: owner, lease_until: until })
        .where("id", "=", jobId)
        .where((eb) =>
          eb.or([
            eb("lease_until", "is", null),
            eb("lease_until", "<", now),
            eb("lease_owner", "=", owner),
          ]),
        )
        .executeTakeFirst();
      return updated(result);
    },
    async renew(db, jobId, owner, until) {
      await db
        .updateTable("bulk_job")
        .set({ lease_until: until })
        .where("id", "=", jobId)
        .where("lease_owner", "=", owner)
        .execute();
    },
    async release(db, jobId, owner) {
      await db
        .updateTable("bulk_job")
        .set({ lease_owner: null, lease_until: null })
        .where("id", "=", jobId)
        .where("lease_owner", "=", owner)
        .execute();
    },
  },
  "index-sync": {
    async take(db, kind, owner, until, now) {
      const result = await db
        .updateTable("index_sync")
        .set({ lease_owner: owner, lease_until: until })
        .where("kind", "=", kind)
        .where((eb) =>
          eb.or([
            eb("status", "!=", "running"),
            eb("lease_until", "is", null),
            eb("lease_until", "<", now),
            eb("lease_owner", "=", owner),
          ]),
        )
        .executeTakeFirst();
      return updated(result);
    },
    async renew(db, kind, owner, until) {
      await db
        .updateTable("index_sync")
        .set({ lease_until: until })
        .where("kind", "=", kind)
        .where("lease_owner", "=", owner)
        .execute();
    },
    async release(db, kind, owner) {
      await db
        .updateTable("index_sync")
        .set({ lease_owner: null, lease_until: null })
        .where("kind", "=", kind)
        .where("lease_owner", "=", owner)
        .execute();
    },
  },
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

export const previousRelease = {
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
export function previousReleaseClaimLapsed(now: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(claim_until IS NULL OR claim_until < ${now})`;
}
