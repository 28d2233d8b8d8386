import "server-only";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import type { ReviewEvent } from "@/lib/audit/review-event";
import { can, type Role } from "@/lib/auth/roles";
import type { ClerkFailure } from "@/lib/clerk/clerk-failure";
import { getUser } from "@/lib/clerk/users";
import { serverEnv } from "@/lib/config/server-env";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { BAG_NAMES, type BagPatch, type Bags } from "@/lib/metadata/bags";
import { createMergePatch } from "@/lib/metadata/merge-patch";
import { fail, ok, type Result } from "@/lib/result/result";
import { expiresAt, fullyApproved, mayApprove } from "@/lib/review/rules/approvals";
import {
  isFinal,
  namesRole,
  PENDING_STATUSES,
  STATUS_LABELS,
  type ChangeRequest,
  type ChangeRequestStatus,
} from "@/lib/review/rules/change-request";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { formatMetadataPath } from "@/lib/metadata/path";
import { outsideScope } from "@/lib/review/rules/request-scope";
import { requestRules } from "@/lib/review/rules/review-required";
import { rulesTouched } from "@/lib/review/rules/rules-touched";
import type { SaveFailure } from "@/lib/users/save-metadata";
import { userBags } from "@/lib/users/user-bags";
import { applyRequest, type ApplyOutcome } from "./apply-request";
import { applyBulkRequest, discardBulkJob } from "./bulk-requests";
import { sweepExpired } from "./expire-requests";
import { notIndependent } from "./independence";
import { checkRequestable } from "./request-checks";
import {
  addApproval,
  addComment,
  getChangeRequest,
  listApprovals,
  rereadChangeRequest,
  transition,
} from "./request-store";
import { recordReviewEvent } from "./review-audit";
import { notifyReviewers } from "./review-webhook";

/** Who is acting, with the role they hold at this moment. */
export type Decider = AuditActor & { role: Role };

export type DecisionFailure =
  | { kind: "not_found" | "final" | "forbidden" | "invalid"; message: string }
  | SaveFailure
  | ClerkFailure;

export type Decision = Result<
  {
    request: ChangeRequest;
    applied?: ApplyOutcome["kind"];
    /** An approval that was recorded but does not count, and why. */
    notCounted?: string;
  },
  DecisionFailure
>;

type Db = Kysely<ConsoleDatabase>;

const staffRef = (actor: Decider) => ({
  id: actor.id,
  email: actor.email,
  name: actor.name ?? null,
});

async function load(db: Db, id: number): Promise<Result<ChangeRequest, DecisionFailure>> {
  await sweepExpired(db);
  const request = await getChangeRequest(db, id);
  return request
    ? ok(request)
    : fail({ kind: "not_found", message: `No change request #${id} exists.` });
}

function finalMessage(request: ChangeRequest): string {
  return `Request #${request.id} is ${STATUS_LABELS[request.status].toLowerCase()} already; nothing was done.`;
}

/** A refused step: audited against the request, answered as a value. */
async function refuse(
  db: Db,
  request: ChangeRequest,
  event: ReviewEvent,
  actor: Decider,
  kind: "final" | "forbidden" | "invalid",
  message: string,
): Promise<Decision> {
  await recordReviewEvent(db, request, event, actor, { refused: message });
  return fail({ kind, message });
}

/**
 * Whether this role may decide on the request at all: one of its rules names it (a rule that
 * names no roles was given those holding `changes:approve` when the policy was read).
 */
function mayDecide(request: ChangeRequest, role: Role): boolean {
  return namesRole(request.rules, role);
}

/**
 * One approval, by someone other than the author, holding a role one of the rules names now.
 * The approval that completes every rule applies the change.
 */
