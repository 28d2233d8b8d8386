import type { Kysely } from "kysely";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { ClerkResult } from "@/lib/clerk/users";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { indexDeletion, indexUsers, reconcileUsers, unverifiedUserIds } from "../index-store";
import {
  claimSync,
  finishSync,
  recordSyncProgress,
  type IndexSync,
  type SyncKind,
} from "./sync-store";
import { walkStep, type WalkLister } from "./user-walk";

/** Clerk's largest page. */
const SYNC_PAGE_SIZE = 500;

export interface SyncDeps {
  db: Kysely<ConsoleDatabase>;
  /** Pages of users, every call paced by the bulk share of the Clerk budget. */
  list: WalkLister;
  getUser: (userId: string) => Promise<ClerkResult<UserDto | null>>;
  now: () => number;
  /** Names this process in the run's lease. */
  owner: string;
  onProgress?: (sync: IndexSync) => void;
}

export type SyncRun = { ran: true; sync: IndexSync } | { ran: false; reason: string };

/**
 * Walks every user in Clerk into the index. A backfill adds what the index lacks or holds
 * older; a reconciliation also corrects whatever differs and removes users Clerk no longer
 * has (each confirmed with Clerk first), so a missed webhook cannot leave the index wrong.
 * Resumable: each page's cursor is stored, and a run whose process died is taken over where
 * it stopped. `fresh` starts over even when the last run completed.
 */
export async function runIndexSync(
  kind: SyncKind,
  deps: SyncDeps,
  options: { fresh: boolean },
): Promise<SyncRun> {
  const { db, list, getUser, now, owner } = deps;
  const claimed = await claimSync(db, kind, owner, { now: now(), fresh: options.fresh });
  if (!claimed) return { ran: false, reason: `another instance is running the ${kind}` };
  let sync = claimed;
  const record = async (next: IndexSync) => {
    sync = next;
    deps.onProgress?.(sync);
    return recordSyncProgress(db, kind, owner, sync, now());
  };
  const failed = async (error: string): Promise<SyncRun> => {
    await finishSync(db, kind, owner, { status: "failed", error, now: now() });
    return { ran: false, reason: error };
  };
  for (;;) {
    const readAt = now();
    const step = await walkStep(list, sync.cursor, SYNC_PAGE_SIZE);
    if (!step.ok) return failed(`Clerk could not list users: ${step.error.message}`);
    const { users, next, done, remaining } = step.value;
    const at = now();
    const changed =
      kind === "backfill"
        ? await indexUsers(db, users, at)
        : await reconcileUsers(db, users, { verifiedAt: sync.startedAt, readAt, now: at });
    const kept = await record({
      ...sync,
      cursor: next,
      seen: sync.seen + users.length,
      changed: sync.changed + changed,
      total: sync.seen + Math.max(remaining, users.length),
    });
    if (!kept) return { ran: false, reason: `another instance took over the ${kind}` };
    if (done) break;
  }
  if (kind === "reconcile") {
    for (;;) {
      const missing = await unverifiedUserIds(db, sync.startedAt, 100);
      if (missing.length === 0) break;
      let { changed, removed } = sync;
      for (const userId of missing) {
        const readAt = now();
        const found = await getUser(userId);
        if (!found.ok) return failed(`Clerk could not read ${userId}: ${found.error.message}`);
        if (found.value === null) {
          await indexDeletion(db, userId, now(), now());
          removed += 1;
        } else {
          const times = { verifiedAt: sync.startedAt, readAt, now: now() };
          changed += await reconcileUsers(db, [found.value], times);
        }
      }
      if (!(await record({ ...sync, changed, removed })))
        return { ran: false, reason: "another instance took over the reconcile" };
    }
  }
  await finishSync(db, kind, owner, { status: "completed", now: now() });
  return { ran: true, sync: { ...sync, status: "completed", finishedAt: now() } };
}
