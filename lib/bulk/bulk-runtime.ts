import "server-only";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { clerkBudget } from "@/lib/clerk/clerk-budget";
import { getUser, listFullUsers, updateUserMetadata } from "@/lib/clerk/users";
import { serverEnv } from "@/lib/config/server-env";
import { consoleDb } from "@/lib/db/console-db";
import { flagCatalogue } from "@/lib/flags/catalogue";
import type { BulkDeps, PlanningDeps } from "./bulk-jobs";
import { systemClock } from "@/lib/scheduling/clock";
import { unfinishedJobIds } from "./job-store";
import { BulkJobRunner } from "./job-runner";
import { indexedUserIds } from "@/lib/user-index/search/indexed-user-ids";
import { boundedIndexRead } from "@/lib/user-index/bounded-index-read";
import { pacedLister } from "./paced-lister";

interface BulkRuntime {
  deps: BulkDeps;
  runner: BulkJobRunner;
}

// One runner per server process, kept across development reloads.
const holder = globalThis as typeof globalThis & { __metadeckBulk?: Promise<BulkRuntime> };

/** Writes in flight at once: enough to use the budget at a real Clerk round trip (~100 ms). */
const CONCURRENCY = { dev: 4, prod: 16 } as const;
// A job whose instance died is taken over within its lease (15 s) plus this.
const RESUME_EVERY_MS = 5_000;

async function create(): Promise<BulkRuntime> {
  const { db } = await consoleDb();
  const mode = serverEnv().rateLimit;
  const budget = await clerkBudget();
  const runner = new BulkJobRunner({
    db,
    clerk: { updateUserMetadata, getUser },
    budget,
    clock: systemClock,
    concurrency: CONCURRENCY[mode],
  });
  const deps: BulkDeps = {
    db,
    catalogue: flagCatalogue(),
    list: pacedLister(listFullUsers, budget, systemClock),
    now: () => Date.now(),
    reasonRequired: reviewPolicy().reasonRequired,
    reviewRules: reviewPolicy().rules,
    start: (jobId) =>
      void runner.run(jobId).catch((error: unknown) => {
        console.error(`[bulk] job ${jobId} stopped on an error; it resumes later`, error);
      }),
  };
  return { deps, runner };
}

/** The process's bulk runner and what the actions need to plan and start jobs. */
export function bulkRuntime(): Promise<BulkRuntime> {
  holder.__metadeckBulk ??= create();
  return holder.__metadeckBulk;
}

/**
 * What a dry run or a start needs: the runtime's, with the index read for a `where` target
 * within the asking person's index-read slots and the read budget.
 */
export async function planningDeps(staffId: string): Promise<PlanningDeps> {
  const { deps } = await bulkRuntime();
  return {
    ...deps,
    lookup: async (where, limit) => {
      const read = await boundedIndexRead(staffId, ({ db, kind }) =>
        indexedUserIds(db, kind, where, limit),
      );
      return read.ok ? read.value : read;
    },
  };
}

/**
 * Picks up every unfinished job (after a restart, or one whose runner died elsewhere and whose
 * lease ran out), now and then periodically.
 */
export async function resumeBulkJobs(): Promise<void> {
  const { deps } = await bulkRuntime();
  const resume = async () => {
    for (const id of await unfinishedJobIds(deps.db)) deps.start(id);
  };
  await resume();
  setInterval(() => void resume().catch(() => undefined), RESUME_EVERY_MS).unref();
}
