import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import {
  exportBatches,
  usersCsvStream,
  type ExportOutcome,
  type UsersExportPlan,
} from "./users-export";

/**
 * The CSV of every user of the index a checked export plan matches (planUsersExport), as a
 * stream that reads the index a batch at a time; `onDone` hears how it ended (the route audits
 * it).
 */
export async function openUsersExport(
  plan: UsersExportPlan,
  onDone: (outcome: ExportOutcome) => Promise<void>,
): Promise<ReadableStream<Uint8Array>> {
  const { db, kind } = await consoleDb();
  return usersCsvStream(exportBatches(db, kind, plan), plan.paths, onDone);
}
