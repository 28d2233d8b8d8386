import { randomBytes } from "node:crypto";
import { requireReason } from "@/lib/review/rules/reason";
import { rulesCoveringFlag } from "@/lib/review/rules/flag-reviewed";
import type { ReviewRule } from "@/lib/review/rules/review-policy-schema";
import type { FlagSlot } from "@/lib/flags/flag-values";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { FlagCatalogue } from "@/lib/flags/catalogue-schema";
import { checkFlagChange } from "@/lib/flags/flag-change";
import { fail, ok, type Result } from "@/lib/result/result";
import type { BulkChangeInput } from "./bulk-input";
import {
  countItems,
  createJob,
  getJob,
  itemsIn,
  rollbackOfJob,
  requeueFailed,
  setJobStatus,
  type BulkCounts,
  type BulkItem,
  type BulkJob,
  type NewBulkJob,
} from "./job-store";
import { planFlagChange, SAMPLE_SIZE, type PlannedItem } from "./plan";
import { sameStoredFlag, storedFlag } from "./stored-flag";
import {
  resolveTargets,
  usersById,
  type BulkFailure,
  type IndexLookup,
  type UserLister,
} from "./resolve-targets";

export interface BulkDeps {
  db: Kysely<ConsoleDatabase>;
  catalogue: FlagCatalogue;
  list: UserLister;
  now: () => number;
  /** Hands a stored job to the runner (which works on it in the background). */
  start: (jobId: string) => void;
  /** Whether starting a job, a rollback or a retry needs a reason: the review policy's setting. */
  reasonRequired: boolean;
  /** Review rules: a job or rollback on a flag they cover waits for approval before it runs. */
  reviewRules: ReviewRule[];
}

/**
 * What planning a change needs beyond that: the user index, for a target given as a `where`
 * filter, read within the asking person's index-read slots (bulk-runtime.ts, planningDeps).
 */
export type PlanningDeps = BulkDeps & { lookup: IndexLookup };

export type BulkResult<T> = Result<T, BulkFailure>;

export interface DryRun {
  description: string;
  total: number;
  changing: number;
  already: number;
  unknown: string[];
  sample: PlannedItem[];
}

async function planned(deps: PlanningDeps, input: BulkChangeInput) {
  const change = checkFlagChange(deps.catalogue, input.flagKey, input.value);
  if (!change.ok) return change;
  const { flag, value } = change.value;
  const targets = await resolveTargets(input.target, deps.list, deps.lookup);
  if (!targets.ok) return targets;
  const plan = planFlagChange(flag, value, targets.value.users);
  return ok({ flag, value, targets: targets.value, plan });
}

/** What a bulk change would do, without writing anything. */
export async function dryRunBulkChange(
  deps: PlanningDeps,
  input: BulkChangeInput,
): Promise<BulkResult<DryRun>> {
  const result = await planned(deps, input);
  if (!result.ok) return result;
  const { targets, plan } = result.value;
  return ok({
    description: targets.description,
    total: plan.items.length,
    changing: plan.changing,
    already: plan.already,
    unknown: targets.unknown,
    sample: plan.items.filter((i) => i.changes).slice(0, SAMPLE_SIZE),
  });
}

