import "server-only";
import type { Kysely } from "kysely";
import { ROLES } from "@/lib/auth/roles";
import type { StaffEvent } from "@/lib/audit/staff-event";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What one account can do to another that may put the other in its holder's hands. */
const ACTS: Partial<Record<StaffEvent, string>> = {
  staff_added: "added",
  staff_enabled: "enabled again",
  staff_password_reset: "reset the password of",
  two_factor_reset: "reset the two-factor sign-in of",
  sso_unlinked: "unlinked the single sign-on of",
  staff_role_changed: "raised the role of",
};
const EVENTS = Object.keys(ACTS) as StaffEvent[];

const rank = (role: unknown) => ROLES.indexOf(role as (typeof ROLES)[number]);
const roleOf = (doc: unknown) =>
  doc === null ? undefined : fromJsonColumn<{ role?: unknown }>(doc)?.role;

/** One act of one staff account on another, as the audit log has it. */
interface Act {
  actor: { id: string; email: string };
  target: { id: string; email: string };
  what: string;
  at: number;
}

async function actsWithin(db: Kysely<ConsoleDatabase>, from: number, to: number): Promise<Act[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select([
      "event",
      "occurred_at",
      "actor_id",
      "actor_email",
      "target_user_id",
      "target_email",
      "before_doc",
      "after_doc",
    ])
    .where("event", "in", EVENTS)
    .where("outcome", "=", "success")
    .where("occurred_at", ">=", from)
    .where("occurred_at", "<=", to)
    .orderBy("occurred_at")
    .execute();
  return rows.flatMap((row) => {
    // Only staff act on staff here: a command without --by, or a sign-in, is no one's hand.
    if (!row.actor_id || row.actor_id.startsWith("command:") || !row.target_user_id) return [];
    if (row.actor_id === row.target_user_id) return [];
    if (
      row.event === "staff_role_changed" &&
      rank(roleOf(row.after_doc)) <= rank(roleOf(row.before_doc))
    )
      return [];
    return [
      {
        actor: { id: row.actor_id, email: row.actor_email ?? row.actor_id },
        target: { id: row.target_user_id, email: row.target_email ?? row.target_user_id },
        what: ACTS[row.event as StaffEvent] ?? row.event,
        at: Number(row.occurred_at),
      },
    ];
  });
}

/**
 * The acts linking two accounts, each one's holder having added, enabled, reset, unlinked or
 * promoted the next, in either direction and through any accounts in between; null when none
 * does. Whoever did such an act may hold the account it was done to.
 */
function linkBetween(acts: Act[], from: string, to: string): Act[] | null {
  const reachedBy = new Map<string, Act | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const here = queue.shift()!;
    for (const act of acts) {
      const next =
        act.actor.id === here ? act.target.id : act.target.id === here ? act.actor.id : null;
      if (next === null || reachedBy.has(next)) continue;
      reachedBy.set(next, act);
      if (next === to) {
        const path: Act[] = [];
        for (let at = to; reachedBy.get(at);) {
          const step = reachedBy.get(at)!;
          path.unshift(step);
          at = step.actor.id === at ? step.target.id : step.actor.id;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The acts as a sentence: who did what to whom, when. */
function told(link: Act[]): string {
  return link
    .map((act) => `${act.actor.email} ${act.what} ${act.target.email} on ${day(act.at)}`)
    .join("; ");
}

/**
 * Why an approval is not independent, or null when it is. It is not when, within `days` before
 * it, the approver's account is linked to the request's author's, or to the account of another
 * approver whose approval counts, by acts of one account on another — adding it, enabling it
 * again, resetting its password or two-factor sign-in, unlinking its single sign-on, raising its
 * role — on /staff or with `npm run staff --by`: directly either way (an admin who made a second
 * account and approves with it, or authors with it), or through accounts in between (one the
 * author made made the approver; one person made both). One person may then hold both, and two
 * approvals must be two people.
 */
export async function notIndependent(
  db: Kysely<ConsoleDatabase>,
  authorId: string,
  approverId: string,
  approvedAt: number,
  days: number,
  otherApprovers: ReadonlyArray<{ id: string; email: string }> = [],
): Promise<string | null> {
  if (days <= 0) return null;
  const acts = await actsWithin(db, approvedAt - days * DAY_MS, approvedAt);
  const toAuthor = linkBetween(acts, authorId, approverId);
  if (toAuthor)
    return `The approver's account and the request's author's are linked by what one did to the other less than ${days} days (REVIEW_INDEPENDENCE_DAYS) before the approval (${told(toAuthor)}), so one person may hold both: the approval does not count.`;
  for (const other of otherApprovers) {
    if (other.id === approverId) continue;
    const toOther = linkBetween(acts, other.id, approverId);
    if (toOther)
      return `The approver's account and ${other.email}'s, who approved already, are linked by what one did to the other less than ${days} days (REVIEW_INDEPENDENCE_DAYS) before the approval (${told(toOther)}), so one person may hold both: the approval does not count.`;
  }
  return null;
}
