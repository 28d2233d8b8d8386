import "server-only";
import { NextResponse } from "next/server";
import { redirect, forbidden } from "next/navigation";
import { checkAccess, ENROL_FIRST } from "./access";
import { currentStaff, type Staff } from "./current-staff";
import { safeReturnPath } from "./return-path";
import type { Permission } from "./roles";

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
 * For pages (checkAccess, as a read): no session goes to /sign-in and comes back afterwards;
 * over the limit waits on /busy; enrolment first on /security; a role without the permission
 * gets the console's 403 page (app/(console)/forbidden.tsx).
 */
export async function requirePageAccess(permission: Permission, returnTo: string): Promise<Staff> {
  const access = await checkAccess(permission, "read");
  if (!access.denied) return access.staff;
  const back = encodeURIComponent(safeReturnPath(returnTo));
  const { denied } = access;
  switch (denied.reason) {
    case "signed_out":
      redirect(`/sign-in?next=${back}`);
    case "rate_limited":
      redirect(`/busy?next=${back}&wait=${denied.wait}`);
    case "must_enrol":
      redirect(`/security?next=${back}`);
    case "forbidden":
      forbidden();
  }
}

const refusal = (status: number, message: string, headers?: Record<string, string>) =>
  NextResponse.json({ error: { kind: "http", message } }, { status, ...(headers && { headers }) });

/** For route handlers (checkAccess, as a read): the staff member, or the JSON answer to return. */
export async function requireApiAccess(
  permission: Permission,
): Promise<{ staff: Staff; denied?: undefined } | { staff?: undefined; denied: NextResponse }> {
  const access = await checkAccess(permission, "read");
  if (!access.denied) return { staff: access.staff };
  const { denied } = access;
  switch (denied.reason) {
    case "signed_out":
      return { denied: refusal(401, "Sign in first.") };
    case "rate_limited":
      return {
        denied: refusal(429, `Too many requests: wait ${denied.wait} s and try again.`, {
          "Retry-After": String(denied.wait),
        }),
      };
    case "must_enrol":
      return { denied: refusal(403, ENROL_FIRST) };
    case "forbidden":
      return { denied: refusal(403, `Your role (${denied.staff.role}) may not do this.`) };
  }
}
