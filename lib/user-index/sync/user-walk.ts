import type { UserDto } from "@/lib/clerk/user-dto";
import type { ClerkResult } from "@/lib/clerk/users";
import { ok } from "@/lib/result/result";

/** Where a walk over every user stands. */
export interface WalkCursor {
  /** Only users created before this (ms) are still to come; null at the start. */
  createdBefore: number | null;
  /** Users already taken that were created at `createdBefore − 1`: left out when they come again. */
  taken: string[];
  /** Past this many of the range (only when a whole page shares one millisecond). */
  offset: number;
}

export const WALK_START: WalkCursor = { createdBefore: null, taken: [], offset: 0 };

/** One page of users newest first, created before `createdBefore`, from `offset`. */
export type WalkLister = (page: {
  createdBefore: number | null;
  offset: number;
  limit: number;
}) => Promise<ClerkResult<{ users: UserDto[]; totalCount: number }>>;

export interface WalkStep {
  users: UserDto[];
  /** The cursor after this page: save it, and a walk resumed from it goes on from here. */
  next: WalkCursor;
  done: boolean;
  /** Users still to come when this page was asked for, this page included. */
  remaining: number;
}

/**
 * The next page of a walk over every user, newest first, by creation-time ranges rather than
 * offsets: a user created or deleted during the walk shifts no page, so none is skipped or
 * repeated. The next range starts one past the page's oldest creation time, leaving out the
 * users of that millisecond already taken (by id, so a deletion among them moves nothing).
 * Only when a whole page shares one millisecond does the walk page through it by offset, where
 * a deletion of one already taken can hide another from this walk (reconciliation confirms
 * with Clerk before it removes anyone).
 */
export async function walkStep(
  list: WalkLister,
  cursor: WalkCursor,
  limit: number,
): Promise<ClerkResult<WalkStep>> {
  const page = await list({ createdBefore: cursor.createdBefore, offset: cursor.offset, limit });
  if (!page.ok) return page;
  const raw = page.value.users;
  const taken = new Set(cursor.taken);
  const users = raw.filter((u) => !taken.has(u.id));
  const remaining = Math.max(0, page.value.totalCount - cursor.offset - taken.size);
  const last = raw.at(-1);
  if (raw.length < limit || !last) return ok({ users, next: cursor, done: true, remaining });
  const oldest = last.createdAt;
  const sameMillisecond = cursor.createdBefore === oldest + 1;
  const atOldest = users.filter((u) => u.createdAt === oldest).map((u) => u.id);
  const next: WalkCursor =
    sameMillisecond && users.length === 0
      ? { ...cursor, offset: cursor.offset + raw.length }
      : {
          createdBefore: oldest + 1,
          taken: sameMillisecond ? [...cursor.taken, ...atOldest] : atOldest,
          offset: sameMillisecond ? cursor.offset : 0,
        };
  return ok({ users, next, done: false, remaining });
}
