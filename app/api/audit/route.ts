import { requireApiAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { NextResponse, type NextRequest } from "next/server";
import { readAuditPage } from "@/lib/audit/audit-reads";
import { parseAuditQuery } from "@/lib/audit/audit-query";

export const dynamic = "force-dynamic";

/** Audit entries for client-side reads (the user page's history). */
export async function GET(request: NextRequest) {
  const access = await requireApiAccess("audit:read");
  if (access.denied) return access.denied;
  const query = parseAuditQuery(Object.fromEntries(request.nextUrl.searchParams));
  const staffEvents = can(access.staff.role, "audit:staff");
  return NextResponse.json(await readAuditPage(query, { staffEvents }));
}
