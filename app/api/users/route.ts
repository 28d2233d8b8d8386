import { requireApiAccess } from "@/lib/auth/guards";
import { NextResponse, type NextRequest } from "next/server";
import { failureStatus } from "@/lib/clerk/failure-status";
import { listUsers } from "@/lib/clerk/users";
import { parseUserListQuery } from "@/lib/users/user-list-query";

export const dynamic = "force-dynamic";

/** Reads for the users table (TanStack Query calls this; server actions are for writes only). */
export async function GET(request: NextRequest) {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  const result = await listUsers(parseUserListQuery(request.nextUrl.searchParams));
  if (!result.ok)
    return NextResponse.json({ error: result.error }, { status: failureStatus(result.error) });
  return NextResponse.json(result.value);
}
