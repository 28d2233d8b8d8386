import { type Insertable, type Selectable, type Kysely, type Transaction } from "kysely";
import type { UserDto } from "@/lib/clerk/user-dto";
import { fromJsonColumn } from "@/lib/db/json-column";
import { jsonEqual } from "@/lib/metadata/merge-patch";
import { storableText } from "@/lib/metadata/storable-text";
import { indexedJson } from "./indexed-json";
import type { ConsoleDatabase, UserIndexTable } from "@/lib/db/schema";

type Db = Kysely<ConsoleDatabase> | Transaction<ConsoleDatabase>;

const text = (value: string | null) => (value === null ? null : storableText(value));

/**
 * The index's row for a user as Clerk returned them (tests compare the index against it), with
 * documents nested deeper than INDEXED_JSON_DEPTH cut there, and characters PostgreSQL cannot
 * store (NUL, lone surrogates) replaced (indexed-json.ts).
 */
export function indexRowOf(user: UserDto, now: number): Insertable<UserIndexTable> {
  return {
    user_id: user.id,
    public_metadata: JSON.stringify(indexedJson(user.publicMetadata)),
    private_metadata: JSON.stringify(indexedJson(user.privateMetadata)),
    unsafe_metadata: JSON.stringify(indexedJson(user.unsafeMetadata)),
    primary_email: text(user.primaryEmail),
    // Once per address whatever its case: the triggers keep them lower-cased, one row each.
    emails: JSON.stringify([
      ...new Map(
        user.emails.map((e) => [e.emailAddress.toLowerCase(), storableText(e.emailAddress)]),
      ).values(),
    ]),
    phone_numbers: JSON.stringify(user.phones.map((p) => storableText(p.phoneNumber))),
    username: text(user.username),
    first_name: text(user.firstName),
    last_name: text(user.lastName),
    external_id: text(user.externalId),
    banned: user.banned ? 1 : 0,
    locked: user.locked ? 1 : 0,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_active_at: user.lastActiveAt,
    last_sign_in_at: user.lastSignInAt,
    deleted_at: null,
    indexed_at: now,
  };
}

/** Rows per statement: well under both databases' limits on bound parameters. */
const BATCH = 500;

/**
 * Stores users as Clerk returned them. A user already stored with the same or a later
 * `updated_at` is left alone (an event that arrives late never overwrites newer data), and a
 * tombstone is never overwritten (a deleted user stays deleted). Answers how many rows changed.
 */
export async function indexUsers(db: Db, users: UserDto[], now: number): Promise<number> {
  // The newest of each user only: one statement cannot upsert one row twice.
  const newest = new Map<string, UserDto>();
  for (const user of users) {
    const seen = newest.get(user.id);
    if (!seen || seen.updatedAt < user.updatedAt) newest.set(user.id, user);
  }
  const rows = [...newest.values()].map((user) => indexRowOf(user, now));
  let changed = 0;
  for (let i = 0; i < rows.length; i += BATCH)
    changed += await upsertRows(db, rows.slice(i, i + BATCH), { readAt: null });
  return changed;
}

/**
 * Writes rows over what is stored when the stored version is older. With `readAt` null (an
 * event, a save) a tombstone always stays and an equal version is left alone; with `readAt`
 * (a reconciliation, which found these users in Clerk at that time) an equal version is
 * rewritten and a tombstone laid before `readAt` is lifted.
 */
