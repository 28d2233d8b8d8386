import { listAuditEntries } from "../../lib/audit/audit-log";
import { openConsoleDatabase } from "../../lib/db/open-database";
import { E2E_DATABASE_FILE } from "./e2e-env";

/** The audit entries the dashboard under test wrote for one user, newest first. */
export async function auditEntriesFor(userId: string) {
  const { db } = openConsoleDatabase({ kind: "sqlite", file: E2E_DATABASE_FILE });
  try {
    const { entries } = await listAuditEntries(
      db,
      { targetUserId: userId },
      { limit: 100, offset: 0 },
    );
    return entries.filter((entry) => entry.kind === "metadata");
  } finally {
    await db.destroy();
  }
}

/** The staff and sign-in events the dashboard under test wrote, newest first. */
export async function staffEvents(targetStaffEmail?: string) {
  const { db } = openConsoleDatabase({ kind: "sqlite", file: E2E_DATABASE_FILE });
  try {
    const { entries } = await listAuditEntries(
      db,
      { event: "staff", targetStaffEmail },
      { limit: 1000, offset: 0 },
    );
    return entries.filter((entry) => entry.kind === "staff");
  } finally {
    await db.destroy();
  }
}

/** The CSV exports of users the dashboard under test recorded, newest first. */
export async function exportEvents() {
  const { db } = openConsoleDatabase({ kind: "sqlite", file: E2E_DATABASE_FILE });
  try {
    const { entries } = await listAuditEntries(db, { event: "export" }, { limit: 1000, offset: 0 });
    return entries.filter((entry) => entry.kind === "export");
  } finally {
    await db.destroy();
  }
}
