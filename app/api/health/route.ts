import { NextResponse } from "next/server";
import { currentStaff } from "@/lib/auth/current-staff";
import { healthReport } from "@/lib/health/health-report";

export const dynamic = "force-dynamic";

/**
 * Unauthenticated, for load balancers. 503 only when this instance cannot reach its console
 * database (it can serve nothing); Clerk out of reach is the same for every instance, so it is
 * reported as degraded without taking the instance out of rotation. A signed-in staff member
 * also reads which instance answered.
 */
export async function GET() {
  // With the database down there is no session to read: the report says so on its own.
  const staff = await currentStaff().catch(() => null);
  const report = await healthReport({ forStaff: staff !== null });
  return NextResponse.json(report, {
    status: report.database === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