async function upsertRows(
  db: Db,
  rows: Insertable<UserIndexTable>[],
  { readAt }: { readAt: number | null },
): Promise<number> {
  const result = await db
    .insertInto("user_index")
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .column("user_id")
        .doUpdateSet((eb) => ({
          public_metadata: eb.ref("excluded.public_metadata"),
          private_metadata: eb.ref("excluded.private_metadata"),
          unsafe_metadata: eb.ref("excluded.unsafe_metadata"),
          primary_email: eb.ref("excluded.primary_email"),
          emails: eb.ref("excluded.emails"),
          phone_numbers: eb.ref("excluded.phone_numbers"),
          username: eb.ref("excluded.username"),
          first_name: eb.ref("excluded.first_name"),
          last_name: eb.ref("excluded.last_name"),
          external_id: eb.ref("excluded.external_id"),
          banned: eb.ref("excluded.banned"),
          locked: eb.ref("excluded.locked"),
          created_at: eb.ref("excluded.created_at"),
          updated_at: eb.ref("excluded.updated_at"),
          last_active_at: eb.ref("excluded.last_active_at"),
          last_sign_in_at: eb.ref("excluded.last_sign_in_at"),
          deleted_at: eb.ref("excluded.deleted_at"),
          indexed_at: eb.ref("excluded.indexed_at"),
        }))
        .where((eb) =>
          readAt === null
            ? eb.and([
                eb("user_index.deleted_at", "is", null),
                eb("user_index.updated_at", "<", eb.ref("excluded.updated_at")),
              ])
            : eb.or([
                eb("user_index.deleted_at", "<", readAt),
                eb.and([
                  eb("user_index.deleted_at", "is", null),
                  eb("user_index.updated_at", "<=", eb.ref("excluded.updated_at")),
                ]),
              ]),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Marks a user deleted, clearing what was stored of them, and keeps the row as a tombstone so a
 * `user.updated` delivered after the deletion cannot bring them back.
 */
export async function indexDeletion(
  db: Db,
  userId: string,
  deletedAt: number,
  now: number,
): Promise<void> {
  const cleared = {
    public_metadata: null,
    private_metadata: null,
    unsafe_metadata: null,
    primary_email: null,
    emails: null,
    phone_numbers: null,
    username: null,
    first_name: null,
    last_name: null,
    external_id: null,
    banned: null,
    locked: null,
    created_at: null,
    last_active_at: null,
    last_sign_in_at: null,
  };
  await db
    .insertInto("user_index")
    .values({
      ...cleared,
      user_id: userId,
      updated_at: deletedAt,
      deleted_at: deletedAt,
      indexed_at: now,
    })
    .onConflict((conflict) =>
      conflict
        .column("user_id")
        .doUpdateSet({ ...cleared, deleted_at: deletedAt, indexed_at: now })
        .where("user_index.deleted_at", "is", null),
    )
    .execute();
}

/**
 * Puts users Metadeck has just read or written into the index at once, rather than when their
 * webhook comes. The write itself has happened by then: a failure here is logged, not passed
 * on, and the webhook or the next reconciliation brings the index up to date.
 */
export async function indexSeenUsers(db: Db, users: UserDto[]): Promise<void> {
  try {
    await indexUsers(db, users, Date.now());
  } catch (error) {
    console.error("[user-index] could not index users Metadeck saw", error);
  }
}

const JSON_COLUMNS = [
  "public_metadata",
  "private_metadata",
  "unsafe_metadata",
  "emails",
  "phone_numbers",
] as const;
const PLAIN_COLUMNS = [
  "primary_email",
  "username",
  "first_name",
  "last_name",
  "external_id",
  "banned",
  "locked",
  "created_at",
  "updated_at",
  "last_active_at",
  "last_sign_in_at",
  "deleted_at",
] as const;

/** Whether the stored row says what Clerk says of the user, field by field. */
function sameAsStored(user: UserDto, stored: Selectable<UserIndexTable>): boolean {
  const fresh = indexRowOf(user, 0);
  const plainSame = PLAIN_COLUMNS.every(
    (c) =>
      (fresh[c] ?? null) ===
      (stored[c] === null ? null : typeof fresh[c] === "number" ? Number(stored[c]) : stored[c]),
  );
  return (
    plainSame &&
    JSON_COLUMNS.every((c) =>
      jsonEqual(JSON.parse(String(fresh[c])), fromJsonColumn(stored[c]) as never),
    )
  );
}

/**
 * Brings the index to what Clerk answered in a reconciliation's page and marks these users as
 * found in Clerk (`verified_at`). A row that differs is rewritten unless it holds a later
 * version (a webhook that came in since the page was read); a tombstone older than the page
 * (`readAt`) of a user Clerk still lists is lifted, since Clerk's list is the truth, but not
 * one laid after it (the user was deleted since). Answers how many rows it corrected.
 */
export async function reconcileUsers(
  db: Db,
  users: UserDto[],
  times: { verifiedAt: number; readAt: number; now: number },
): Promise<number> {
  const { verifiedAt, readAt, now } = times;
  if (users.length === 0) return 0;
  const ids = users.map((u) => u.id);
  const stored = new Map(
    (await db.selectFrom("user_index").selectAll().where("user_id", "in", ids).execute()).map(
      (row) => [row.user_id, row],
    ),
  );
  const differing = users.filter((user) => {
    const row = stored.get(user.id);
    return !row || sameAsStored(user, row) === false;
  });
  const corrected =
    differing.length === 0
      ? 0
      : await upsertRows(
          db,
          differing.map((user) => indexRowOf(user, now)),
          { readAt },
        );
  await db
    .updateTable("user_index")
    .set({ verified_at: verifiedAt })
    .where("user_id", "in", ids)
    .execute();
  return corrected;
}

/**
 * Users the index holds as live that a reconciliation begun at `since` did not find in Clerk
 * and nothing has written since: deleted in Clerk, their webhook missed (or hidden from the
 * walk; the caller asks Clerk about each before removing it).
 */
export async function unverifiedUserIds(db: Db, since: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("user_index")
    .select("user_id")
    .where("deleted_at", "is", null)
    .where("indexed_at", "<", since)
    .where((eb) => eb.or([eb("verified_at", "is", null), eb("verified_at", "<", since)]))
    .orderBy("user_id")
    .limit(limit)
    .execute();
  return rows.map((row) => row.user_id);
}
