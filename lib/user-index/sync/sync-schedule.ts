import type { IndexSync, SyncKind } from "./sync-store";

/**
 * Which run the index needs now, if any: a backfill until one has completed (resuming one that
 * stopped), then a reconciliation every `reconcileEveryMs` after the last one finished (or the
 * backfill), resuming one that stopped. `reconcileEveryMs` 0 turns scheduled reconciliation off.
 */
export function dueSync(
  backfill: IndexSync | null,
  reconcile: IndexSync | null,
  now: number,
  reconcileEveryMs: number,
): SyncKind | null {
  if (!backfill || backfill.status !== "completed") return "backfill";
  if (reconcile && reconcile.status !== "completed") return "reconcile";
  if (reconcileEveryMs <= 0) return null;
  const last = Math.max(backfill.finishedAt ?? 0, reconcile?.finishedAt ?? 0);
  return now - last >= reconcileEveryMs ? "reconcile" : null;
}
