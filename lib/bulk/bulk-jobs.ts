import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-entry";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { FlagCatalogue, FlagDefinition } from "@/lib/flags/catalogue-schema";
import { isFlagValue } from "@/lib/flags/flag-values";
import type { BulkChangeInput } from "./bulk-input";
import {
  countItems,
  createJob,
  getJob,
  itemsIn,
  requeueFailed,
  setJobStatus,
  type BulkCounts,
  type BulkItem,
  type BulkJob,
  type NewBulkJob,
} from "./job-store";
import { planFlagChange, sameStoredFlag, storedFlag, SAMPLE_SIZE, type PlannedItem } from "./plan";
import { resolveTargets, usersById, type UserLister } from "./resolve-targets";

export interface BulkDeps {
  db: Kysely<ConsoleDatabase>;
  catalogue: FlagCatalogue;
  list: UserLister;
  now: () => number;
  /** Hands a stored job to the runner (which works on it in the background). */
  start: (jobId: string) => void;
}

export type BulkResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface DryRun {
  description: string;
  total: number;
  changing: number;
  already: number;
  unknown: string[];
  sample: PlannedItem[];
}

function flagFor(catalogue: FlagCatalogue, input: BulkChangeInput): BulkResult<FlagDefinition> {
  const flag = catalogue.flags.find((f) => f.key === input.flagKey);
  if (!flag) return { ok: false, message: `"${input.flagKey}" is not a catalogued flag.` };
  if (input.value !== null && !isFlagValue(flag, input.value))
    return { ok: false, message: `${flag.key} does not take ${JSON.stringify(input.value)}.` };
  return { ok: true, value: flag };
}

async function planned(deps: BulkDeps, input: BulkChangeInput) {
  const flag = flagFor(deps.catalogue, input);
  if (!flag.ok) return flag;
  const targets = await resolveTargets(input.target, deps.list);
  if (!targets.ok) {
    const detail = targets.failure ? ` ${targets.failure.message}` : "";
    return { ok: false as const, message: `${targets.message}${detail}` };
  }
  const plan = planFlagChange(flag.value, input.value, targets.users);
  return { ok: true as const, value: { flag: flag.value, targets, plan } };
}

/** What a bulk change would do, without writing anything. */
export async function dryRunBulkChange(
  deps: BulkDeps,
  input: BulkChangeInput,
): Promise<BulkResult<DryRun>> {
  const result = await planned(deps, input);
  if (!result.ok) return result;
  const { targets, plan } = result.value;
  return {
    ok: true,
    value: {
      description: targets.description,
      total: plan.items.length,
      changing: plan.changing,
      already: plan.already,
      unknown: targets.unknown,
      sample: plan.items.filter((i) => i.changes).slice(0, SAMPLE_SIZE),
    },
  };
}

export function newJobId(): string {
  return `bulk_${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
}

/** Plans the change again (the users may have changed since the dry run), stores it, starts it. */
export async function startBulkChange(
  deps: BulkDeps,
  input: BulkChangeInput,
  actor: AuditActor,
): Promise<BulkResult<string>> {
  const result = await planned(deps, input);
  if (!result.ok) return result;
  const { flag, targets, plan } = result.value;
  if (plan.items.length === 0) return { ok: false, message: "No users to change." };
  const job: NewBulkJob = {
    id: newJobId(),
    kind: "apply",
    rollbackOf: null,
    flagKey: flag.key,
    bag: flag.location,
    value: input.value,
    targetDescription: targets.description,
    unknownEntries: targets.unknown,
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
  await createJob(deps.db, job, deps.now());
  deps.start(job.id);
  return { ok: true, value: job.id };
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
): Promise<BulkResult<string>> {
  const job = await getJob(deps.db, jobId);
  if (!job) return { ok: false, message: "No such job." };
  if (job.status === "running" || job.status === "cancelling")
    return { ok: false, message: "Cancel the job, or let it finish, before rolling it back." };
  const changed = await itemsIn(deps.db, jobId, ["changed"], 1_000_000);
  if (changed.length === 0) return { ok: false, message: "The job changed no one." };
  const current = await usersById(
    changed.map((i) => i.userId),
    deps.list,
  );
  if (!current.ok)
    return { ok: false, message: `Clerk could not look the users up. ${current.failure.message}` };
  const now = new Map(
    current.users.map((u) => [u.id, storedFlag({ location: job.bag, key: job.flagKey }, u.bags)]),
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
    actor,
    total: items.length,
    createdAt: deps.now(),
    items,
  };
  await createJob(deps.db, rollback, deps.now());
  deps.start(rollback.id);
  return { ok: true, value: rollback.id };
}

export async function cancelBulkJob(deps: BulkDeps, jobId: string): Promise<BulkResult<null>> {
  if (!(await setJobStatus(deps.db, jobId, "cancelling", ["running"], null)))
    return { ok: false, message: "Only a running job can be cancelled." };
  deps.start(jobId);
  return { ok: true, value: null };
}

export async function retryFailedItems(deps: BulkDeps, jobId: string): Promise<BulkResult<number>> {
  const job = await getJob(deps.db, jobId);
  if (!job) return { ok: false, message: "No such job." };
  const requeued = await requeueFailed(deps.db, jobId, deps.now());
  if (requeued === 0) return { ok: false, message: "No failed users to retry." };
  deps.start(jobId);
  return { ok: true, value: requeued };
}

export interface JobProgress {
  job: BulkJob;
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
    counts,
    perSecond,
    secondsLeft: perSecond && job.status === "running" ? left / perSecond : null,
    failed: await itemsIn(deps.db, jobId, ["failed"], 200),
    skipped: await itemsIn(deps.db, jobId, ["skipped"], 200),
  };
}
