import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import {
  exportBatches,
  startUsersCsv,
  type ExportOutcome,
  type UsersExportPlan,
} from "./users-export";

/**
 * The CSV of every user of the index a checked export plan matches (planUsersExport), read a
 * batch at a time; `onDone` hears how it ended (the route audits it). See startUsersCsv.
 */
export async function openUsersExport(
  plan: UsersExportPlan,
  onDone: (outcome: ExportOutcome) => Promise<void>,
  options: { byteOrderMark?: boolean } = {},
) {
  const { db, kind } = await consoleDb();
  return startUsersCsv(exportBatches(db, kind, plan), plan.paths, onDone, options);
}
