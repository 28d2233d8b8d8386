import "server-only";
import { sql } from "kysely";
import { clerkReachable } from "@/lib/clerk/reachability";
import { instanceId } from "@/lib/config/instance-id";
import { consoleDb } from "@/lib/db/console-db";
import { withTimeout } from "@/lib/scheduling/with-timeout";

type Check = "ok" | "degraded";

export interface HealthReport {
  status: Check;
  /** Which instance answered: only for a signed-in staff member (it names the host). */
  instance?: string;
  database: Check;
  clerk: Check;
}

const DATABASE_TIMEOUT_MS = 2_000;

async function databaseCheck(): Promise<Check> {
  try {
    const { db } = await consoleDb();
    await withTimeout(sql`SELECT 1`.execute(db), DATABASE_TIMEOUT_MS);
    return "ok";
  } catch {
    return "degraded";
  }
}

async function clerkCheck(): Promise<Check> {
  try {
    return (await clerkReachable()) ? "ok" : "degraded";
  } catch {
    return "degraded";
  }
}

/**
 * What a load balancer asks of this instance: can it reach its console database and Clerk.
 * Only ok/degraded per part: no versions, errors or addresses. The instance's name (by default
 * its host name and process id) only for staff, who read it to tell instances apart.
 */
export async function healthReport({ forStaff }: { forStaff: boolean }): Promise<HealthReport> {
  const [database, clerk] = await Promise.all([databaseCheck(), clerkCheck()]);
  return {
    status: database === "ok" && clerk === "ok" ? "ok" : "degraded",
    ...(forStaff ? { instance: instanceId() } : {}),
    database,
    clerk,
  };
}