export async function approveRequest(db: Db, id: number, actor: Decider): Promise<Decision> {
  const loaded = await load(db, id);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  if (request.status === "approved") return applyApproved(db, request, actor);
  if (request.status !== "open")
    return refuse(db, request, "change_approved", actor, "final", finalMessage(request));
  const approvals = (await listApprovals(db, id)).filter((a) => a.round === request.round);
  const allowed = mayApprove(request.rules, approvals, request.author.id, {
    staffId: actor.id,
    role: actor.role,
  });
  if (!allowed.ok)
    return refuse(db, request, "change_approved", actor, "forbidden", allowed.error.message);
  const approver = { ...staffRef(actor), role: actor.role };
  const at = Date.now();
  const days = serverEnv().reviewIndependenceDays;
  const counting = approvals.filter((a) => !a.notCounted);
  const notCounted = await notIndependent(
    db,
    request.author.id,
    actor.id,
    at,
    days,
    counting.map((a) => ({ id: a.staffId, email: a.email })),
  );
  if (!(await addApproval(db, id, request.round, approver, at, notCounted))) {
    const now = await rereadChangeRequest(db, id);
    return now.status === "open"
      ? fail({ kind: "invalid", message: "You have approved this request already." })
      : refuse(db, now, "change_approved", actor, "final", finalMessage(now));
  }
  await recordReviewEvent(db, request, "change_approved", actor, {
    message: notCounted,
    occurredAt: at,
  });
  if (notCounted) return ok({ request: await rereadChangeRequest(db, id), notCounted });
  const counted = (await listApprovals(db, id)).filter((a) => a.round === request.round);
  if (!fullyApproved(request.rules, counted, request.author.id)) {
    notifyReviewers(request, "approved", actor);
    return ok({ request: await rereadChangeRequest(db, id) });
  }
  return applyApproved(db, request, actor);
}

async function applyApproved(db: Db, request: ChangeRequest, actor: Decider): Promise<Decision> {
  if (!mayDecide(request, actor.role) && actor.id !== request.author.id)
    return fail({ kind: "forbidden", message: "Your role may not apply this request." });
  if (request.kind === "bulk") {
    const started = await applyBulkRequest(db, request, actor);
    return ok({
      request: started,
      applied: started.status === "applied" ? "applied" : "in_progress",
    });
  }
  const applied = await applyRequest(db, request, actor);
  if (!applied.ok) return applied;
  return ok({ request: applied.value.request, applied: applied.value.kind });
}

/** Closes the request unapplied, with the approver's note saying why (required). */
export async function rejectRequest(
  db: Db,
  id: number,
  actor: Decider,
  comment: string,
): Promise<Decision> {
  const loaded = await load(db, id);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  if (isFinal(request.status))
    return refuse(db, request, "change_rejected", actor, "final", finalMessage(request));
  if (!mayDecide(request, actor.role) || actor.id === request.author.id)
    return refuse(
      db,
      request,
      "change_rejected",
      actor,
      "forbidden",
      actor.id === request.author.id
        ? "You cannot reject your own request; withdraw it instead."
        : `Only ${[...new Set(request.rules.flatMap((r) => r.approvers))].join(" or ")} may reject this request.`,
    );
  return close(db, request, "rejected", "change_rejected", actor, comment);
}

/** The author takes the request back. */
export async function withdrawRequest(db: Db, id: number, actor: Decider): Promise<Decision> {
  const loaded = await load(db, id);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  if (isFinal(request.status))
    return refuse(db, request, "change_withdrawn", actor, "final", finalMessage(request));
  if (actor.id !== request.author.id)
    return refuse(
      db,
      request,
      "change_withdrawn",
      actor,
      "forbidden",
      "Only the author can withdraw a request.",
    );
  return close(db, request, "withdrawn", "change_withdrawn", actor, null);
}

async function close(
  db: Db,
  request: ChangeRequest,
  to: ChangeRequestStatus,
  event: ReviewEvent,
  actor: Decider,
  comment: string | null,
): Promise<Decision> {
  const now = Date.now();
  // Only from a state in which nothing is being applied: an apply in progress wins.
  if (!(await transition(db, request.id, PENDING_STATUSES, to, now))) {
    const current = await rereadChangeRequest(db, request.id);
    const message = isFinal(current.status)
      ? finalMessage(current)
      : "The request is being applied right now; nothing was done.";
    return refuse(db, current, event, actor, "final", message);
  }
  if (comment !== null)
    await addComment(db, request.id, "rejection", staffRef(actor), comment, now);
  if (request.bulkJobId) await discardBulkJob(request.bulkJobId);
  await recordReviewEvent(db, request, event, actor, { message: comment, occurredAt: now });
  notifyReviewers(request, to === "rejected" ? "rejected" : "withdrawn", actor);
  return ok({ request: await rereadChangeRequest(db, request.id) });
}

/** A comment on a request that is not closed yet, by anyone who may read it. */
export async function commentOnRequest(
  db: Db,
  id: number,
  actor: Decider,
  body: string,
): Promise<Decision> {
  const loaded = await load(db, id);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  if (isFinal(request.status))
    return refuse(db, request, "change_commented", actor, "final", finalMessage(request));
  await addComment(db, id, "comment", staffRef(actor), body, Date.now());
  await recordReviewEvent(db, request, "change_commented", actor, { message: body });
  return ok({ request });
}

