import "server-only";
import { indexReadDb } from "@/lib/db/index-read-db";
import { isOverReadBudget, isReaderStopped } from "@/lib/db/read-budget";
import { fail, ok, type Result } from "@/lib/result/result";
import {
  asPersonsRead,
  READER_STOPPED,
  takeIndexReadSlot,
  tooExpensive,
  wasOverBudget,
  type IndexReadRefusal,
} from "../bounded-index-read";
import { isSearchTooBroad, searchBatches, type ClerkUserPages } from "./search-batches";
import {
  exportBatches,
  startUsersCsv,
  type ExportOutcome,
  type UsersExportPlan,
} from "./users-export";

/** A batch not read because the person has enough index reads running: answered 429. */
class ReadsBusy extends Error {
  constructor(readonly refusal: IndexReadRefusal) {
    super(refusal.message);
  }
}

/**
 * The batches, each read within one of the person's index-read slots, taken for the read and
 * given back before the batch is sent: a long download holds no slot while the client reads it,
 * so the person can go on filtering meanwhile.
 */
async function* batchBySlot<T>(
  batches: AsyncGenerator<T, void, undefined>,
  staffId: string,
): AsyncGenerator<T, void, undefined> {
  try {
    for (;;) {
      const slot = await takeIndexReadSlot(staffId);
      if (!slot.ok) throw new ReadsBusy(slot.error);
      let next: IteratorResult<T, void>;
      try {
        next = await asPersonsRead(staffId, () => batches.next());
      } catch (error) {
        wasOverBudget(staffId, error);
        throw error;
      } finally {
        slot.value();
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await batches.return();
  }
}

/**
 * The CSV of every user a checked export plan matches (planUsersExport): from the index, read
 * a batch at a time off the server's thread, each batch within the read budget and one of the
 * person's index-read slots; or, for a search without a filter, from Clerk through
 * `clerkPages`, as the list reads it. `onDone` hears how it ended (the route audits it). See
 * startUsersCsv.
 */
export async function openUsersExport(
  plan: UsersExportPlan,
  staffId: string,
  onDone: (outcome: ExportOutcome) => Promise<void>,
  options: { byteOrderMark?: boolean; clerkPages: ClerkUserPages },
): Promise<
  Result<ReadableStream<Uint8Array>, IndexReadRefusal | { kind: "failed"; message: string }>
> {
  const { db, kind } = await indexReadDb(staffId);
  const batches = plan.fromClerk
    ? searchBatches(options.clerkPages, plan.query, plan.orderBy)
    : exportBatches(db, kind, plan);
  const opened = await startUsersCsv(batchBySlot(batches, staffId), plan.paths, onDone, options);
  if (opened.ok) return ok(opened.value);
  const { cause } = opened.error;
  if (cause instanceof ReadsBusy) return fail(cause.refusal);
  if (isOverReadBudget(cause)) return fail(tooExpensive());
  if (isReaderStopped(cause)) return fail(READER_STOPPED);
  if (isSearchTooBroad(cause)) return fail({ kind: "too_expensive", message: cause.message });
  return fail({ kind: "failed", message: opened.error.message });
}
