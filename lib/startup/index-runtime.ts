import "server-only";
import { randomUUID } from "node:crypto";
import { pacedLister } from "@/lib/bulk/paced-lister";
import { clerkBudget } from "@/lib/clerk/clerk-budget";
import { getUser, listFullUsers } from "@/lib/clerk/users";
import { instanceId } from "@/lib/config/instance-id";
import { serverEnv } from "@/lib/config/server-env";
import { consoleDb } from "@/lib/db/console-db";
import { systemClock } from "@/lib/scheduling/clock";
import { runIndexSync, type SyncDeps, type SyncRun } from "@/lib/user-index/sync/index-sync";
import { dueSync } from "@/lib/user-index/sync/sync-schedule";
import { readSync, type IndexSync, type SyncKind } from "@/lib/user-index/sync/sync-store";

/** How often each instance looks for a due run, or one another instance left unfinished. */
const CHECK_EVERY_MS = 60_000;

/**
 * What a backfill or reconciliation runs on: Clerk's list and reads, every call drawn from the
 * bulk share of the shared Clerk budget (so people's requests keep their 10%), and the console
 * database.
 */
async function indexSyncDeps(onProgress?: (sync: IndexSync) => void): Promise<SyncDeps> {
  const { db } = await consoleDb();
  const budget = await clerkBudget();
  const list = pacedLister(listFullUsers, budget, systemClock);
  return {
    db,
    list: ({ createdBefore, offset, limit }) =>
      list({ createdBefore: createdBefore ?? undefined }, { offset, limit }),
    getUser: async (userId) => {
      const reserved = await budget.reserve("bulk");
      if ("refused" in reserved)
        throw new Error("A bulk reservation without a signal never ends refused");
      return getUser(userId, reserved.permit);
    },
    now: () => Date.now(),
    owner: `${instanceId()}:${randomUUID()}`,
    onProgress,
  };
}

/** Runs one backfill or reconciliation now (the `npm run index:…` commands). */
export async function runIndexSyncNow(
  kind: SyncKind,
  onProgress?: (sync: IndexSync) => void,
): Promise<SyncRun> {
  return runIndexSync(kind, await indexSyncDeps(onProgress), { fresh: true });
}

let running = false;

/**
 * At start and then every minute: the backfill until one completes (so a new install's index
 * fills by itself), and a reconciliation every INDEX_RECONCILE_HOURS. A run another instance
 * holds is left to it; one whose instance died is taken over.
 */
export function scheduleIndexSync(): void {
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const deps = await indexSyncDeps();
      const [backfill, reconcile] = await Promise.all([
        readSync(deps.db, "backfill"),
        readSync(deps.db, "reconcile"),
      ]);
      const kind = dueSync(backfill, reconcile, Date.now(), serverEnv().reconcileEveryMs);
      if (kind) await runIndexSync(kind, deps, { fresh: false });
    } catch (error) {
      console.error("[user-index] the index sync stopped on an error; it resumes later", error);
    } finally {
      running = false;
    }
  };
  void check();
  setInterval(() => void check(), CHECK_EVERY_MS).unref();
}
