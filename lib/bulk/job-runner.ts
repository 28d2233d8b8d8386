import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { auditEntry, type Attempt } from "@/lib/audit/audit-entry";
import { auditTargetOf } from "@/lib/audit/audit-target";
import { appendAuditEntry, hasBulkAttemptSince } from "@/lib/audit/audit-log";
import { describeFailure } from "@/lib/clerk/clerk-failure";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { ClerkResult } from "@/lib/clerk/users";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { USER_WRITE_WAIT_MS } from "@/lib/config/limits";
import { LEASES, withLease } from "@/lib/db/lease";
import { flagPatch, type FlagSlot } from "@/lib/flags/flag-values";
import type { BagPatch, Bags } from "@/lib/metadata/bags";
import { userBags } from "@/lib/users/user-bags";
import type { CallBudget, CallPermit } from "@/lib/scheduling/call-budget";
import { indexSeenUsers } from "@/lib/user-index/index-store";
import { sleepUnlessAborted, type Clock } from "@/lib/scheduling/clock";
import {
  getJob,
  itemsIn,
  markWriting,
  setJobStatus,
  startJob,
  settleItem,
  settleWrite,
  type BulkItem,
  type BulkJob,
} from "./job-store";
import { decideRetry } from "./retry-policy";
import { bagsBeforeFlagWrite, patchValue, sameStoredFlag, storedFlag } from "./stored-flag";

/** How long an item waits when another Metadeck writer held its user for the whole lease wait. */
const BUSY_PAUSE_MS = 1_000;

/**
 * The two Backend API calls a bulk job makes, as the server-only Clerk module provides them,
 * each with a permit the runner reserved from the bulk share of the Clerk budget.
 */
interface BulkClerk {
  updateUserMetadata(
    userId: string,
    patch: BagPatch,
    permit: CallPermit,
  ): Promise<ClerkResult<UserDto>>;
  getUser(userId: string, permit: CallPermit): Promise<ClerkResult<UserDto | null>>;
}

export interface RunnerOptions {
  db: Kysely<ConsoleDatabase>;
  clerk: BulkClerk;
  /** The Clerk budget shared by every instance; jobs draw from its bulk share. */
  budget: CallBudget;
  clock: Clock;
  /** Writes in flight at once. */
  concurrency: number;
  owner?: string;
  random?: () => number;
}

const slotOf = (job: BulkJob): FlagSlot => ({ location: job.bag, key: job.flagKey });
const WATCH_EVERY_MS = 500;

/**
 * Runs bulk jobs on the server: bounded concurrency, every call paced by the budget, retries
 * per the retry policy, each write audited with the job's id. Progress lives in the database, so
 * a restarted server picks a job up where it stopped; an item caught mid-write is checked
 * against Clerk before anything is written again, so no user is written twice.
 */
export class BulkJobRunner {
  private readonly active = new Map<string, Promise<void>>();
  private readonly halts = new Set<AbortController>();
  private stopping = false;
  readonly owner: string;

  constructor(private readonly options: RunnerOptions) {
    this.owner = options.owner ?? `runner_${randomUUID()}`;
  }

  /** Works on a job until it is done, cancelled or the runner stops; joins work in progress. */
  run(jobId: string): Promise<void> {
    const running = this.active.get(jobId);
    if (running) return running;
    const work = this.work(jobId).finally(() => this.active.delete(jobId));
    this.active.set(jobId, work);
    return work;
  }

  /** Lets in-flight writes finish and leaves the rest for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const halt of this.halts) halt.abort();
    await Promise.allSettled(this.active.values());
  }

  private now() {
    return this.options.clock.now();
  }

  private async work(jobId: string): Promise<void> {
    const { db, clock } = this.options;
    const lease = LEASES.bulkJob(jobId);
    await withLease(db, lease, (lost) => this.workHolding(jobId, lost), {
      clock,
      owner: this.owner,
    });
  }

  /** Works on the job while this process holds its lease; stops writing if the lease is lost. */
  private async workHolding(jobId: string, lost: AbortSignal): Promise<void> {
    const { db, clock } = this.options;
    if (!(await startJob(db, jobId, this.now()))) return;
    let halted = false;
    let finished = false;
    const halt = new AbortController();
    this.halts.add(halt);
    const stopWriting = () => {
      halted = true;
      halt.abort();
    };
    lost.addEventListener("abort", stopWriting, { once: true });
    let wake = () => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    // Sees a cancel within a second.
    const watch = (async () => {
      while (!finished && !halted) {
        await Promise.race([clock.sleep(WATCH_EVERY_MS), woken]);
        if (finished) return;
        const job = await getJob(db, jobId);
        if (!job || job.status === "cancelling") stopWriting();
      }
    })();
    try {
      const job = await getJob(db, jobId);
      if (!job) return;
      // A job asked to cancel while no runner held it writes nothing more.
      if (job.status === "cancelling") halted = true;
      // One continuous pool over the job's remaining items: a slow item (a Retry-After wait, a
      // backoff) holds up only its own worker, never a whole batch.
      const items = await itemsIn(db, jobId, ["writing", "pending"], Number.MAX_SAFE_INTEGER);
      await this.pool(
        items,
        () => halted || this.stopping,
        (item) => this.processItem(job, item, halt.signal),
      );
      finished = true;
      wake();
      await watch;
      const latest = await getJob(db, jobId);
      if (latest?.status === "cancelling") {
        await setJobStatus(db, jobId, "cancelled", ["cancelling"], this.now());
      } else if (!this.stopping && !halted) {
        await setJobStatus(db, jobId, "completed", ["running"], this.now());
      }
    } finally {
      finished = true;
      wake();
      await watch;
      lost.removeEventListener("abort", stopWriting);
      this.halts.delete(halt);
    }
  }