/**
 * The patch an edited rebase sends: for each bag the request touched, what turns the user's
 * current document into the author's. Bags the request never touched stay out of it.
 */
function editedPatch(requested: BagPatch, current: Bags, documents: Partial<Bags>): BagPatch {
  const patch: BagPatch = {};
  for (const bag of BAG_NAMES) {
    const wanted = documents[bag];
    if (!requested[bag] || !wanted) continue;
    const change = createMergePatch(current[bag], wanted);
    if (Object.keys(change).length > 0) patch[bag] = change;
  }
  return patch;
}

/** The author's own resolution of a rebase: the documents as they should now become. */
export interface RebaseEdit {
  /** The user's `updated_at` the author resolved against: a later change refuses the rebase. */
  seenUpdatedAt: number;
  /** For each bag the request touches, the document it should leave the user with. */
  documents: Partial<Bags>;
}

/**
 * Moves a request that needs a rebase onto the user as Clerk has it now: a new base, the rules
 * evaluated again, and approvals starting over (the approvers saw another diff). The patch is
 * the same one, or, with `edit`, the one that turns the current documents into the author's.
 * A rebase stays within the request: only its author, still holding the permission they made
 * it with, may rebase it; it may change only the paths the request covered when it was made;
 * and it passes every check a new request passes.
 */
export async function rebaseRequest(
  db: Db,
  id: number,
  actor: Decider,
  edit?: RebaseEdit,
): Promise<Decision> {
  const loaded = await load(db, id);
  if (!loaded.ok) return loaded;
  const request = loaded.value;
  const refused = (kind: "final" | "forbidden" | "invalid", message: string) =>
    refuse(db, request, "change_rebased", actor, kind, message);
  if (isFinal(request.status)) return refused("final", finalMessage(request));
  if (actor.id !== request.author.id)
    return refused("forbidden", "Only the author can rebase a request.");
  if (request.status !== "needs_rebase")
    return fail({ kind: "invalid", message: "This request applies as it is; it needs no rebase." });
  if (!can(actor.role, request.authorPermission))
    return refused(
      "forbidden",
      `Your role (${actor.role}) may no longer make this change (${request.authorPermission}): the request cannot be rebased. Withdraw it, or ask someone who may to request it again.`,
    );
  const read = await getUser(request.user.id);
  if (!read.ok) return read;
  if (!read.value)
    return fail({ kind: "not_found", message: `No user ${request.user.id} exists.` });
  const bags = userBags(read.value);
  if (edit && edit.seenUpdatedAt !== read.value.updatedAt)
    return fail({
      kind: "invalid",
      message:
        "The user changed again while you resolved the rebase; nothing was done and your text is kept. The columns now show the user as Clerk has it: check your documents against it and rebase again.",
    });
  const patch = edit ? editedPatch(request.patch, bags, edit.documents) : request.patch;
  if (Object.keys(patch).length === 0)
    return fail({
      kind: "invalid",
      message:
        "Your documents equal the user as Clerk has it now, so nothing is left to request; nothing was done. Withdraw the request if it is no longer needed.",
    });
  const outside = outsideScope(bags, patch, request.scope);
  if (outside.length > 0)
    return refused(
      "forbidden",
      `A rebase may change only what the request was made for; this one would also change ${outside.map(formatMetadataPath).join(", ")}. Nothing was done: request that separately.`,
    );
  const checked = checkRequestable(bags, patch, request.reason, reviewPolicy().reasonRequired);
  if (!checked.ok) return refused("invalid", checked.error.message);
  const rules = requestRules(rulesTouched(reviewPolicy().rules, bags, patch));
  const now = Date.now();
  const moved = await transition(db, id, ["needs_rebase"], "open", now, {
    rebase: {
      baseUpdatedAt: read.value.updatedAt,
      base: Object.fromEntries(BAG_NAMES.filter((b) => patch[b]).map((b) => [b, bags[b]])),
      patch,
      // A patch that no rule covers any more still waits for the approvals it was sent for.
      rules: rules.length > 0 ? rules : request.rules,
      expiresAt: expiresAt(now, reviewPolicy().expireAfterDays),
    },
  });
  if (!moved) {
    const current = await rereadChangeRequest(db, id);
    return refuse(db, current, "change_rebased", actor, "final", finalMessage(current));
  }
  const rebased = await rereadChangeRequest(db, id);
  await recordReviewEvent(db, rebased, "change_rebased", actor, {
    message: edit
      ? "Rebased with the author's resolution; approvals start again."
      : "Approvals start again.",
    occurredAt: now,
  });
  return ok({ request: rebased });
}
