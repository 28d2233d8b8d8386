import type { AuditActor } from "./audit-actor";

/** What happened to a staff account or at sign-in; each is one audit entry. */
export const STAFF_EVENTS = [
  "staff_added",
  "staff_enabled",
  "staff_disabled",
  "staff_role_changed",
  "staff_password_reset",
  "password_changed",
  "name_changed",
  "sign_in_locked",
  "two_factor_turned_on",
  "two_factor_turned_off",
  "two_factor_reset",
  "sso_unlinked",
] as const;
export type StaffEvent = (typeof STAFF_EVENTS)[number];

export const STAFF_EVENT_LABELS: Record<StaffEvent, string> = {
  staff_added: "Staff added",
  staff_enabled: "Staff enabled",
  staff_disabled: "Staff disabled",
  staff_role_changed: "Role changed",
  staff_password_reset: "Password reset",
  password_changed: "Own password changed",
  name_changed: "Own name changed",
  sign_in_locked: "Sign-in locked",
  two_factor_turned_on: "Own two-factor turned on",
  two_factor_turned_off: "Own two-factor turned off",
  two_factor_reset: "Two-factor reset",
  sso_unlinked: "Single sign-on unlinked",
};

export function isStaffEvent(value: unknown): value is StaffEvent {
  return typeof value === "string" && (STAFF_EVENTS as readonly string[]).includes(value);
}

/** A staff account as the log keeps it: never a password or its hash. */
export interface StaffSnapshot {
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}

interface StaffTarget {
  /** The account's id; null when no account has that address (a refused add, a lockout). */
  id: string | null;
  email: string;
}

/** One staff or sign-in event, as the audit log keeps it. */
export interface StaffAuditEntryInput {
  kind: "staff";
  occurredAt: number;
  /** Who did it; null for sign-in events, which no signed-in person causes. */
  actor: AuditActor | null;
  event: StaffEvent;
  target: StaffTarget;
  before: StaffSnapshot | null;
  after: StaffSnapshot | null;
  outcome: "success" | "refused";
  message: string | null;
}

export interface StaffAuditEntry extends StaffAuditEntryInput {
  id: number;
}

/** What a staff event is recorded from; a failure message makes it a refusal. */
export interface StaffEventAttempt {
  actor: AuditActor | null;
  event: StaffEvent;
  target: StaffTarget;
  before?: StaffSnapshot | null;
  after?: StaffSnapshot | null;
  refusal?: string | null;
  message?: string | null;
  occurredAt?: number;
}

/** The one place a staff event's entry is built. */
export function staffAuditEntry(attempt: StaffEventAttempt): StaffAuditEntryInput {
  const refused = attempt.refusal !== undefined && attempt.refusal !== null;
  return {
    kind: "staff",
    occurredAt: attempt.occurredAt ?? Date.now(),
    actor: attempt.actor,
    event: attempt.event,
    // What a refused caller typed is kept, within the bound of an email address.
    target: { id: attempt.target.id, email: attempt.target.email.toLowerCase().slice(0, 320) },
    before: attempt.before ?? null,
    after: attempt.after ?? null,
    outcome: refused ? "refused" : "success",
    message: (refused ? attempt.refusal : attempt.message) ?? null,
  };
}

/** The fields an event changed, for the log's Details column. */
export function staffChanges(entry: Pick<StaffAuditEntryInput, "before" | "after">): string[] {
  if (!entry.before || !entry.after) return [];
  const { before, after } = entry;
  return (["email", "name", "role", "disabled"] as const)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key}: ${String(before[key])} → ${String(after[key])}`);
}
