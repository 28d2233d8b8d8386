import { sql, type Kysely, type Selectable } from "kysely";
import type { Role } from "@/lib/auth/roles";
import { isRole } from "@/lib/auth/roles";
import { fromJsonColumn } from "@/lib/db/json-column";
import { changeRequestUnclaimed } from "@/lib/db/lease";
import type {
  ChangeRequestApprovalTable,
  ChangeRequestCommentTable,
  ChangeRequestTable,
  ConsoleDatabase,
} from "@/lib/db/schema";
import type { BagPatch, Bags } from "@/lib/metadata/bags";
import type { MetadataPath } from "@/lib/metadata/path";
import { requestScope } from "@/lib/review/rules/request-scope";
import {
  approverRolesColumn,
  isChangeRequestStatus,
  isRequestPermission,
  PENDING_STATUSES,
  type ChangeRequest,
  type ChangeRequestStatus,
  type RecordedApproval,
  type RequestComment,
  type RequestPermission,
  type RequestRule,
  type StaffRef,
} from "@/lib/review/rules/change-request";
import { BAG_NAMES } from "@/lib/metadata/bags";

type Db = Kysely<ConsoleDatabase>;

/** The permission a request made before 0022 was made with, by its kind. */
const PERMISSION_OF_KIND: Record<ChangeRequest["kind"], RequestPermission> = {
  metadata: "metadata:write",
  revert: "audit:revert",
  bulk: "flags:write",
};

function requestFromRow(row: Selectable<ChangeRequestTable>): ChangeRequest {
  if (!isChangeRequestStatus(row.status))
    throw new Error(`change request ${row.id} has an unknown status "${row.status}"`);
  if (row.kind !== "metadata" && row.kind !== "revert" && row.kind !== "bulk")
    throw new Error(`change request ${row.id} has an unknown kind "${row.kind}"`);
  const base = fromJsonColumn<Partial<Bags>>(row.base_doc);
  const patch = fromJsonColumn<BagPatch>(row.patch);
  return {
    id: Number(row.id),
    kind: row.kind,
    status: row.status,
    user: { id: row.user_id, email: row.user_email, name: row.user_name },
    author: { id: row.author_id, email: row.author_email, name: row.author_name },
    reason: row.reason,
    baseUpdatedAt: Number(row.base_updated_at),
    base,
    patch,
    rules: fromJsonColumn<RequestRule[]>(row.rules),
    round: Number(row.round),
    revertOf: row.revert_of === null ? null : Number(row.revert_of),
    bulkJobId: row.bulk_job_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: Number(row.expires_at),
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    appliedEntryId: row.applied_entry_id === null ? null : Number(row.applied_entry_id),
    scope:
      row.scope === null
        ? requestScope(
            Object.fromEntries(BAG_NAMES.map((bag) => [bag, base[bag] ?? {}])) as Bags,
            patch,
          )
        : fromJsonColumn<MetadataPath[]>(row.scope),
    authorPermission: isRequestPermission(row.author_permission)
      ? row.author_permission
      : PERMISSION_OF_KIND[row.kind],
  };
}

/** A request as it is made: what it is, on whom, by whom; the store adds its id and status. */
export type NewChangeRequest = Pick<
  ChangeRequest,
  | "kind"
  | "user"
  | "author"
  | "reason"
  | "baseUpdatedAt"
  | "base"
  | "patch"
  | "rules"
  | "revertOf"
  | "createdAt"
  | "expiresAt"
  | "scope"
  | "authorPermission"
> & { bulkJobId?: string | null };