  private async pool(
    items: BulkItem[],
    halted: () => boolean,
    each: (item: BulkItem) => Promise<void>,
  ) {
    let next = 0;
    const worker = async () => {
      while (next < items.length && !halted()) await each(items[next++]!);
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
  }

  /** Reads a user's bags, retrying transient failures; null if they cannot be known. */
  private async readBags(userId: string, signal: AbortSignal): Promise<Bags | "gone" | null> {
    for (let attempt = 1; ; attempt++) {
      const permit = await this.reserve(signal);
      if (!permit) return null;
      const read = await this.options.clerk.getUser(userId, permit);
      if (read.ok) return read.value ? userBags(read.value) : "gone";
      const decision = decideRetry(read.error, attempt, this.options.random);
      if (decision.kind === "give_up") return null;
      if (!(await sleepUnlessAborted(this.options.clock, decision.afterMs, signal))) return null;
    }
  }

  /**
   * Writes one user, retrying as the policy says. When the job is halted (cancelled, or the
   * runner stops) it gives up its turn before sending, leaving the item for later.
   */
  private async processItem(job: BulkJob, item: BulkItem, signal: AbortSignal): Promise<void> {
    const { db, clerk, clock } = this.options;
    const patch = flagPatch(slotOf(job), patchValue(item.target));
    if (item.state === "writing") {
      // A write was under way when the last runner stopped: it may have landed.
      const bags = await this.readBags(item.userId, signal);
      if (signal.aborted) return;
      if (bags === "gone") return this.fail(item, "The user no longer exists.");
      if (bags === null) return this.fail(item, "Could not check the user after a restart.");
      const stored = storedFlag(slotOf(job), bags);
      if (sameStoredFlag(stored, item.target)) {
        // It landed. If the runner stopped before recording it, record it now: one entry per write.
        const recorded = await hasBulkAttemptSince(db, job.id, item.userId, item.updatedAt);
        const audit = recorded
          ? null
          : this.auditEntry(job, item, patch, {
              before: bagsBeforeFlagWrite(bags, slotOf(job), item.before),
              after: bags,
              message: "Written before a restart; recorded when the job resumed.",
            });
        await settleWrite(db, item, { state: "changed", after: stored }, audit, this.now());
        return;
      }
    }
    let attempts = item.attempts;
    for (;;) {
      // Reserved before the lease: waiting for the budget never holds up a person's save.
      const permit = await this.reserve(signal);
      if (!permit) return;
      // The same per-user write lease as every other Metadeck write, so no save's check-then-write on
      // this user has this write land in the middle of it.
      const locked = await withLease(
        db,
        LEASES.userWrite(item.userId),
        async () => {
          await markWriting(db, { ...item, attempts }, this.now());
          return clerk.updateUserMetadata(item.userId, patch, permit);
        },
        { waitMs: USER_WRITE_WAIT_MS },
      );
      if ("busy" in locked) {
        // Nothing was sent (the reserved call stays counted, erring on the safe side): wait for
        // the other writer, without spending an attempt.
        if (!(await sleepUnlessAborted(clock, BUSY_PAUSE_MS, signal))) return;
        continue;
      }
      attempts += 1;
      const written = locked.value;
      if (written.ok) {
        const after = userBags(written.value);
        const audit = this.auditEntry(job, item, patch, {
          before: bagsBeforeFlagWrite(after, slotOf(job), item.before),
          after,
          target: auditTargetOf(written.value),
        });
        const stored = storedFlag(slotOf(job), after);
        await settleWrite(db, item, { state: "changed", after: stored }, audit, this.now());
        await indexSeenUsers(db, [written.value]);
        return;
      }
      const failure = written.error;
      await appendAuditEntry(db, this.auditEntry(job, item, patch, { failure }));
      const decision = decideRetry(failure, attempts, this.options.random);
      if (decision.kind === "give_up") return this.fail(item, describeFailure(failure));
      // Halted while waiting: the item stays "writing", so whoever resumes checks it first.
      if (!(await sleepUnlessAborted(clock, decision.afterMs, signal))) return;
      if (decision.verifyFirst) {
        // A 5xx or a lost connection may hide a write that landed: look before writing again.
        const bags = await this.readBags(item.userId, signal);
        if (signal.aborted) return;
        if (bags === "gone") return this.fail(item, "The user no longer exists.");
        const stored = bags === null ? null : storedFlag(slotOf(job), bags);
        if (stored !== null && sameStoredFlag(stored, item.target)) {
          await settleItem(db, item, { state: "changed", after: stored }, this.now());
          return;
        }
      }
    }
  }

  /** A call from the bulk share, or null once the job is halted (nothing counted). */
  private async reserve(signal: AbortSignal): Promise<CallPermit | null> {
    const reserved = await this.options.budget.reserve("bulk", { signal });
    return "permit" in reserved ? reserved.permit : null;
  }

  private fail(item: BulkItem, error: string) {
    return settleItem(this.options.db, item, { state: "failed", error }, this.now());
  }

  private auditEntry(
    job: BulkJob,
    item: BulkItem,
    patch: BagPatch,
    result: Pick<Attempt, "before" | "after" | "failure" | "message" | "target">,
  ) {
    return auditEntry({
      occurredAt: this.now(),
      actor: job.actor,
      targetUserId: item.userId,
      // The job planned each user with their email; a write Clerk made names them fully.
      target: result.target ?? { name: null, email: item.email },
      patch,
      bulkJobId: job.id,
      reason: job.reason,
      ...result,
      // A job held for approval says which request, whose, approved by whom, on every write.
      message: job.approval
        ? [job.approval, result.message ?? result.failure?.message].filter(Boolean).join(" ")
        : result.message,
    });
  }
}
