import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { startTestEmulator, TEST_SECRET_KEY } from "@/emulator/tests/support/test-emulator";
import { listAuditEntries } from "@/lib/audit/audit-log";
import { flagCatalogue } from "@/lib/flags/catalogue";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import {
  cancelBulkJob,
  dryRunBulkChange,
  retryFailedItems,
  rollBackBulkJob,
  jobProgress,
  startBulkChange,
  type PlanningDeps,
} from "./bulk-jobs";
import { scaledClock } from "@/tests/support/scaled-clock";
import { countItems, getJob, itemsIn, settleItem } from "./job-store";
import { BulkJobRunner } from "./job-runner";
import { pacedLister } from "./paced-lister";
import { CLERK_INSTANCE_LIMITS } from "@/lib/config/limits";
import { WindowCounter } from "@/lib/db/window-counter";
import { CallBudget } from "@/lib/scheduling/call-budget";
import { toUserDto } from "@/lib/clerk/user-dto";
import { indexUsers } from "@/lib/user-index/index-store";
import { indexedUserIds } from "@/lib/user-index/search/indexed-user-ids";

let emulator: RunningEmulator;
let clerk: Awaited<ReturnType<typeof startTestEmulator>>["clerk"];
let users: typeof import("@/lib/clerk/users");
const actor = { id: "staff_pm", email: "pm@example.com" };
/**
 * Ten seconds pass in one for the emulator's rate limits, its Retry-After answers, the budget's
 * window, the runner's waits and its lease: the same behaviour at Clerk's development limits,
 * in a tenth of the time.
 */
const clock = scaledClock(0.1);