export async function insertChangeRequest(db: Db, request: NewChangeRequest): Promise<number> {
  const { id } = await db
    .insertInto("change_request")
    .values({
      kind: request.kind,
      status: "open",
      user_id: request.user.id,
      user_email: request.user.email,
      user_name: request.user.name,
      author_id: request.author.id,
      author_email: request.author.email,
      author_name: request.author.name,
      reason: request.reason,
      base_updated_at: request.baseUpdatedAt,
      base_doc: JSON.stringify(request.base),
      patch: JSON.stringify(request.patch),
      rules: JSON.stringify(request.rules),
      approver_roles: approverRolesColumn(request.rules),
      revert_of: request.revertOf,
      bulk_job_id: request.bulkJobId ?? null,
      created_at: request.createdAt,
      updated_at: request.createdAt,
      expires_at: request.expiresAt,
      scope: JSON.stringify(request.scope),
      author_permission: request.authorPermission,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

export async function getChangeRequest(db: Db, id: number): Promise<ChangeRequest | null> {
  const row = await db
    .selectFrom("change_request")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? requestFromRow(row) : null;
}

function approvalFromRow(row: Selectable<ChangeRequestApprovalTable>): RecordedApproval {
  if (!isRole(row.role)) throw new Error(`an approval of request ${row.request_id} has no role`);
  return {
    staffId: row.staff_id,
    email: row.staff_email,
    name: row.staff_name,
    role: row.role,
    round: Number(row.round),
    approvedAt: Number(row.approved_at),
    notCounted: row.not_counted,
  };
}

/** A request this process has just read or written: gone means the database lost it. */
export async function rereadChangeRequest(db: Db, id: number): Promise<ChangeRequest> {
  const request = await getChangeRequest(db, id);
  if (!request) throw new Error(`change request ${id} vanished`);
  return request;
}

/** Every approval of the request, every round, oldest first. */
export async function listApprovals(db: Db, requestId: number): Promise<RecordedApproval[]> {
  const rows = await db
    .selectFrom("change_request_approval")
    .selectAll()
    .where("request_id", "=", requestId)
    .orderBy("approved_at")
    .execute();
  return rows.map(approvalFromRow);
}

/**
 * Records one approval in the request's current round, only while it is open. False when it
 * was not recorded: the person approved already, or the request moved on meanwhile.
 */
export async function addApproval(
  db: Db,
  requestId: number,
  round: number,
  approver: StaffRef & { role: Role },
  at: number,
  /** Why it does not count, if it does not. */
  notCounted: string | null = null,
): Promise<boolean> {
  const result = await db
    .insertInto("change_request_approval")
    .columns([
      "request_id",
      "round",
      "staff_id",
      "staff_email",
      "staff_name",
      "role",
      "approved_at",
      "not_counted",
    ])
    .expression((eb) =>
      eb
        .selectFrom("change_request")
        .select([
          sql<number>`${requestId}`.as("request_id"),
          sql<number>`${round}`.as("round"),
          sql<string>`${approver.id}`.as("staff_id"),
          sql<string>`${approver.email}`.as("staff_email"),
          sql<string | null>`${approver.name}`.as("staff_name"),
          sql<string>`${approver.role}`.as("role"),
          sql<number>`${at}`.as("approved_at"),
          sql<string | null>`${notCounted}`.as("not_counted"),
        ])
        .where("id", "=", requestId)
        .where("status", "=", "open")
        .where("round", "=", round),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

function commentFromRow(row: Selectable<ChangeRequestCommentTable>): RequestComment {
  return {
    id: Number(row.id),
    kind: row.kind === "rejection" ? "rejection" : "comment",
    author: { id: row.author_id, email: row.author_email, name: row.author_name },
    body: row.body,
    createdAt: Number(row.created_at),
  };
}

export async function addComment(
  db: Db,
  requestId: number,
  kind: RequestComment["kind"],
  author: StaffRef,
  body: string,
  at: number,
): Promise<void> {
  await db
    .insertInto("change_request_comment")
    .values({
      request_id: requestId,
      kind,
      author_id: author.id,
      author_email: author.email,
      author_name: author.name,
      body,
      created_at: at,
    })
    .execute();
}

export async function listComments(db: Db, requestId: number): Promise<RequestComment[]> {
  const rows = await db
    .selectFrom("change_request_comment")
    .selectAll()
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();
  return rows.map(commentFromRow);
}

/**
 * Moves a request from one of `from` to `to`, if it is still in one of them and no one is
 * applying it: the one place a status changes, so two people acting at once move it once.
 */
export async function transition(
  db: Db,
  id: number,
  from: readonly ChangeRequestStatus[],
  to: ChangeRequestStatus,
  at: number,
  extra: {
    /** A rebase: the new base, and the rules as they apply to it; approvals start again. */
    rebase?: {
      baseUpdatedAt: number;
      base: Partial<Bags>;
      /** The patch, resolved again by the author, or the one it had. */
      patch: BagPatch;
      rules: RequestRule[];
      expiresAt: number;
    };
    appliedEntryId?: number;
    /** The caller holds the request's lease (applying it), so the lease does not stop it. */
    holdingClaim?: boolean;
  } = {},
): Promise<boolean> {
  const final = to === "applied" || to === "rejected" || to === "withdrawn" || to === "expired";
  const { rebase } = extra;
  let update = db
    .updateTable("change_request")
    .set({
      status: to,
      updated_at: at,
      closed_at: final ? at : null,
      ...(extra.appliedEntryId !== undefined ? { applied_entry_id: extra.appliedEntryId } : {}),
      ...(rebase
        ? {
            base_updated_at: rebase.baseUpdatedAt,
            base_doc: JSON.stringify(rebase.base),
            patch: JSON.stringify(rebase.patch),
            rules: JSON.stringify(rebase.rules),
            approver_roles: approverRolesColumn(rebase.rules),
            expires_at: rebase.expiresAt,
            round: sql<number>`round + 1`,
          }
        : {}),
    })
    .where("id", "=", id)
    .where("status", "in", from);
  if (!extra.holdingClaim) update = update.where(changeRequestUnclaimed(at));
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks a request approved for applying, while it is open or approved in this round. The caller
 * holds the request's lease (LEASES.changeRequest), so only one process at a time applies it.
 */
export async function startApplying(
  db: Db,
  id: number,
  round: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("change_request")
    .set({ status: "approved", updated_at: now })
    .where("id", "=", id)
    .where("status", "in", ["open", "approved"])
    .where("round", "=", round)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks lapsed requests expired, each once whoever else is sweeping; answers those it marked. */
export async function expireDue(db: Db, now: number): Promise<ChangeRequest[]> {
  const rows = await db
    .updateTable("change_request")
    .set({ status: "expired", updated_at: now, closed_at: now })
    .where("status", "in", PENDING_STATUSES)
    .where("expires_at", "<=", now)
    .where(changeRequestUnclaimed(now))
    .returningAll()
    .execute();
  return rows.map(requestFromRow);
}

export type QueueView = "waiting" | "mine" | "all";

export interface QueueFilter {
  view: QueueView;
  status?: ChangeRequestStatus;
  /** Who is asking: "waiting" and "mine" are theirs. */
  staff: { id: string; role: Role };
}

const baseQuery = (db: Db) => db.selectFrom("change_request");
type RequestQuery = ReturnType<typeof baseQuery>;

/** Requests this person may approve now: open, not theirs, not yet approved by them this round. */
function waitingFor(query: RequestQuery, staff: QueueFilter["staff"]): RequestQuery {
  return (
    query
      .where("status", "=", "open")
      // Lapsed but not yet swept: counting never has to write.
      .where("expires_at", ">", Date.now())
      .where("author_id", "!=", staff.id)
      .where("approver_roles", "like", `%,${staff.role},%`)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("change_request_approval as a")
              .select("a.staff_id")
              .whereRef("a.request_id", "=", "change_request.id")
              .whereRef("a.round", "=", "change_request.round")
              .where("a.staff_id", "=", staff.id),
          ),
        ),
      )
  );
}

/** A page of the queue, newest first. */
export async function listChangeRequests(
  db: Db,
  filter: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ requests: ChangeRequest[]; totalCount: number }> {
  let query = baseQuery(db);
  if (filter.view === "waiting") query = waitingFor(query, filter.staff);
  if (filter.view === "mine") query = query.where("author_id", "=", filter.staff.id);
  if (filter.status) query = query.where("status", "=", filter.status);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  return { requests: rows.map(requestFromRow), totalCount: Number(count?.n ?? 0) };
}

/** A user's requests still waiting for approval (open, not lapsed), newest first. */
export async function openRequestsForUser(db: Db, userId: string): Promise<ChangeRequest[]> {
  const rows = await baseQuery(db)
    .selectAll()
    .where("user_id", "=", userId)
    .where("status", "=", "open")
    .where("expires_at", ">", Date.now())
    .orderBy("created_at", "desc")
    .limit(20)
    .execute();
  return rows.map(requestFromRow);
}

/** How many requests wait for this person's approval: the header's badge. */
export async function countWaitingFor(db: Db, staff: QueueFilter["staff"]): Promise<number> {
  const row = await waitingFor(baseQuery(db), staff)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The request holding a bulk job for approval, if there is one. */
export async function requestOfBulkJob(db: Db, jobId: string): Promise<number | null> {
  const row = await db
    .selectFrom("change_request")
    .select("id")
    .where("bulk_job_id", "=", jobId)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** The audit entry of the write that applied the request, if one landed. */
export async function appliedWriteOf(db: Db, requestId: number): Promise<number | null> {
  const row = await db
    .selectFrom("audit_log")
    .select("id")
    .where("change_request_id", "=", requestId)
    .where("event", "=", "metadata_write")
    .where("outcome", "=", "success")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}
