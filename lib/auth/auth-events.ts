import type { Kysely } from "kysely";
import { recordStaffEvent } from "@/lib/audit/record-staff-event";
import type { StaffSnapshot } from "@/lib/audit/staff-event";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { signInWaitFor, type SignInWait } from "./sign-in-limits";

/* For the audit log: the account every staff event keeps, and the events better-auth's own
 * endpoints cause (own name and password changes, sign-in waits). */

/** A staff user as better-auth hands it over (its extra fields untyped). */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role?: unknown;
  disabled?: unknown;
};

/** An account as the audit log keeps it: never a password or its hash. */
export function staffSnapshot(user: SessionUser): StaffSnapshot {
  return {
    email: user.email,
    name: user.name,
    role: typeof user.role === "string" ? user.role : "viewer",
    disabled: Boolean(user.disabled),
  };
}

/** A staff member's own change, made through better-auth's endpoints, audited as theirs. */
export function recordSelfChange(
  db: Kysely<ConsoleDatabase>,
  user: SessionUser,
  event: "password_changed" | "name_changed" | "two_factor_turned_on" | "two_factor_turned_off",
  after: StaffSnapshot,
  message?: string,
) {
  return recordStaffEvent(db, {
    actor: { id: user.id, email: user.email },
    event,
    target: { id: user.id, email: user.email },
    before: staffSnapshot(user),
    after,
    message,
  });
}

function waitMessage(wait: SignInWait, address: string): string {
  const seconds = Math.ceil(wait.wait / 1000);
  return wait.by === "account"
    ? `${wait.failures} failed sign-ins to this account within 15 minutes, the last from ${address}: its next attempt waits ${seconds} s.`
    : `${wait.failures} failed sign-ins from ${address} within a minute: that address waits ${seconds} s.`;
}

/**
 * A failure that starts a sign-in wait is audited, once: the attempts the wait then refuses
 * are not, so someone guessing cannot grow the log by more than one entry per wait. The event
 * keeps its stored name, `sign_in_locked`.
 */
export async function recordWaitStarted(
  db: Kysely<ConsoleDatabase>,
  account: string,
  address: string,
  findStaffId: (email: string) => Promise<string | null>,
) {
  const wait = await signInWaitFor(db, account, address, Date.now());
  if (!wait) return;
  await recordStaffEvent(db, {
    actor: null,
    event: "sign_in_locked",
    target: { id: account ? await findStaffId(account) : null, email: account || "(none)" },
    message: waitMessage(wait, address),
  });
}
