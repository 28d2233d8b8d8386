import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { currentStaff, type Staff } from "./current-staff";
import { overRequestLimit } from "./request-limits";
import { can, type Permission } from "./roles";

/** Why a request was refused, and who asked when someone was signed in. */
type AccessDenial =
  | { reason: "signed_out" }
  | { reason: "rate_limited"; staff: Staff; wait: number }
  | { reason: "must_enrol"; staff: Staff }
  | { reason: "forbidden"; staff: Staff };

export type Access = { staff: Staff; denied?: undefined } | { denied: AccessDenial };

/**
 * The one access check of every page, route handler and server action (guards.ts and
 * lib/actions/authorized-action.ts adapt its answer), in this order:
 * 1. a live session;
 * 2. the request limit of its kind (pages and route handlers read, actions write), counted per
 *    staff account for every signed-in request, refused ones included, so a script is slowed
 *    whatever it asks and however many sessions it opens;
 * 3. two-factor enrolment, where the role requires it;
 * 4. the role's permission.
 */
export async function checkAccess(permission: Permission, kind: "read" | "write"): Promise<Access> {
  const staff = await currentStaff();
  if (!staff) return { denied: { reason: "signed_out" } };
  const wait = await overRequestLimit(await consoleDb(), kind, staff.id, Date.now());
  if (wait !== null) return { denied: { reason: "rate_limited", staff, wait } };
  if (staff.mustEnrol) return { denied: { reason: "must_enrol", staff } };
  if (!can(staff.role, permission)) return { denied: { reason: "forbidden", staff } };
  return { staff };
}

export const ENROL_FIRST =
  "Set up two-factor sign-in first, on the Security page: your role requires it.";
