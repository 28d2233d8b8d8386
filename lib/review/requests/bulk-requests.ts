import "server-only";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { discardUnapprovedJob, releaseApprovedJob } from "@/lib/bulk/bulk-jobs";
import { bulkRuntime } from "@/lib/bulk/bulk-runtime";
import { getJob, type BulkJob } from "@/lib/bulk/job-store";
import { LEASES, withLease } from "@/lib/db/lease";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { flagPatch } from "@/lib/flags/flag-values";
import { expiresAt } from "@/lib/review/rules/approvals";
import type { ChangeRequest, RequestRule } from "@/lib/review/rules/change-request";
import { formatMetadataPath } from "@/lib/metadata/path";
import { rulesCoveringFlag } from "@/lib/review/rules/flag-reviewed";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import {
  insertChangeRequest,
  rereadChangeRequest,
  startApplying,
  transition,
} from "./request-store";
import { approvalNote } from "./approval-note";
import { recordReviewEvent } from "./review-audit";
import { notifyReviewers } from "./review-webhook";

function bulkRules(job: BulkJob): RequestRule[] {
  const flag = { key: job.flagKey, location: job.bag };
  const path = formatMetadataPath({ bag: job.bag, keys: ["features", job.flagKey] });
  return rulesCoveringFlag(reviewPolicy().rules, flag).map((rule) => ({
    name: rule.name,
    approvers: rule.approvers,
    approvals: rule.approvals,
    note: rule.note,
    paths: [path],
  }));
}

/**
 * Turns a job stored as awaiting approval into a change request; the job runs once it is
 * approved. Answers the request, or null when the job runs without one.
 */
export async function holdBulkJobForApproval(
  db: Kysely<ConsoleDatabase>,
  jobId: string,
  actor: AuditActor,
): Promise<ChangeRequest | null> {
  const job = await getJob(db, jobId);
  if (!job || job.status !== "awaiting_approval") return null;
  const now = Date.now();
  const id = await insertChangeRequest(db, {
    kind: "bulk",
    user: { id: "", email: null, name: job.targetDescription },
    author: { id: actor.id, email: actor.email, name: actor.name ?? null },
    reason: job.reason,
    baseUpdatedAt: 0,
    base: {},
    patch: flagPatch({ key: job.flagKey, location: job.bag }, job.value),
    rules: bulkRules(job),
    revertOf: null,
    bulkJobId: job.id,
    createdAt: now,
    expiresAt: expiresAt(now, reviewPolicy().expireAfterDays),
    // A bulk job is never rebased: it covers its one flag, made with the flag permission.
    scope: [],
    authorPermission: "flags:write",
  });
  const request = await rereadChangeRequest(db, id);
  await recordReviewEvent(db, request, "change_requested", actor, { occurredAt: now });
  notifyReviewers(request, "requested", actor);
  return request;
}

/** Starts an approved request's job; its writes name the request, its author and approvers. */
async function releaseBulkJob(jobId: string, approval: string): Promise<boolean> {
  return releaseApprovedJob((await bulkRuntime()).deps, jobId, approval);
}

/** Closes the job of a request that was rejected, withdrawn or expired. */
export async function discardBulkJob(jobId: string): Promise<void> {
  await discardUnapprovedJob((await bulkRuntime()).deps, jobId);
}

/**
 * Applies an approved bulk request: starts its job, once, whoever else presses at the same
 * moment. Each write of the job is then checked and audited as any bulk write.
 */
export async function applyBulkRequest(
  db: Kysely<ConsoleDatabase>,
  request: ChangeRequest,
  actor: AuditActor,
): Promise<ChangeRequest> {
  const { bulkJobId } = request;
  if (!bulkJobId) return await rereadChangeRequest(db, request.id);
  const started = await withLease(db, LEASES.changeRequest(request.id), async () => {
    if (!(await startApplying(db, request.id, request.round, Date.now()))) return false;
    await releaseBulkJob(bulkJobId, await approvalNote(db, request));
    await transition(db, request.id, ["approved"], "applied", Date.now(), { holdingClaim: true });
    return true;
  });
  const applied = await rereadChangeRequest(db, request.id);
  if ("value" in started && started.value) notifyReviewers(applied, "applied", actor);
  return applied;
}