function newJobId(): string {
  return `bulk_${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
}

/** Plans the change again (the users may have changed since the dry run), stores it, starts it. */
export async function startBulkChange(
  deps: PlanningDeps,
  input: BulkChangeInput,
  actor: AuditActor,
): Promise<BulkResult<string>> {
  const reason = requireReason(input.reason ?? null, deps.reasonRequired);
  if (!reason.ok) return fail({ kind: "invalid", message: reason.error.message });
  const result = await planned(deps, input);
  if (!result.ok) return result;
  const { flag, value, targets, plan } = result.value;
  if (plan.items.length === 0) return fail({ kind: "invalid", message: "No users to change." });
  const job: NewBulkJob = {
    id: newJobId(),
    kind: "apply",
    rollbackOf: null,
    flagKey: flag.key,
    bag: flag.location,
    value,
    targetDescription: targets.description,
    unknownEntries: targets.unknown,
    reason: input.reason ?? null,
    actor,
    total: plan.items.length,
    createdAt: deps.now(),
    items: plan.items.map((item, seq) => ({
      userId: item.userId,
      email: item.email,
      seq,
      state: item.changes ? "pending" : "skipped",
      before: item.before,
      target: item.target,
      ...(item.changes ? {} : { error: "Already had this value." }),
    })),
  };
  return ok(await store(deps, job, flag));
}

/** Stores the job, and starts it unless review rules cover its flag: then it awaits approval. */
async function store(deps: BulkDeps, job: NewBulkJob, flag: FlagSlot): Promise<string> {
  const held = rulesCoveringFlag(deps.reviewRules, flag).length > 0;
  await createJob(deps.db, job, deps.now(), held ? "awaiting_approval" : "running");
  if (!held) deps.start(job.id);
  return job.id;
}

/**
 * Starts a job that awaited approval: its change request was approved. `approval` (the request,
 * its author and approvers) is said on each of the job's writes.
 */
export async function releaseApprovedJob(
  deps: BulkDeps,
  jobId: string,
  approval: string,
): Promise<boolean> {
  await deps.db
    .updateTable("bulk_job")
    .set({ approval })
    .where("id", "=", jobId)
    .where("status", "=", "awaiting_approval")
    .execute();
  if (!(await setJobStatus(deps.db, jobId, "running", ["awaiting_approval"], null))) return false;
  deps.start(jobId);
  return true;
}

/** Closes a job that awaited approval and did not get it: nothing of it is ever written. */
export async function discardUnapprovedJob(deps: BulkDeps, jobId: string): Promise<boolean> {
  return setJobStatus(deps.db, jobId, "cancelled", ["awaiting_approval"], deps.now());
}

/**
 * Rolls a finished job back, as a job of its own: every user it changed gets the value from
 * before the job (the key removed where it was absent), unless their value changed since, in
 * which case they are skipped and reported.
 */
export async function rollBackBulkJob(
  deps: BulkDeps,
  jobId: string,
  actor: AuditActor,
  reason: string | null = null,
): Promise<BulkResult<string>> {
  const given = requireReason(reason, deps.reasonRequired);
  if (!given.ok) return fail({ kind: "invalid", message: given.error.message });
  const job = await getJob(deps.db, jobId);
  if (!job) return fail({ kind: "not_found", message: "No such job." });
  if (job.kind === "rollback")
    return fail({ kind: "invalid", message: "A rollback is not rolled back; start a new job." });
  const earlier = await rollbackOfJob(deps.db, job.id);
  if (earlier) return alreadyRolledBack(earlier);
  if (job.status === "awaiting_approval")
    return fail({ kind: "invalid", message: "This job has not run: it awaits approval." });
  if (job.status === "running" || job.status === "cancelling") {
    const message = "Cancel the job, or let it finish, before rolling it back.";
    return fail({ kind: "invalid", message });
  }
  const changed = await itemsIn(deps.db, jobId, ["changed"], 1_000_000);
  if (changed.length === 0) return fail({ kind: "invalid", message: "The job changed no one." });
  const current = await usersById(
    changed.map((i) => i.userId),
    deps.list,
  );
  if (!current.ok) {
    const message = `Clerk could not look the users up. ${current.error.message}`;
    return fail({ kind: "upstream", message });
  }
  const now = new Map(
    current.value.map((u) => [u.id, storedFlag({ location: job.bag, key: job.flagKey }, u.bags)]),
  );
  const items: NewBulkJob["items"] = changed.map((item, seq) => {
    const stored = now.get(item.userId);
    const untouched = stored !== undefined && sameStoredFlag(stored, item.after ?? item.target);
    return {
      userId: item.userId,
      email: item.email,
      seq,
      state: untouched ? "pending" : "skipped",
      before: stored ?? { present: false },
      target: item.before,
      ...(untouched
        ? {}
        : {
            error:
              stored === undefined
                ? "The user no longer exists."
                : "Changed since the job ran; left as it is.",
          }),
    };
  });
  const rollback: NewBulkJob = {
    id: newJobId(),
    kind: "rollback",
    rollbackOf: job.id,
    flagKey: job.flagKey,
    bag: job.bag,
    value: null,
    targetDescription: `the ${changed.length} users job ${job.id} changed`,
    unknownEntries: [],
    reason,
    actor,
    total: items.length,
    createdAt: deps.now(),
    items,
  };
  try {
    return ok(await store(deps, rollback, { key: job.flagKey, location: job.bag }));
  } catch (error) {
    // Another rollback of this job was stored in the meantime (the unique index refused this one).
    const other = await rollbackOfJob(deps.db, job.id);
    if (other) return alreadyRolledBack(other);
    throw error;
  }
}

export async function cancelBulkJob(deps: BulkDeps, jobId: string): Promise<BulkResult<null>> {
  if (!(await setJobStatus(deps.db, jobId, "cancelling", ["running"], null)))
    return fail({ kind: "invalid", message: "Only a running job can be cancelled." });
  deps.start(jobId);
  return ok(null);
}

export async function retryFailedItems(deps: BulkDeps, jobId: string): Promise<BulkResult<number>> {
  const job = await getJob(deps.db, jobId);
  if (!job) return fail({ kind: "not_found", message: "No such job." });
  // The retried writes carry the job's reason; a job started without one cannot give them any.
  if (!requireReason(job.reason, deps.reasonRequired).ok) {
    const message =
      "This job was started without a reason, which this workspace now requires for every write; start a new job with one.";
    return fail({ kind: "invalid", message });
  }
  const requeued = await requeueFailed(deps.db, jobId, deps.now());
  if (requeued === 0) return fail({ kind: "invalid", message: "No failed users to retry." });
  deps.start(jobId);
  return ok(requeued);
}

function alreadyRolledBack(rollback: BulkJob) {
  const message = `This job was already rolled back by ${rollback.actor.email} (job ${rollback.id}).`;
  return fail({ kind: "invalid" as const, message });
}

export interface JobProgress {
  job: BulkJob;
  /** The job that rolled this one back, if any. */
  rolledBackBy: BulkJob | null;
  counts: BulkCounts;
  /** Users written or given up on per second since the job started. */
  perSecond: number | null;
  secondsLeft: number | null;
  failed: BulkItem[];
  skipped: BulkItem[];
}

export async function jobProgress(
  deps: Pick<BulkDeps, "db" | "now">,
  jobId: string,
): Promise<JobProgress | null> {
  const job = await getJob(deps.db, jobId);
  if (!job) return null;
  const counts = await countItems(deps.db, jobId);
  const processed = counts.changed + counts.failed;
  const elapsed =
    job.startedAt === null ? 0 : ((job.finishedAt ?? deps.now()) - job.startedAt) / 1000;
  const perSecond = elapsed > 0 && processed > 0 ? processed / elapsed : null;
  const left = counts.pending + counts.writing;
  return {
    job,
    rolledBackBy: await rollbackOfJob(deps.db, jobId),
    counts,
    perSecond,
    secondsLeft: perSecond && job.status === "running" ? left / perSecond : null,
    failed: await itemsIn(deps.db, jobId, ["failed"], 200),
    skipped: await itemsIn(deps.db, jobId, ["skipped"], 200),
  };
}
