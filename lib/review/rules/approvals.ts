import type { Role } from "@/lib/auth/roles";
import { fail, ok, type Result } from "@/lib/result/result";

/** What a request keeps of each rule it matched, as the rule was when it was requested. */
export interface RequiredApproval {
  name: string;
  approvers: Role[];
  approvals: number;
}

/** One approval: who gave it, and the role they held at that moment. */
export interface Approval {
  staffId: string;
  role: Role;
  /** Why it does not count toward any rule (not independent of the author); absent if it does. */
  notCounted?: string | null;
}

export interface RuleProgress {
  name: string;
  have: number;
  need: number;
}

/**
 * Per rule, how many of the approvals count: one per person (never the author, never one not
 * independent of the author), from a role the rule names. One approval counts for every rule
 * whose roles include the approver's.
 */
export function approvalProgress(
  required: RequiredApproval[],
  approvals: Approval[],
  authorId: string,
): RuleProgress[] {
  return required.map((rule) => {
    const people = new Set(
      approvals
        .filter((a) => a.staffId !== authorId && !a.notCounted && rule.approvers.includes(a.role))
        .map((a) => a.staffId),
    );
    return { name: rule.name, have: Math.min(people.size, rule.approvals), need: rule.approvals };
  });
}

/** Whether every rule has the approvals it needs: the request may then be applied. */
export function fullyApproved(
  required: RequiredApproval[],
  approvals: Approval[],
  authorId: string,
): boolean {
  return approvalProgress(required, approvals, authorId).every((rule) => rule.have >= rule.need);
}

export type ApprovalRefusal =
  | { kind: "own_request"; message: string }
  | { kind: "already_approved"; message: string }
  | { kind: "not_an_approver"; message: string };

/**
 * Whether this person, with the role they hold now, may approve: never the author, never twice,
 * and only with a role one of the request's rules names while that rule still needs approvals.
 */
export function mayApprove(
  required: RequiredApproval[],
  approvals: Approval[],
  authorId: string,
  approver: Approval,
): Result<true, ApprovalRefusal> {
  if (approver.staffId === authorId)
    return fail({ kind: "own_request", message: "You cannot approve your own request." });
  if (approvals.some((a) => a.staffId === approver.staffId))
    return fail({ kind: "already_approved", message: "You have approved this request already." });
  const progress = approvalProgress(required, approvals, authorId);
  const helps = required.some(
    (rule, n) =>
      rule.approvers.includes(approver.role) && (progress[n]?.have ?? 0) < rule.approvals,
  );
  if (!helps) {
    const roles = [...new Set(required.flatMap((rule) => rule.approvers))].join(" or ");
    return fail({
      kind: "not_an_approver",
      message: `This request needs approval from ${roles}; your role is ${approver.role}.`,
    });
  }
  return ok(true);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an open request lapses without a decision. */
export function expiresAt(requestedAt: number, expireAfterDays: number): number {
  return requestedAt + expireAfterDays * DAY_MS;
}
