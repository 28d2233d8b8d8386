import "server-only";
import type { Kysely } from "kysely";
import { ROLES } from "@/lib/auth/roles";
import type { StaffEvent } from "@/lib/audit/staff-event";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What an author can do to another account that puts its approvals in the author's hands. */
const WHAT: Partial<Record<StaffEvent, string>> = {
  staff_added: "added this account",
  staff_enabled: "enabled this account again",
  staff_password_reset: "reset this account's password",
  two_factor_reset: "reset this account's two-factor sign-in",
  sso_unlinked: "unlinked this account's single sign-on",
  staff_role_changed: "raised this account's role",
};
const EVENTS = Object.keys(WHAT) as StaffEvent[];

const rank = (role: unknown) => ROLES.indexOf(role as (typeof ROLES)[number]);

/**
 * Why an approval is not independent of the request's author, or null when it is: within `days`
 * before it, the author added the approver's account, enabled it again, reset its password or
 * two-factor sign-in, unlinked its single sign-on, or raised its role — on /staff or with
 * `npm run staff --by` (both audited with the author as actor). Such an account may be the
 * author's own second one, or one they can sign in as.
 */
export async function notIndependent(
  db: Kysely<ConsoleDatabase>,
  authorId: string,
  approverId: string,
  approvedAt: number,
  days: number,
): Promise<string | null> {
  if (days <= 0) return null;
  const rows = await db
    .selectFrom("audit_log")
    .select(["event", "occurred_at", "before_doc", "after_doc"])
    .where("target_user_id", "=", approverId)
    .where("actor_id", "=", authorId)
    .where("event", "in", EVENTS)
    .where("outcome", "=", "success")
    .where("occurred_at", ">=", approvedAt - days * DAY_MS)
    .where("occurred_at", "<=", approvedAt)
    .orderBy("occurred_at", "desc")
    .execute();
  for (const row of rows) {
    const event = row.event as StaffEvent;
    if (event === "staff_role_changed") {
      const before =
        row.before_doc === null ? null : fromJsonColumn<{ role?: unknown }>(row.before_doc);
      const after =
        row.after_doc === null ? null : fromJsonColumn<{ role?: unknown }>(row.after_doc);
      if (rank(after?.role) <= rank(before?.role)) continue;
    }
    return `The request's author ${WHAT[event]} on ${new Date(row.occurred_at).toISOString().slice(0, 10)}, less than ${days} days (REVIEW_INDEPENDENCE_DAYS) before the approval, so it does not count.`;
  }
  return null;
}
