import { describe, expect, it } from "vitest";
import { dueSync } from "./sync-schedule";
import type { IndexSync, SyncKind, SyncStatus } from "./sync-store";

const HOUR = 3_600_000;
const run = (kind: SyncKind, status: SyncStatus, finishedAt: number | null = null): IndexSync => ({
  kind,
  status,
  startedAt: 0,
  finishedAt,
  cursor: { createdBefore: null, taken: [], offset: 0 },
  total: null,
  seen: 0,
  changed: 0,
  removed: 0,
  error: null,
});

describe("which index run is due", () => {
  it("backfills first, and resumes a backfill that stopped", () => {
    expect(dueSync(null, null, 0, 24 * HOUR)).toBe("backfill");
    expect(dueSync(run("backfill", "running"), null, 0, 24 * HOUR)).toBe("backfill");
    expect(dueSync(run("backfill", "failed"), null, 0, 24 * HOUR)).toBe("backfill");
  });

  it("reconciles every period after the last run finished, and resumes one that stopped", () => {
    const backfilled = run("backfill", "completed", 10 * HOUR);
    expect(dueSync(backfilled, null, 20 * HOUR, 24 * HOUR)).toBeNull();
    expect(dueSync(backfilled, null, 34 * HOUR, 24 * HOUR)).toBe("reconcile");
    const reconciled = run("reconcile", "completed", 40 * HOUR);
    expect(dueSync(backfilled, reconciled, 50 * HOUR, 24 * HOUR)).toBeNull();
    expect(dueSync(backfilled, reconciled, 64 * HOUR, 24 * HOUR)).toBe("reconcile");
    expect(dueSync(backfilled, run("reconcile", "failed"), 41 * HOUR, 24 * HOUR)).toBe("reconcile");
  });

  it("never reconciles on schedule when the period is 0", () => {
    expect(dueSync(run("backfill", "completed", 0), null, 1000 * HOUR, 0)).toBeNull();
  });
});
