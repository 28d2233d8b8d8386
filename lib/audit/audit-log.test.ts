import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import type { AuditEntryInput } from "./audit-entry";
import { appendAuditEntry, getAuditEntry, listAuditEntries, revertsOf } from "./audit-log";
import { staffAuditEntry } from "./staff-event";
import { migrateToLatest } from "@/lib/db/migrations";

const bags = (p: object) =>
  ({ public_metadata: p, private_metadata: {}, unsafe_metadata: {} }) as never;

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    occurredAt: 1_700_000_000_000,
    actor: { id: "staff_1", email: "ada@example.com", name: "Ada Lovelace" },
    targetUserId: "user_abc",
    target: { name: "Amara Wilson", email: "amara.wilson@example.com" },
    bags: ["public_metadata"],
    before: bags({ plan: "free", deep: { list: [1, 2] } }),
    patch: { public_metadata: { plan: "pro", gone: null } },
    after: bags({ plan: "pro", deep: { list: [1, 2] } }),
    outcome: "success",
    ...overrides,
  };
}

describe.each(databaseKinds)("audit log on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("stores JSON as the database's JSON type", async () => {
    if (kind !== "postgres") return;
    const { rows } = await sql<{
      data_type: string;
    }>`SELECT data_type FROM information_schema.columns
      WHERE table_name = 'audit_log' AND column_name = 'patch'`.execute(database.db);
    expect(rows[0]?.data_type).toBe("jsonb");
  });

  it("round-trips an entry exactly, nulls in patches included", async () => {
    const id = await appendAuditEntry(
      database.db,
      entry({
        clerkTraceId: "trace",
        message: "ok",
        bulkJobId: "job_1",
        reason: "TICKET-1 https://tickets.example.test/1 ✓",
      }),
    );
    expect(await getAuditEntry(database.db, id)).toEqual({
      id,
      kind: "metadata",
      ...entry(),
      clerkStatus: null,
      clerkCode: null,
      clerkTraceId: "trace",
      message: "ok",
      revertOf: null,
      bulkJobId: "job_1",
      reason: "TICKET-1 https://tickets.example.test/1 ✓",
      changeRequestId: null,
    });
    expect(await getAuditEntry(database.db, id + 10_000)).toBeNull();
  });

  it("links a revert to the entry it reverts, and keeps failures with Clerk's details", async () => {
    const first = await appendAuditEntry(database.db, entry());
    const revert = await appendAuditEntry(
      database.db,
      entry({ revertOf: first, patch: { public_metadata: { plan: "free" } } }),
    );
    const failed = await appendAuditEntry(
      database.db,
      entry({
        outcome: "clerk_error",
        after: null,
        clerkStatus: 429,
        clerkCode: "too_many_requests",
        clerkTraceId: "t1",
      }),
    );
    await appendAuditEntry(database.db, entry({ revertOf: first, outcome: "conflict" }));
    expect(await getAuditEntry(database.db, revert)).toMatchObject({ revertOf: first });
    // Only a revert that was written undid the entry.
    expect(await revertsOf(database.db, first)).toEqual([revert]);
    expect(await revertsOf(database.db, revert)).toEqual([]);
    expect(await getAuditEntry(database.db, failed)).toMatchObject({
      outcome: "clerk_error",
      clerkStatus: 429,
      after: null,
    });
  });

  it("lists newest first with filters and a total count", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      for (let i = 0; i < 12; i++) {
        await appendAuditEntry(
          fresh.db,
          entry({
            occurredAt: 1_700_000_000_000 + (i % 6) * 1000,
            targetUserId: i % 2 === 0 ? "user_even" : "user_odd",
            actor:
              i < 4
                ? { id: "staff_2", email: "b@example.com" }
                : { id: "staff_1", email: "a@example.com" },
            outcome: i % 3 === 0 ? "conflict" : "success",
          }),
        );
      }
      const all = await listAuditEntries(fresh.db, {}, { limit: 5, offset: 0 });
      expect(all.totalCount).toBe(12);
      expect(all.entries).toHaveLength(5);
      const times = all.entries.map((e) => [e.occurredAt, e.id]);
      expect(times).toEqual([...times].sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]!));
      expect(
        (await listAuditEntries(fresh.db, { targetUserId: "user_even" }, { limit: 50, offset: 0 }))
          .totalCount,
      ).toBe(6);
      expect(
        (await listAuditEntries(fresh.db, { actor: "staff_2" }, { limit: 50, offset: 0 }))
          .totalCount,
      ).toBe(4);
      expect(
        (await listAuditEntries(fresh.db, { outcome: "conflict" }, { limit: 50, offset: 0 }))
          .totalCount,
      ).toBe(4);
      const ranged = await listAuditEntries(
        fresh.db,
        { from: 1_700_000_002_000, to: 1_700_000_004_000 },
        { limit: 50, offset: 0 },
      );
      expect(ranged.totalCount).toBe(4);
    } finally {
      await fresh.dispose();
    }
  });

  it("refuses to change or delete entries, at the database", async () => {
    const id = await appendAuditEntry(database.db, entry());
    await expect(
      sql`UPDATE audit_log SET outcome = 'refused' WHERE id = ${id}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${id}`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    expect((await getAuditEntry(database.db, id))?.outcome).toBe("success");
  });

  it("refuses to rewrite an entry by inserting over it, however the statement is spelled", async () => {
    const id = await appendAuditEntry(database.db, entry());
    const forged = (verb: string) =>
      sql`${sql.raw(verb)} audit_log (id, occurred_at, target_user_id, bags, patch, outcome)
        VALUES (${id}, 1, 'user_forged', '[]', '{}', 'success')`;
    const attempts =
      kind === "sqlite"
        ? [forged("REPLACE INTO"), forged("INSERT OR REPLACE INTO"), forged("INSERT INTO")]
        : [forged("INSERT INTO")];
    for (const attempt of attempts) await expect(attempt.execute(database.db)).rejects.toThrow();
    await expect(
      sql`INSERT INTO audit_log (id, occurred_at, target_user_id, bags, patch, outcome)
        VALUES (${id}, 1, 'user_forged', '[]', '{}', 'success')
        ON CONFLICT (id) DO UPDATE SET target_user_id = 'user_forged'`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    if (kind === "postgres")
      await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await getAuditEntry(database.db, id)).toMatchObject({ targetUserId: "user_abc" });
  });

  it("migrating again is a no-op", async () => {
    expect(await migrateToLatest(database)).toEqual([]);
  });

  it("appends exactly one entry per attempt under concurrency", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          appendAuditEntry(fresh.db, entry({ targetUserId: `user_${i}` })),
        ),
      );
      const { totalCount, entries } = await listAuditEntries(
        fresh.db,
        {},
        { limit: 500, offset: 0 },
      );
      expect(totalCount).toBe(200);
      expect(new Set(entries.map((e) => e.kind === "metadata" && e.targetUserId)).size).toBe(200);
    } finally {
      await fresh.dispose();
    }
  });

  it("keeps staff events beside metadata writes, told apart and filtered", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      const account = { email: "bo@example.com", name: "Bo", role: "viewer", disabled: false };
      const staffId = await appendAuditEntry(
        fresh.db,
        staffAuditEntry({
          occurredAt: 1_700_000_000_000,
          actor: { id: "staff_1", email: "ada@example.com" },
          event: "staff_role_changed",
          // A staff id shaped like a Clerk user id must still not enter that user's history.
          target: { id: "user_abc", email: "Bo@Example.com" },
          before: account,
          after: { ...account, role: "admin" },
        }),
      );
      await appendAuditEntry(
        fresh.db,
        staffAuditEntry({
          actor: null,
          event: "sign_in_locked",
          target: { id: null, email: "nobody@example.com" },
          message: "10 failed sign-ins",
        }),
      );
      await appendAuditEntry(
        fresh.db,
        staffAuditEntry({
          actor: { id: "staff_2", email: "cy@example.com" },
          event: "staff_disabled",
          target: { id: null, email: "ghost@example.com" },
          refusal: "No staff account for ghost@example.com.",
        }),
      );
      await appendAuditEntry(fresh.db, entry());
      expect(await getAuditEntry(fresh.db, staffId)).toEqual({
        id: staffId,
        kind: "staff",
        occurredAt: 1_700_000_000_000,
        actor: { id: "staff_1", email: "ada@example.com", name: null },
        event: "staff_role_changed",
        target: { id: "user_abc", email: "bo@example.com" },
        before: account,
        after: { ...account, role: "admin" },
        outcome: "success",
        message: null,
      });
      const count = async (filter: Parameters<typeof listAuditEntries>[1]) =>
        (await listAuditEntries(fresh.db, filter, { limit: 50, offset: 0 })).totalCount;
      expect(await count({})).toBe(4);
      expect(await count({ event: "staff" })).toBe(3);
      expect(await count({ event: "metadata" })).toBe(1);
      expect(await count({ event: "sign_in_locked" })).toBe(1);
      expect(await count({ event: "staff", outcome: "refused" })).toBe(1);
      expect(await count({ targetUserId: "user_abc" })).toBe(1);
      expect(await count({ targetStaffEmail: "BO@example.com" })).toBe(1);
      // A Clerk user with the same address is not that staff account.
      await appendAuditEntry(
        fresh.db,
        entry({ target: { name: "Bo Clerk", email: "bo@example.com" } }),
      );
      expect(await count({ targetStaffEmail: "bo@example.com" })).toBe(1);
      expect(await count({ target: "bo@example.com" })).toBe(1);
      const unknownTarget = await listAuditEntries(
        fresh.db,
        { event: "sign_in_locked" },
        { limit: 1, offset: 0 },
      );
      expect(unknownTarget.entries[0]).toMatchObject({
        actor: null,
        target: { id: null, email: "nobody@example.com" },
      });
    } finally {
      await fresh.dispose();
    }
  });

  it("finds metadata writes by what people know: a name or email fragment, an actor's too, a job", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      const amara = { name: "Amara Wilson", email: "amara.wilson@example.com" };
      const percent = { name: "Li 100%_done", email: "li@example.com" };
      await appendAuditEntry(fresh.db, entry({ target: amara }));
      await appendAuditEntry(fresh.db, entry({ targetUserId: "user_li", target: percent }));
      await appendAuditEntry(
        fresh.db,
        entry({
          targetUserId: "user_bulk",
          target: { name: null, email: "bulk@example.com" },
          actor: { id: "staff_9", email: "Support@Metadeck.local", name: "Sam" },
          bulkJobId: "bulk_x1",
        }),
      );
      const count = async (filter: Parameters<typeof listAuditEntries>[1]) =>
        (await listAuditEntries(fresh.db, filter, { limit: 50, offset: 0 })).totalCount;
      expect(await count({ target: "user_abc" })).toBe(1);
      expect(await count({ target: "wilson" })).toBe(1);
      expect(await count({ target: "AMARA.W" })).toBe(1);
      expect(await count({ target: "example.com" })).toBe(3);
      // LIKE's wildcards in the text match only themselves.
      expect(await count({ target: "100%_" })).toBe(1);
      expect(await count({ target: "%" })).toBe(1);
      expect(await count({ target: "_" })).toBe(1);
      expect(await count({ target: "user_" })).toBe(0);
      expect(await count({ actor: "support@metadeck.local" })).toBe(1);
      expect(await count({ actor: "staff_9" })).toBe(1);
      expect(await count({ actor: "nobody@metadeck.local" })).toBe(0);
      // Part of an actor's name or email, as for the target.
      expect(await count({ actor: "SUPPORT@" })).toBe(1);
      expect(await count({ actor: "sam" })).toBe(1);
      expect(await count({ actor: "ada@" })).toBe(2);
      expect(await count({ actor: "%" })).toBe(0);
      expect(await count({ bulkJobId: "bulk_x1" })).toBe(1);
      const [bulk] = (
        await listAuditEntries(fresh.db, { bulkJobId: "bulk_x1" }, { limit: 1, offset: 0 })
      ).entries;
      expect(bulk).toMatchObject({
        target: { name: null, email: "bulk@example.com" },
        actor: { email: "Support@Metadeck.local", name: "Sam" },
      });
    } finally {
      await fresh.dispose();
    }
  });

  it("lists a user's change requests in their history, by id or by name, and no staff event", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      await appendAuditEntry(fresh.db, entry({ occurredAt: 1000 }));
      await appendAuditEntry(fresh.db, {
        kind: "review",
        occurredAt: 2000,
        actor: { id: "staff_1", email: "ada@example.com", name: "Ada Lovelace" },
        event: "change_requested",
        changeRequestId: 7,
        targetUserId: "user_abc",
        target: { name: "Amara Wilson", email: "amara.wilson@example.com" },
        bags: ["public_metadata"],
        patch: { public_metadata: { role: "admin" } },
        outcome: "success",
        message: null,
        reason: null,
      });
      const page = { limit: 50, offset: 0 };
      for (const filter of [{ targetUserId: "user_abc" }, { target: "wilson" }]) {
        const { entries } = await listAuditEntries(fresh.db, filter, page);
        expect(entries.map((e) => e.kind)).toEqual(["review", "metadata"]);
      }
    } finally {
      await fresh.dispose();
    }
  });

  it("folds a bulk job's writes into one row, summed up, keeping the filter", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      for (const [n, outcome] of (["success", "success", "conflict"] as const).entries())
        await appendAuditEntry(
          fresh.db,
          entry({
            occurredAt: 1000 + n,
            targetUserId: `user_j${n}`,
            bulkJobId: "bulk_f1",
            outcome,
          }),
        );
      await appendAuditEntry(fresh.db, entry({ occurredAt: 2000 }));
      const page = { limit: 50, offset: 0 };
      const folded = await listAuditEntries(fresh.db, { foldBulkJobs: true }, page);
      expect(folded.totalCount).toBe(2);
      expect(folded.entries.map((e) => e.kind === "metadata" && e.bulkJobId)).toEqual([
        null,
        "bulk_f1",
      ]);
      expect(folded.bulkJobs).toEqual({
        bulk_f1: { entries: 3, outcomes: { success: 2, conflict: 1 } },
      });
      // Filtered on an outcome, the job still has its row, for the entries that match.
      const conflicts = await listAuditEntries(
        fresh.db,
        { foldBulkJobs: true, outcome: "conflict" },
        page,
      );
      expect(conflicts.totalCount).toBe(1);
      expect(conflicts.bulkJobs).toEqual({ bulk_f1: { entries: 1, outcomes: { conflict: 1 } } });
      // Unfolded (a job's own page), each write is its row.
      expect((await listAuditEntries(fresh.db, { bulkJobId: "bulk_f1" }, page)).totalCount).toBe(3);
    } finally {
      await fresh.dispose();
    }
  });

  it("reads a row written without an event (by the release before staff events) as a metadata write", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      await sql`INSERT INTO audit_log (occurred_at, target_user_id, bags, patch, outcome)
        VALUES (1, 'user_old', '[]', '{}', 'success')`.execute(fresh.db);
      const { entries } = await listAuditEntries(
        fresh.db,
        { targetUserId: "user_old" },
        { limit: 5, offset: 0 },
      );
      expect(entries).toMatchObject([{ kind: "metadata", targetUserId: "user_old" }]);
    } finally {
      await fresh.dispose();
    }
  });
});