async function admin(path: string, method: string, body?: unknown) {
  const res = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { Authorization: `Bearer ${TEST_SECRET_KEY}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.json() as Promise<{ metadataWritesByUser: Record<string, number> }>;
}

/** A cohort of users sharing an email domain, so a search finds exactly them. */
async function cohort(domain: string, size: number, features: (i: number) => object | undefined) {
  const created = [];
  for (let i = 0; i < size; i++) {
    const f = features(i);
    created.push(
      await clerk.users.createUser({
        emailAddress: [`member${i}@${domain}`],
        publicMetadata: f === undefined ? { plan: "free" } : { plan: "free", features: f },
      }),
    );
  }
  return created;
}

async function featuresOf(domain: string) {
  const { data } = await clerk.users.getUserList({ query: domain, limit: 500 });
  return new Map(data.map((u) => [u.id, (u.publicMetadata as { features?: object }).features]));
}

function harness(database: TestDatabase, concurrency = 4) {
  // The shared budget in the test's own console database, at Clerk's development limits.
  const budget = new CallBudget({
    store: new WindowCounter(database),
    key: `test-${database.kind}`,
    limit: CLERK_INSTANCE_LIMITS.dev,
    clock,
  });
  const runner = new BulkJobRunner({
    db: database.db,
    clerk: { updateUserMetadata: users.updateUserMetadata, getUser: users.getUser },
    budget,
    clock,
    concurrency,
  });
  const deps: PlanningDeps = {
    db: database.db,
    catalogue: flagCatalogue(),
    list: pacedLister(users.listFullUsers, budget, clock),
    lookup: (where, limit) => indexedUserIds(database.db, database.kind, where, limit),
    now: clock.now,
    start: (id) => void runner.run(id),
    reasonRequired: false,
    reviewRules: [],
  };
  return { runner, deps };
}

beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator({ now: clock.now }));
  process.env.CLERK_SECRET_KEY = TEST_SECRET_KEY;
  process.env.CLERK_API_URL = emulator.url;
  users = await import("@/lib/clerk/users");
});
afterAll(() => emulator.close());

describe.each(databaseKinds)("bulk flag jobs against the emulator, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await admin("/faults", "DELETE");
    await admin("/rate-limit", "PUT", { mode: "off" });
    await database.dispose();
  });

  it("at dev limits with 5% 500s and 5% 429s, every user ends with the value and none is written twice", async () => {
    const domain = `${kind}.cohort300.test`;
    const members = await cohort(domain, 300, (i) =>
      i % 10 === 0 ? { beta_exports: true } : undefined,
    );
    await admin("/rate-limit", "PUT", { mode: "dev" });
    await admin("/faults", "PUT", { errorRate: 0.05, rateLimitRate: 0.05, retryAfterSeconds: 1 });
    await admin("/stats", "DELETE");
    const { runner, deps } = harness(database);

    const started = await startBulkChange(
      deps,
      { target: { kind: "query", query: domain }, flagKey: "beta_exports", value: true },
      actor,
    );
    expect(started.ok).toBe(true);
    const jobId = started.ok ? started.value : "";
    await runner.run(jobId);
    await admin("/faults", "DELETE");
    await admin("/rate-limit", "PUT", { mode: "off" });

    expect((await getJob(database.db, jobId))?.status).toBe("completed");
    expect(await countItems(database.db, jobId)).toEqual({
      pending: 0,
      writing: 0,
      changed: 270,
      skipped: 30,
      failed: 0,
    });
    const now = await featuresOf(domain);
    expect(
      members.every((m) => (now.get(m.id) as { beta_exports?: boolean })?.beta_exports === true),
    ).toBe(true);
    const { metadataWritesByUser } = await admin("/stats", "GET");
    const writes = members.map((m) => metadataWritesByUser[m.id] ?? 0);
    expect(writes.filter((n, i) => i % 10 !== 0).every((n) => n === 1)).toBe(true);
    expect(writes.filter((n, i) => i % 10 === 0).every((n) => n === 0)).toBe(true);
    const audited = await listAuditEntries(
      database.db,
      { outcome: "success" },
      { limit: 1000, offset: 0 },
    );
    expect(
      audited.entries.filter((e) => e.kind === "metadata" && e.bulkJobId === jobId),
    ).toHaveLength(270);
  }, 180_000);

  it("a where filter targets the users the index selects, each read fresh from Clerk; one Clerk no longer has is reported", async () => {
    const domain = `${kind}.where.test`;
    const members = await cohort(domain, 6, (i) => (i < 2 ? { editor: "blocks" } : undefined));
    // The index as the webhooks left it: everyone tagged, one of them since deleted in Clerk.
    const indexed = members.map((member) => {
      const read = toUserDto(member);
      return { ...read, publicMetadata: { ...read.publicMetadata, tag: domain } };
    });
    await indexUsers(database.db, indexed, clock.now());
    await clerk.users.deleteUser(members[5]!.id);
    const { runner, deps } = harness(database);
    const input = {
      target: { kind: "where" as const, where: `public_metadata.tag = "${domain}"` },
      flagKey: "editor",
      value: "ai-assist",
    };

    const dry = await dryRunBulkChange(deps, input);
    if (!dry.ok) throw new Error(dry.error.message);
    expect(dry.value).toMatchObject({ total: 5, changing: 5, unknown: [members[5]!.id] });
    expect(dry.value.description).toMatch(
      new RegExp(`^users where public_metadata.tag = "${domain}" \\(user index as of \\d{4}-`),
    );
    const started = await startBulkChange(deps, input, actor);
    if (!started.ok) throw new Error(started.error.message);
    await runner.run(started.value);
    expect(await countItems(database.db, started.value)).toMatchObject({ changed: 5, failed: 0 });
    // Each write was the one key: what Clerk had beside it is kept (the index's `tag` was never there).
    const after = await clerk.users.getUser(members[0]!.id);
    expect(after.publicMetadata).toEqual({ plan: "free", features: { editor: "ai-assist" } });

    const malformed = await dryRunBulkChange(deps, {
      ...input,
      target: { kind: "where", where: "public_metadata.tag = " },
    });
    expect(malformed).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(malformed.ok ? "" : malformed.error.message).toMatch(
      /^The filter does not parse: at character \d+/,
    );

    // The index failing is a value too, never a throw out of the dry run.
    const unreadable = await dryRunBulkChange(
      {
        ...deps,
        lookup: () => Promise.reject(new Error("Expression tree is too large")),
      },
      input,
    );
    expect(unreadable).toMatchObject({
      ok: false,
      error: { kind: "unavailable", message: expect.stringMatching(/^The user index could not/) },
    });
    // A filter stopped at the read budget, or one read too many for the session, says so.
    for (const [refusal, kindShown] of [
      ["too_expensive", "invalid"],
      ["busy", "unavailable"],
    ] as const) {
      const refused = await dryRunBulkChange(
        {
          ...deps,
          lookup: async () => ({ ok: false, error: { kind: refusal, message: `${refusal}.` } }),
        },
        input,
      );
      expect(refused).toEqual({ ok: false, error: { kind: kindShown, message: `${refusal}.` } });
    }
  }, 60_000);

  it("a restart mid-job resumes it, checking an interrupted write before writing again", async () => {
    const domain = `${kind}.restart.test`;
    const members = await cohort(domain, 80, () => undefined);
    await admin("/stats", "DELETE");
    const first = harness(database, 2);
    const started = await startBulkChange(
      first.deps,
      { target: { kind: "query", query: domain }, flagKey: "new_dashboard", value: true },
      actor,
    );
    const jobId = started.ok ? started.value : "";
    while ((await countItems(database.db, jobId)).changed < 20)
      await new Promise((r) => setTimeout(r, 20));
    await first.runner.stop();
    const counts = await countItems(database.db, jobId);
    expect(counts.pending).toBeGreaterThan(0);

    // What a crash leaves behind: one write that landed but was never recorded, and one
    // marked as under way that never reached Clerk.
    const [landed, unsent] = await itemsIn(database.db, jobId, ["pending"], 2);
    await settleItem(database.db, landed!, { state: "writing" }, clock.now());
    await clerk.users.updateUserMetadata(landed!.userId, {
      publicMetadata: { features: { new_dashboard: true } },
    });
    await settleItem(database.db, unsent!, { state: "writing" }, clock.now());

    const second = harness(database, 2);
    await second.runner.run(jobId);
    expect((await getJob(database.db, jobId))?.status).toBe("completed");
    expect((await countItems(database.db, jobId)).changed).toBe(80);
    const { metadataWritesByUser } = await admin("/stats", "GET");
    expect(members.map((m) => metadataWritesByUser[m.id])).toEqual(members.map(() => 1));
    // Exactly one audit entry per write, the interrupted one included.
    const entries = (
      await listAuditEntries(database.db, { outcome: "success" }, { limit: 1000, offset: 0 })
    ).entries
      .filter((e) => e.kind === "metadata")
      .filter((e) => e.bulkJobId === jobId);
    expect(entries).toHaveLength(80);
    expect(entries.find((e) => e.targetUserId === landed!.userId)).toMatchObject({
      message: "Written before a restart; recorded when the job resumed.",
      after: { public_metadata: { plan: "free", features: { new_dashboard: true } } },
      before: { public_metadata: { plan: "free" } },
    });
  }, 120_000);

  it("rollback restores each user's previous value exactly, skipping users changed since", async () => {
    const domain = `${kind}.rollback.test`;
    const before = (i: number) =>
      [undefined, { editor: "blocks" }, { editor: "classic", beta_exports: true }, { other: 1 }][
        i % 4
      ];
    const members = await cohort(domain, 40, before);
    const { runner, deps } = harness(database);
    const started = await startBulkChange(
      deps,
      {
        target: {
          kind: "list",
          text:
            members.map((m) => m.emailAddresses[0]!.emailAddress).join("\n") +
            "\nnobody@nowhere.test\nuser_missing1",
        },
        flagKey: "editor",
        value: "ai-assist",
      },
      actor,
    );
    const jobId = started.ok ? started.value : "";
    await runner.run(jobId);
    const job = await getJob(database.db, jobId);
    expect(job?.unknownEntries).toEqual(["user_missing1", "nobody@nowhere.test"]);
    // Someone changes one user's flag after the job.
    await clerk.users.updateUserMetadata(members[1]!.id, {
      publicMetadata: { features: { editor: "classic" } },
    });

    const rolled = await rollBackBulkJob(deps, jobId, actor);
    expect(rolled.ok).toBe(true);
    const rollbackId = rolled.ok ? rolled.value : "";
    await runner.run(rollbackId);
    expect(await countItems(database.db, rollbackId)).toMatchObject({
      changed: 39,
      skipped: 1,
      failed: 0,
    });
    const [skipped] = await itemsIn(database.db, rollbackId, ["skipped"], 5);
    expect(skipped).toMatchObject({
      userId: members[1]!.id,
      error: "Changed since the job ran; left as it is.",
    });
    const now = await featuresOf(domain);
    members.forEach((m, i) => {
      const editor = (now.get(m.id) as { editor?: string } | undefined)?.editor;
      const expected = i === 1 ? "classic" : (before(i) as { editor?: string } | undefined)?.editor;
      expect(editor, m.id).toBe(expected);
    });
    // A job is rolled back once, and a rollback is not rolled back: both would undo twice.
    expect(await rollBackBulkJob(deps, jobId, actor)).toMatchObject({
      ok: false,
      error: { message: `This job was already rolled back by ${actor.email} (job ${rollbackId}).` },
    });
    expect(await rollBackBulkJob(deps, rollbackId, actor)).toMatchObject({ ok: false });
    expect((await jobProgress(deps, jobId))?.rolledBackBy).toMatchObject({ id: rollbackId });
  }, 120_000);

  it("where the policy requires a reason, a job and its rollback start only with one, which every write carries", async () => {
    const domain = `${kind}.reasons.test`;
    const members = await cohort(domain, 3, () => undefined);
    const { runner, deps } = harness(database);
    const strict = { ...deps, reasonRequired: true };
    const input = {
      target: { kind: "list" as const, text: members.map((m) => m.id).join("\n") },
      flagKey: "beta_exports",
      value: true,
    };
    const refusal = {
      ok: false,
      error: {
        kind: "invalid",
        message: "Give a reason for this change: this workspace requires one for every write.",
      },
    };
    expect(await startBulkChange(strict, input, actor)).toEqual(refusal);
    const started = await startBulkChange(strict, { ...input, reason: "BETA-9" }, actor);
    const jobId = started.ok ? started.value : "";
    await runner.run(jobId);
    expect((await getJob(database.db, jobId))?.reason).toBe("BETA-9");
    const entries = await listAuditEntries(
      database.db,
      { bulkJobId: jobId },
      { limit: 10, offset: 0 },
    );
    expect(entries.entries.map((e) => e.kind === "metadata" && e.reason)).toEqual([
      "BETA-9",
      "BETA-9",
      "BETA-9",
    ]);
    expect(await rollBackBulkJob(strict, jobId, actor)).toEqual(refusal);
    const rolled = await rollBackBulkJob(strict, jobId, actor, "Wrong cohort");
    expect(rolled.ok && (await getJob(database.db, rolled.value))?.reason).toBe("Wrong cohort");
    // A job started before reasons were required cannot retry its failures without one.
    const earlier = await startBulkChange(deps, { ...input, value: false }, actor);
    const earlierId = earlier.ok ? earlier.value : "";
    await runner.run(earlierId);
    expect(await retryFailedItems(strict, earlierId)).toMatchObject({
      ok: false,
      error: {
        kind: "invalid",
        message: expect.stringMatching(/^This job was started without a reason/),
      },
    });
  });

  it("a user Clerk refuses is listed as failed with the reason, and can be retried", async () => {
    const domain = `${kind}.retry.test`;
    const members = await cohort(domain, 3, () => undefined);
    // Near Clerk's 8 KB cap: adding the flag pushes this one over, a 422 that no retry fixes.
    await clerk.users.updateUserMetadata(members[1]!.id, {
      publicMetadata: { blob: "x".repeat(8150) },
    });
    const { runner, deps } = harness(database);
    const started = await startBulkChange(
      deps,
      { target: { kind: "query", query: domain }, flagKey: "new_dashboard", value: true },
      actor,
    );
    const jobId = started.ok ? started.value : "";
    await runner.run(jobId);
    expect(await countItems(database.db, jobId)).toMatchObject({ changed: 2, failed: 1 });
    const [failed] = await itemsIn(database.db, jobId, ["failed"], 5);
    expect(failed?.userId).toBe(members[1]!.id);
    expect(failed?.error).toMatch(/422 form_param_exceeds_allowed_size/);

    await clerk.users.updateUserMetadata(members[1]!.id, { publicMetadata: { blob: null } });
    expect(await retryFailedItems(deps, jobId)).toEqual({ ok: true, value: 1 });
    await runner.run(jobId);
    expect((await getJob(database.db, jobId))?.status).toBe("completed");
    expect(await countItems(database.db, jobId)).toMatchObject({ changed: 3, failed: 0 });
  });

  it("a cancelled job stops within seconds and reports what it did", async () => {
    const domain = `${kind}.cancel.test`;
    await cohort(domain, 150, () => undefined);
    await admin("/rate-limit", "PUT", { mode: "dev" });
    const { runner, deps } = harness(database, 2);
    const started = await startBulkChange(
      deps,
      { target: { kind: "query", query: domain }, flagKey: "new_dashboard", value: true },
      actor,
    );
    const jobId = started.ok ? started.value : "";
    while ((await countItems(database.db, jobId)).changed < 5)
      await new Promise((r) => setTimeout(r, 20));
    const asked = clock.now();
    expect((await cancelBulkJob(deps, jobId)).ok).toBe(true);
    await runner.run(jobId);
    expect(clock.now() - asked).toBeLessThan(5_000);
    await admin("/rate-limit", "PUT", { mode: "off" });
    expect((await getJob(database.db, jobId))?.status).toBe("cancelled");
    const counts = await countItems(database.db, jobId);
    expect(counts.pending).toBeGreaterThan(0);
    expect(counts.changed + counts.pending).toBe(150);
  }, 60_000);
});
