import "server-only";
import { INDEX_READS } from "@/lib/config/limits";
import { serverEnv } from "@/lib/config/server-env";
import { indexReadDb } from "@/lib/db/index-read-db";
import type { ConsoleDb } from "@/lib/db/open-database";
import { isOverReadBudget, isReaderStopped } from "@/lib/db/read-budget";
import { withIndexReadContext } from "@/lib/db/read-context";
import { fail, ok, type Result } from "@/lib/result/result";
import { IndexReadSlots, type ReleaseSlot } from "./read-slots";

/**
 * Why an index read was not answered: its filter costs too much, the person has enough running,
 * or its reader stopped.
 */
export type IndexReadRefusal =
  | { kind: "too_expensive"; message: string }
  | { kind: "busy" | "unavailable"; message: string; retryAfterSeconds: number };

const holder = globalThis as typeof globalThis & { __metadeckIndexReadSlots?: IndexReadSlots };

function slots(): IndexReadSlots {
  holder.__metadeckIndexReadSlots ??= new IndexReadSlots(INDEX_READS);
  return holder.__metadeckIndexReadSlots;
}

export function tooExpensive(): IndexReadRefusal {
  const seconds = serverEnv().indexReadBudgetMs / 1000;
  return {
    kind: "too_expensive",
    message:
      `This filter is too expensive: reading it took longer than ${seconds} s, so it was stopped. ` +
      "Narrow it: compare fewer paths, use = or in rather than contains, " +
      "or add a condition on a catalogued flag or an email.",
  };
}

const BUSY: IndexReadRefusal = {
  kind: "busy",
  message:
    "Your other filtered reads or exports are still running. Try again when they have finished.",
  retryAfterSeconds: 1,
};

/** A reader ended before it answered (not at its budget): nobody's fault, try again. */
export const READER_STOPPED: IndexReadRefusal = {
  kind: "unavailable",
  message: "The user index's reader stopped before it answered. Try again.",
  retryAfterSeconds: 1,
};

/** One of the person's index-read slots, held until `release` (an export holds it as it streams). */
export async function takeIndexReadSlot(
  staffId: string,
): Promise<Result<ReleaseSlot, IndexReadRefusal>> {
  const release = await slots().take(staffId);
  return release ? ok(release) : fail(BUSY);
}

/**
 * Whether a read failed for its budget; if so its person's next reads share the heavy lane
 * (IndexReadSlots), so that heavy filters never hold every reader.
 */
export function wasOverBudget(staffId: string, error: unknown): boolean {
  if (!isOverReadBudget(error)) return false;
  slots().overBudget(staffId);
  return true;
}

/**
 * Runs `read` as one of the person's index reads: a statement of it that runs at least
 * `INDEX_READS.heavyStatementMs` (or the budget) puts the person in the heavy lane, as one
 * stopped at the budget does.
 */
export function asPersonsRead<T>(staffId: string, read: () => Promise<T>): Promise<T> {
  const heavyMs = Math.min(INDEX_READS.heavyStatementMs, serverEnv().indexReadBudgetMs);
  return withIndexReadContext(
    {
      owner: staffId,
      onStatement: (ms) => {
        if (ms >= heavyMs) slots().overBudget(staffId);
      },
    },
    read,
  );
}

/**
 * Runs a read of the user index off the server's thread (indexReadDb), within one of the
 * person's slots and the read budget: a read stopped at its budget is a refusal, not an error.
 */
export async function boundedIndexRead<T>(
  staffId: string,
  read: (handle: ConsoleDb) => Promise<T>,
): Promise<Result<T, IndexReadRefusal>> {
  const slot = await takeIndexReadSlot(staffId);
  if (!slot.ok) return slot;
  try {
    const handle = await indexReadDb(staffId);
    return ok(await asPersonsRead(staffId, () => read(handle)));
  } catch (error) {
    if (wasOverBudget(staffId, error)) return fail(tooExpensive());
    if (isReaderStopped(error)) return fail(READER_STOPPED);
    throw error;
  } finally {
    slot.value();
  }
}
