import { requireApiAccess } from "@/lib/auth/guards";
import { NextResponse, type NextRequest } from "next/server";
import { listAuditEntries } from "@/lib/audit/audit-log";
import { auditFilterOf, AUDIT_PAGE_SIZE, parseAuditQuery } from "@/lib/audit/audit-query";
import { consoleDb } from "@/lib/db/console-db";

export const dynamic = "force-dynamic";

/** Audit entries for client-side reads (the user page's history). */
export async function GET(request: NextRequest) {
  const access = await requireApiAccess("audit:read");
  if (access.denied) return access.denied;
  const query = parseAuditQuery(Object.fromEntries(request.nextUrl.searchParams));
  const { db } = await consoleDb();
  const page = await listAuditEntries(db, auditFilterOf(query), {
    limit: AUDIT_PAGE_SIZE,
    offset: (query.page - 1) * AUDIT_PAGE_SIZE,
  });
  return NextResponse.json(page);
}
