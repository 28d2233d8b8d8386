import "server-only";
import type { AuditEntry } from "@/lib/audit/audit-entry";
import { listAuditEntries } from "@/lib/audit/audit-log";
import type { Staff } from "@/lib/auth/current-staff";
import type { ClerkFailure } from "@/lib/clerk/clerk-failure";
import type { UserDto } from "@/lib/clerk/user-dto";
import { getUser } from "@/lib/clerk/users";
import { consoleDb } from "@/lib/db/console-db";
import { fail, ok, type Result } from "@/lib/result/result";
import type {
  ChangeRequest,
  RecordedApproval,
  RequestComment,
} from "@/lib/review/rules/change-request";
import {
  QUEUE_PAGE_SIZE,
  type QueueQuery,
  type QueueViewName,
} from "@/lib/review/rules/queue-query";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { pendingRequestOf, type PendingRequest } from "@/lib/review/rules/pending-request";
import { readJobProgress } from "@/lib/bulk/bulk-reads";
import type { JobProgress } from "@/lib/bulk/bulk-jobs";
import { serverEnv } from "@/lib/config/server-env";
import { sweepExpired } from "./expire-requests";
import { notIndependent } from "./independence";
import {
  countWaitingFor,
  getChangeRequest,
  openRequestsForUser,
  listApprovals,
  listChangeRequests,
  listComments,
  requestOfBulkJob,
} from "./request-store";

/** Whether any rule of the policy names this role: then "Waiting for me" is their first view. */
function approvesAnything(staff: Pick<Staff, "role">): boolean {
  return reviewPolicy().rules.some((rule) => rule.approvers.includes(staff.role));
}

function defaultView(staff: Pick<Staff, "role">): QueueViewName {
  return approvesAnything(staff) ? "waiting" : "all";
}

export async function readQueue(staff: Staff, query: QueueQuery) {
  const { db } = await consoleDb();
  await sweepExpired(db);
  const view = query.view ?? defaultView(staff);
  const { requests, totalCount } = await listChangeRequests(
    db,
    { view, status: query.status, staff: { id: staff.id, role: staff.role } },
    { limit: QUEUE_PAGE_SIZE, offset: (query.page - 1) * QUEUE_PAGE_SIZE },
  );
  return { view, requests, totalCount };
}

/** The header's badge: requests the signed-in person may approve now. */
export async function readWaitingCount(staff: Staff): Promise<number> {
  const { db } = await consoleDb();
  return countWaitingFor(db, { id: staff.id, role: staff.role });
}

export interface RequestView {
  request: ChangeRequest;
  approvals: RecordedApproval[];
  comments: RequestComment[];
  history: AuditEntry[];
  /** The user as Clerk has it now: what the diff is drawn against; null if deleted or bulk. */
  current: Result<UserDto | null, ClerkFailure>;
  /** A bulk request's job: its plan is the dry run the approver reads. */
  job: JobProgress | null;
}

/** Everything the request's page shows, the user re-read from Clerk as it opens. */
export async function readRequestView(id: number): Promise<RequestView | null> {
  const { db } = await consoleDb();
  await sweepExpired(db);
  const request = await getChangeRequest(db, id);
  if (!request) return null;
  const [approvals, comments, history, current] = await Promise.all([
    listApprovals(db, id),
    listComments(db, id),
    listAuditEntries(db, { changeRequestId: id }, { limit: 200, offset: 0 }),
    request.kind === "bulk" ? ok(null) : getUser(request.user.id),
  ]);
  const job = request.bulkJobId ? await readJobProgress(request.bulkJobId) : null;
  return {
    request,
    approvals,
    comments,
    history: [...history.entries].reverse(),
    current: current.ok ? ok(current.value) : fail(current.error),
    job,
  };
}

/** Why this person's approval would not count if they gave it now; null when it would. */
export async function wouldNotCount(
  request: ChangeRequest,
  staffId: string,
  approvals: readonly RecordedApproval[],
) {
  const { db } = await consoleDb();
  const counting = approvals.filter((a) => a.round === request.round && !a.notCounted);
  return notIndependent(
    db,
    request.author.id,
    staffId,
    Date.now(),
    serverEnv().reviewIndependenceDays,
    counting.map((a) => ({ id: a.staffId, email: a.email })),
  );
}

/** The change request a held bulk job waits on, if any, for the job's page. */
export async function readRequestOfBulkJob(jobId: string): Promise<number | null> {
  return requestOfBulkJob((await consoleDb()).db, jobId);
}

/** The user's requests waiting for approval, for the markers on their page. */
export async function readPendingRequests(userId: string): Promise<PendingRequest[]> {
  return (await openRequestsForUser((await consoleDb()).db, userId)).map(pendingRequestOf);
}
