import "server-only";
import { indexReadDb } from "@/lib/db/index-read-db";
import { isOverReadBudget } from "@/lib/db/read-budget";
import { fail, ok, type Result } from "@/lib/result/result";
import { takeIndexReadSlot, tooExpensive, type IndexReadRefusal } from "../bounded-index-read";
import { isSearchTooBroad, searchBatches, type ClerkUserPages } from "./search-batches";
import {
  exportBatches,
  startUsersCsv,
  type ExportOutcome,
  type UsersExportPlan,
} from "./users-export";

/**
 * The CSV of every user a checked export plan matches (planUsersExport): from the index, read
 * a batch at a time off the server's thread, each batch within the read budget; or, for a
 * search without a filter, from Clerk through `clerkPages`, as the list reads it. It holds
 * one of the person's index-read slots until it ends. `onDone` hears how it ended (the route
 * audits it). See startUsersCsv.
 */
export async function openUsersExport(
  plan: UsersExportPlan,
  staffId: string,
  onDone: (outcome: ExportOutcome) => Promise<void>,
  options: { byteOrderMark?: boolean; clerkPages: ClerkUserPages },
): Promise<
  Result<ReadableStream<Uint8Array>, IndexReadRefusal | { kind: "failed"; message: string }>
> {
  const slot = await takeIndexReadSlot(staffId);
  if (!slot.ok) return slot;
  const release = slot.value;
  const { db, kind } = await indexReadDb();
  const opened = await startUsersCsv(
    plan.fromClerk
      ? searchBatches(options.clerkPages, plan.query, plan.orderBy)
      : exportBatches(db, kind, plan),
    plan.paths,
    async (outcome) => {
      release();
      await onDone(outcome);
    },
    options,
  );
  if (opened.ok) return ok(opened.value);
  const { cause } = opened.error;
  if (isOverReadBudget(cause)) return fail(tooExpensive());
  if (isSearchTooBroad(cause)) return fail({ kind: "too_expensive", message: cause.message });
  return fail({ kind: "failed", message: opened.error.message });
}
