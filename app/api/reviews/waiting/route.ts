import { NextResponse } from "next/server";
import { requireApiAccess } from "@/lib/auth/guards";
import { readWaitingCount } from "@/lib/review/requests/request-reads";

export const dynamic = "force-dynamic";

/** How many change requests the signed-in person may approve now, for the header's badge. */
export async function GET() {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  return NextResponse.json({ count: await readWaitingCount(access.staff) });
}
