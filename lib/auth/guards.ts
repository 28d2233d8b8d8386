import "server-only";
import { NextResponse } from "next/server";
import { redirect } from "next/navigation";
import { currentStaff, type Staff } from "./current-staff";
import { safeReturnPath } from "./return-path";
import { can, type Permission } from "./roles";

/**
 * For pages: no session goes to /sign-in and comes back afterwards; a role without the
 * permission gets "forbidden" for the page to render.
 */
export async function requirePageAccess(
  permission: Permission,
  returnTo: string,
): Promise<Staff | "forbidden"> {
  const staff = await currentStaff();
  if (!staff) redirect(`/sign-in?next=${encodeURIComponent(safeReturnPath(returnTo))}`);
  return can(staff.role, permission) ? staff : "forbidden";
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
  if (!can(staff.role, permission)) {
    return {
      denied: NextResponse.json(
        { error: { kind: "http", message: `Your role (${staff.role}) may not do this.` } },
        { status: 403 },
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
  if (!can(staff.role, permission))
    return { staff, message: `Your role (${staff.role}) may not do this; nothing was saved.` };
  return { staff };
}
