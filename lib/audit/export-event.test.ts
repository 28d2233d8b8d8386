import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { appendAuditEntry, getAuditEntry, listAuditEntries } from "./audit-log";
import { usersExportEntry, type UsersExportAttempt } from "./export-event";
import { staffAuditEntry } from "./staff-event";

const attempt = (overrides: Partial<UsersExportAttempt> = {}): UsersExportAttempt => ({
  occurredAt: 1_700_000_000_000,
  actor: { id: "staff_1", email: "vi@example.com", name: "Vi Ewer" },
  where: 'public_metadata.plan = "pro"',
  query: "acme",
  paths: ["public_metadata.plan", 'private_metadata["odd key"]'],
  rows: 1234,
  complete: true,
  ...overrides,
});

describe("an export's audit entry", () => {
  it("keeps the filter, search, paths and rows; complete is a success", () => {
    expect(usersExportEntry(attempt())).toEqual({
      kind: "export",
      occurredAt: 1_700_000_000_000,
      actor: { id: "staff_1", email: "vi@example.com", name: "Vi Ewer" },
      details: {
        where: 'public_metadata.plan = "pro"',
        query: "acme",
        paths: ["public_metadata.plan", 'private_metadata["odd key"]'],
        rows: 1234,
      },
      outcome: "success",
      message: null,
    });
  });

  it("says why an export that stopped early is incomplete, with how far it got", () => {
    expect(
      usersExportEntry(attempt({ complete: false, rows: 1, stoppedBy: "reader" })),
    ).toMatchObject({
      outcome: "incomplete",
      message: "The download stopped after 1 row: it was cancelled or the connection closed.",
    });
    expect(
      usersExportEntry(
        attempt({ complete: false, rows: 2000, stoppedBy: { error: "disk I/O error" } }),
      ),
    ).toMatchObject({
      outcome: "incomplete",
      details: { rows: 2000 },
      message: "The export failed after 2000 rows: disk I/O error",
    });
  });
});

describe.each(databaseKinds)("exports in the audit log, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("round-trips, and is told apart from metadata writes and staff events", async () => {
    const done = await appendAuditEntry(database.db, usersExportEntry(attempt()));
    const stopped = await appendAuditEntry(
      database.db,
      usersExportEntry(
        attempt({
          actor: { id: "staff_2", email: "bo@example.com" },
          complete: false,
          rows: 1000,
          stoppedBy: "reader",
        }),
      ),
    );
    await appendAuditEntry(
      database.db,
      staffAuditEntry({
        actor: { id: "staff_9", email: "admin@example.com" },
        event: "staff_added",
        target: { id: "staff_3", email: "cy@example.com" },
      }),
    );
    expect(await getAuditEntry(database.db, done)).toEqual({
      id: done,
      ...usersExportEntry(attempt()),
    });
    expect(await getAuditEntry(database.db, stopped)).toMatchObject({
      kind: "export",
      outcome: "incomplete",
      actor: { id: "staff_2", email: "bo@example.com", name: null },
      details: { rows: 1000 },
    });
    const ids = async (filter: Parameters<typeof listAuditEntries>[1]) =>
      (await listAuditEntries(database.db, filter, { limit: 50, offset: 0 })).entries.map(
        (e) => e.id,
      );
    expect(await ids({ event: "export" })).toEqual([stopped, done]);
    expect(await ids({ event: "export", outcome: "incomplete" })).toEqual([stopped]);
    expect(await ids({ event: "export", actor: "BO@example.com" })).toEqual([stopped]);
    expect(await ids({ event: "metadata" })).toEqual([]);
    expect(await ids({ event: "staff" })).toHaveLength(1);
    // Readers without staff events still see exports: they are about Clerk users, not staff.
    expect(await ids({ withoutStaffEvents: true })).toEqual([stopped, done]);
    // An export names no user, so no user's history holds it.
    expect(await ids({ target: "acme" })).toEqual([]);
  });
});
