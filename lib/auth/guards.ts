import "server-only";
import { NextResponse } from "next/server";
import { redirect, forbidden } from "next/navigation";
import { consoleDb } from "@/lib/db/console-db";
import { currentStaff, type Staff } from "./current-staff";
import { requestAddress } from "./request-address";
import { overRequestLimit } from "./request-limits";
import { safeReturnPath } from "./return-path";
import { can, type Permission } from "./roles";

const ENROL_FIRST = "Set up two-factor sign-in first, on the Security page: your role requires it.";

/**
 * The Security page's own check: any signed-in person, including one who must set up two-factor
 * sign-in before anything else.
 */
export async function requireSignedIn(returnTo: string): Promise<Staff> {
  const staff = await currentStaff();
  if (!staff) redirect(`/sign-in?next=${encodeURIComponent(safeReturnPath(returnTo))}`);
  return staff;
}

/**
 * For pages: no session goes to /sign-in and comes back afterwards; a role without the
 * permission gets "forbidden" for the page to render.
 */
export async function requirePageAccess(permission: Permission, returnTo: string): Promise<Staff> {
  const staff = await currentStaff();
  const back = encodeURIComponent(safeReturnPath(returnTo));
  if (!staff) redirect(`/sign-in?next=${back}`);
  if (staff.mustEnrol) redirect(`/security?next=${back}`);
  // Pages read Clerk too: they count against the same read limit as the route handlers.
  const wait = await requestLimitWait("read", staff);
  if (wait !== null) redirect(`/busy?next=${back}&wait=${wait}`);
  // A role without the permission gets the console's 403 page (app/(console)/forbidden.tsx).
  if (!can(staff.role, permission)) forbidden();
  return staff;
}

/** For route handlers: the staff member, or the 401/403 JSON answer to return. */
export async function requireApiAccess(
  permission: Permission,
): Promise<{ staff: Staff; denied?: undefined } | { staff?: undefined; denied: NextResponse }> {
  const staff = await currentStaff();
  if (!staff) {
    return {
      denied: NextResponse.json(
        { error: { kind: "http", message: "Sign in first." } },
        { status: 401 },
      ),
    };
  }
  if (staff.mustEnrol) {
    return {
      denied: NextResponse.json({ error: { kind: "http", message: ENROL_FIRST } }, { status: 403 }),
    };
  }
  if (!can(staff.role, permission)) {
    return {
      denied: NextResponse.json(
        { error: { kind: "http", message: `Your role (${staff.role}) may not do this.` } },
        { status: 403 },
      ),
    };
  }
  const wait = await requestLimitWait("read", staff);
  if (wait !== null) {
    return {
      denied: NextResponse.json(
        { error: { kind: "http", message: `Too many requests: wait ${wait} s and try again.` } },
        { status: 429, headers: { "Retry-After": String(wait) } },
      ),
    };
  }
  return { staff };
}

/** For server actions, which are public POST endpoints: re-checked inside every action. */
export async function requireActionAccess(
  permission: Permission,
): Promise<{ staff: Staff; message?: undefined } | { staff: Staff | null; message: string }> {
  const staff = await currentStaff();
  if (!staff)
    return { staff: null, message: "Your session has ended. Sign in again; nothing was saved." };
  if (staff.mustEnrol) return { staff, message: `${ENROL_FIRST} Nothing was saved.` };
  if (!can(staff.role, permission))
    return { staff, message: `Your role (${staff.role}) may not do this; nothing was saved.` };
  return { staff };
}

/**
 * Counts a signed-in request against the request limits (per session and per address);
 * the seconds to wait when it is over them, else null.
 */
export async function requestLimitWait(
  kind: "read" | "write",
  staff: Staff,
): Promise<number | null> {
  return overRequestLimit(
    await consoleDb(),
    kind,
    staff.sessionId,
    await requestAddress(),
    Date.now(),
  );
}
