import { NextResponse } from "next/server";
import { healthReport } from "@/lib/health/health-report";

export const dynamic = "force-dynamic";

/**
 * Unauthenticated, for load balancers. 503 only when this instance cannot reach its console
 * database (it can serve nothing); Clerk out of reach is the same for every instance, so it is
 * reported as degraded without taking the instance out of rotation.
 */
export async function GET() {
  const report = await healthReport();
  return NextResponse.json(report, {
    status: report.database === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
