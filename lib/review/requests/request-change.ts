import "server-only";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { auditTargetOf } from "@/lib/audit/audit-target";
import type { ClerkFailure } from "@/lib/clerk/clerk-failure";
import type { UserDto } from "@/lib/clerk/user-dto";
import { getUser } from "@/lib/clerk/users";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { BAG_NAMES, type Bags } from "@/lib/metadata/bags";
import { isConflict } from "@/lib/metadata/conflict";
import { fail, ok, type Result } from "@/lib/result/result";
import { expiresAt } from "@/lib/review/rules/approvals";
import type { ChangeRequest, RequestPermission } from "@/lib/review/rules/change-request";
import { requestScope } from "@/lib/review/rules/request-scope";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import type { ReviewPolicy } from "@/lib/review/rules/review-policy-schema";
import { requestRules } from "@/lib/review/rules/review-required";
import { rulesTouched } from "@/lib/review/rules/rules-touched";
import type { SaveMetadataInput } from "@/lib/users/save-input";
import { userBags } from "@/lib/users/user-bags";
import { checkRequestable } from "./request-checks";
import { getChangeRequest, insertChangeRequest } from "./request-store";
import { recordReviewEvent } from "./review-audit";
import { notifyReviewers } from "./review-webhook";

export type RequestFailure =
  | { kind: "invalid"; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "no_review_needed"; message: string }
  | { kind: "conflict"; message: string; current: UserDto }
  | ClerkFailure;

export interface RequestContext {
  actor: AuditActor;
  /** What the author makes it with: a rebase later needs the same permission. */
  permission: RequestPermission;
  db: Kysely<ConsoleDatabase>;
  /** By default, the policy from metadeck.config.ts. */
  policy?: ReviewPolicy;
  now?: number;
  /** A request to revert this audit entry. */
  revertOf?: number | null;
}

/** The bags the patch touches, as the request's base: what approval is checked against. */
function baseOf(bags: Bags, input: SaveMetadataInput): Partial<Bags> {
  return Object.fromEntries(BAG_NAMES.filter((b) => input.patch[b]).map((b) => [b, bags[b]]));
}

/**
 * Turns a change that falls under review rules into a change request: checked as a save is
 * (reason, flag types, sizes, conflict with the version its author saw), its rules evaluated
 * on the user as Clerk has it now, and nothing written to Clerk. It keeps what it covers and
 * the permission it was made with, for a rebase to stay within. Audited once as "requested".
 */
export async function requestChange(
  input: SaveMetadataInput,
  context: RequestContext,
): Promise<Result<ChangeRequest, RequestFailure>> {
  const policy = context.policy ?? reviewPolicy();
  const read = await getUser(input.userId);
  if (!read.ok) return read;
  const current = read.value;
  if (!current) return fail({ kind: "not_found", message: `No user ${input.userId} exists.` });
  const bags = userBags(current);
  const reason = checkRequestable(bags, input.patch, input.reason ?? null, policy.reasonRequired);
  if (!reason.ok) return reason;
  const base = { updatedAt: input.baseUpdatedAt, bags: input.base, scope: input.scope ?? "bags" };
  if (isConflict({ updatedAt: current.updatedAt, bags }, base, input.patch))
    return fail({
      kind: "conflict",
      message: "This user changed since you opened it. Nothing was requested.",
      current,
    });
  const rules = requestRules(rulesTouched(policy.rules, bags, input.patch));
  if (rules.length === 0)
    return fail({
      kind: "no_review_needed",
      message: "No review rule covers this change: save it directly.",
    });
  const now = context.now ?? Date.now();
  const target = auditTargetOf(current);
  const id = await insertChangeRequest(context.db, {
    kind: context.revertOf ? "revert" : "metadata",
    user: { id: current.id, email: target.email, name: target.name },
    author: { id: context.actor.id, email: context.actor.email, name: context.actor.name ?? null },
    reason: reason.value,
    // The version read now: the author's own base differs from it only where nothing touched.
    baseUpdatedAt: current.updatedAt,
    base: baseOf(bags, input),
    patch: input.patch,
    rules,
    revertOf: context.revertOf ?? null,
    createdAt: now,
    expiresAt: expiresAt(now, policy.expireAfterDays),
    scope: requestScope(bags, input.patch),
    authorPermission: context.permission,
  });
  const request = await getChangeRequest(context.db, id);
  if (!request) throw new Error(`change request ${id} vanished after it was stored`);
  await recordReviewEvent(context.db, request, "change_requested", context.actor, {
    occurredAt: now,
  });
  notifyReviewers(request, "requested", context.actor);
  return ok(request);
}
