import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReviewPolicy } from "@/lib/review/rules/review-policy-schema";
import type { JsonObject } from "@/lib/metadata/json";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { emulatedClerk, testPolicy, type EmulatedClerk } from "@/tests/support/emulated-clerk";

let emulated: EmulatedClerk;
let emulator: EmulatedClerk["emulator"];
let clerk: EmulatedClerk["clerk"];
let service: typeof import("./request-change") &
  typeof import("./decide-request") &
  typeof import("./request-store") &
  typeof import("@/lib/users/save-metadata");

const author = {
  id: "staff_author",
  email: "sam@support.test",
  name: "Sam",
  role: "support",
} as const;
const admin = { id: "staff_admin", email: "ada@admin.test", name: "Ada", role: "admin" } as const;
const admin2 = { id: "staff_admin2", email: "bo@admin.test", name: "Bo", role: "admin" } as const;
const viewer = { id: "staff_viewer", email: "vi@viewer.test", name: "Vi", role: "viewer" } as const;
const product = {
  id: "staff_product",
  email: "pm@product.test",
  name: "Pat",
  role: "product",
} as const;

const policy = testPolicy;
const roles = policy([{ name: "Roles", paths: ["public_metadata.role"] }]);
const twoAdmins = policy([
  { name: "Billing", paths: ["private_metadata.billing.**"], approvals: 2 },
]);

beforeAll(async () => {
  emulated = await emulatedClerk();
  ({ emulator, clerk } = emulated);
  service = {
    ...(await import("./request-change")),
    ...(await import("./decide-request")),
    ...(await import("./request-store")),
    ...(await import("@/lib/users/save-metadata")),
  };
});
afterAll(() => emulated.dispose());

describe.each(databaseKinds)("change requests, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  const db = () => database.db;
  const patches = () =>
    emulator.stats.snapshot().requests["PATCH /v1/users/{user_id}/metadata"] ?? 0;
  async function userWith(publicMetadata: Record<string, unknown>, privateMetadata = {}) {
    return clerk.users.createUser({
      emailAddress: [`${kind}-${Math.random().toString(36).slice(2)}@review.test`],
      publicMetadata,
      privateMetadata,
    });
  }
  async function request(
    user: { id: string; updatedAt: number; publicMetadata: unknown; privateMetadata: unknown },
    patch: Record<string, Record<string, unknown>>,
    p: ReviewPolicy = roles,
  ) {
    const result = await service.requestChange(
      {
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        base: {
          public_metadata: user.publicMetadata as Record<string, never>,
          private_metadata: user.privateMetadata as Record<string, never>,
        },
        patch,
        reason: "TICKET-1",
      },
      { actor: author, db: db(), policy: p, permission: "metadata:write" },
    );
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }
  async function events(id: number) {
    const rows = await db()
      .selectFrom("audit_log")
      .select(["event", "outcome"])
      .where("change_request_id", "=", id)
      .orderBy("id")
      .execute();
    return rows.map((r) => `${r.event}:${r.outcome}`);
  }

  it("a protected change is not saved directly: refused and audited, nothing sent to Clerk", async () => {
    const user = await userWith({ role: "member" });
    emulator.stats.reset();
    const saved = await service.saveMetadata(
      {
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        patch: { public_metadata: { role: "admin" } },
      },
      {
        actor: author,
        db: db(),
        record: async () => {},
        reviewRules: roles.rules,
        reasonRequired: false,
      },
    );
    expect(saved.ok).toBe(false);
    expect(!saved.ok && saved.error).toMatchObject({
      kind: "review_required",
      rules: [{ name: "Roles", approvers: ["admin"], paths: ["public_metadata.role"] }],
    });
    expect(patches()).toBe(0);
  });

  it("a request writes nothing; one admin's approval applies it, audited and linked both ways", async () => {
    const user = await userWith({ role: "member", plan: "free" });
    emulator.stats.reset();
    const made = await request(user, { public_metadata: { role: "admin" } });
    expect(made).toMatchObject({ status: "open", reason: "TICKET-1", round: 1 });
    expect(patches()).toBe(0);

    const approved = await service.approveRequest(db(), made.id, admin);
    expect(approved.ok && approved.value).toMatchObject({
      applied: "applied",
      request: { status: "applied" },
    });
    expect(patches()).toBe(1);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      role: "admin",
      plan: "free",
    });
    const applied = approved.ok ? approved.value.request : null;
    expect(await events(made.id)).toEqual([
      "change_requested:success",
      "change_approved:success",
      "metadata_write:success",
    ]);
    const write = await db()
      .selectFrom("audit_log")
      .select(["id", "actor_id", "reason"])
      .where("change_request_id", "=", made.id)
      .where("event", "=", "metadata_write")
      .executeTakeFirstOrThrow();
    expect(applied?.appliedEntryId).toBe(Number(write.id));
    expect(write).toMatchObject({ actor_id: admin.id, reason: "TICKET-1" });
  });

  it("refuses the author's own approval, a viewer's and a product person's; each refusal audited, nothing written", async () => {
    const user = await userWith({ role: "member" });
    const made = await request(user, { public_metadata: { role: "owner" } });
    emulator.stats.reset();
    for (const who of [author, viewer, product]) {
      const answer = await service.approveRequest(db(), made.id, who);
      expect(answer.ok, who.role).toBe(false);
      expect(!answer.ok && answer.error.kind).toBe("forbidden");
    }
    const own = await service.approveRequest(db(), made.id, { ...author, role: "admin" });
    expect(!own.ok && own.error.message).toBe("You cannot approve your own request.");
    expect(patches()).toBe(0);
    expect((await service.getChangeRequest(db(), made.id))?.status).toBe("open");
    expect(await events(made.id)).toEqual([
      "change_requested:success",
      "change_approved:refused",
      "change_approved:refused",
      "change_approved:refused",
      "change_approved:refused",
    ]);
  });

  it("two approvers pressing at once apply it once", async () => {
    const user = await userWith({ role: "member" });
    const made = await request(user, { public_metadata: { role: "admin" } });
    emulator.stats.reset();
    const answers = await Promise.all([
      service.approveRequest(db(), made.id, admin),
      service.approveRequest(db(), made.id, admin2),
    ]);
    expect(answers.some((a) => a.ok && a.value.applied === "applied")).toBe(true);
    expect(patches()).toBe(1);
    expect((await service.getChangeRequest(db(), made.id))?.status).toBe("applied");
    const writes = (await events(made.id)).filter((e) => e.startsWith("metadata_write"));
    expect(writes).toEqual(["metadata_write:success"]);
  });

  it("a rule needing two approvals applies at the second, not the first", async () => {
    const user = await userWith({}, { billing: { plan: "basic" } });
    const made = await request(user, { private_metadata: { billing: { plan: "pro" } } }, twoAdmins);
    emulator.stats.reset();
    const first = await service.approveRequest(db(), made.id, admin);
    expect(first.ok && first.value.request.status).toBe("open");
    expect(patches()).toBe(0);
    const again = await service.approveRequest(db(), made.id, admin);
    expect(!again.ok && again.error.message).toBe("You have approved this request already.");
    const second = await service.approveRequest(db(), made.id, admin2);
    expect(second.ok && second.value.request.status).toBe("applied");
    expect(patches()).toBe(1);
    // The write's entry names who asked and everyone who approved, not only the last to press.
    const write = await db()
      .selectFrom("audit_log")
      .select("message")
      .where("change_request_id", "=", made.id)
      .where("event", "=", "metadata_write")
      .executeTakeFirstOrThrow();
    expect(write.message).toBe(
      `Change request #${made.id}, requested by sam@support.test, approved by ada@admin.test, bo@admin.test.`,
    );
  });

  it("the user changed on the same key since the request: needs rebase, nothing written; rebased, it applies after approvals start again", async () => {
    const user = await userWith({ role: "member" });
    const made = await request(user, { public_metadata: { role: "admin" } });
    await clerk.users.updateUserMetadata(user.id, { publicMetadata: { role: "billing" } });
    emulator.stats.reset();
    const approved = await service.approveRequest(db(), made.id, admin);
    expect(approved.ok && approved.value).toMatchObject({
      applied: "needs_rebase",
      request: { status: "needs_rebase" },
    });
    expect(patches()).toBe(0);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ role: "billing" });

    const notMine = await service.rebaseRequest(db(), made.id, admin);
    expect(!notMine.ok && notMine.error.kind).toBe("forbidden");
    const rebased = await service.rebaseRequest(db(), made.id, author);
    expect(rebased.ok && rebased.value.request).toMatchObject({ status: "open", round: 2 });
    // The earlier approval belonged to the earlier diff.
    const reapproved = await service.approveRequest(db(), made.id, admin);
    expect(reapproved.ok && reapproved.value.request.status).toBe("applied");
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ role: "admin" });
    expect(await events(made.id)).toEqual([
      "change_requested:success",
      "change_approved:success",
      "metadata_write:conflict",
      "change_rebased:refused",
      "change_rebased:success",
      "change_approved:success",
      "metadata_write:success",
    ]);
  });

  it("a rebase resolved by its author asks for the author's documents; one against a stale user or equal to it is refused", async () => {
    const user = await userWith({ role: "member", plan: "free" });
    const made = await request(user, { public_metadata: { role: "admin" } });
    const changed = await clerk.users.updateUserMetadata(user.id, {
      publicMetadata: { role: "billing", plan: "pro" },
    });
    await service.approveRequest(db(), made.id, admin);

    const stale = await service.rebaseRequest(db(), made.id, author, {
      seenUpdatedAt: user.updatedAt,
      documents: { public_metadata: { role: "owner", plan: "pro" } },
    });
    expect(!stale.ok && stale.error.message).toMatch(/changed again/);
    const same = await service.rebaseRequest(db(), made.id, author, {
      seenUpdatedAt: changed.updatedAt,
      documents: { public_metadata: { role: "billing", plan: "pro" } },
    });
    expect(!same.ok && same.error.message).toMatch(/nothing is left to request/);
    // A document for a bag the request never touched is not part of it.
    const resolved = await service.rebaseRequest(db(), made.id, author, {
      seenUpdatedAt: changed.updatedAt,
      documents: {
        public_metadata: { role: "owner", plan: "pro" },
        private_metadata: { sneaked: true },
      },
    });
    expect(resolved.ok && resolved.value.request).toMatchObject({
      status: "open",
      round: 2,
      patch: { public_metadata: { role: "owner" } },
      base: { public_metadata: { role: "billing", plan: "pro" } },
    });
    const approved = await service.approveRequest(db(), made.id, admin);
    expect(approved.ok && approved.value.request.status).toBe("applied");
    const after = await clerk.users.getUser(user.id);
    expect(after.publicMetadata).toEqual({ role: "owner", plan: "pro" });
    expect(after.privateMetadata).toEqual({});
  });

  /** A request the user's next change sends to rebase: approved once, conflicting, unwritten. */
  async function needingRebase(made: { id: number }, change: () => Promise<{ updatedAt: number }>) {
    const changed = await change();
    const approved = await service.approveRequest(db(), made.id, admin);
    expect(approved.ok && approved.value.applied).toBe("needs_rebase");
    return changed.updatedAt;
  }

  it("a rebased flag request may set its flag and no other key; its author must still hold flags:write", async () => {
    const user = await userWith({}, { features: { support_tier: "standard" }, crmId: "crm_1" });
    const made = await service.requestChange(
      {
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        patch: { private_metadata: { features: { support_tier: "priority" } } },
      },
      { actor: product, db: db(), policy: policy([]), permission: "flags:write" },
    );
    if (!made.ok) throw new Error(made.error.message);
    const seen = await needingRebase(made.value, () =>
      clerk.users.updateUserMetadata(user.id, {
        privateMetadata: { features: { support_tier: "enterprise" } },
      }),
    );
    emulator.stats.reset();
    const sneakedIn: JsonObject[] = [
      { crmId: "crm_evil" },
      { stripeCustomerId: "cus_evil" },
      { billing: { plan: "free" } },
      { features: { support_tier: "priority", new_dashboard: true } },
    ];
    for (const sneaked of sneakedIn) {
      const widened = await service.rebaseRequest(db(), made.value.id, product, {
        seenUpdatedAt: seen,
        documents: {
          private_metadata: {
            features: { support_tier: "priority" },
            crmId: "crm_1",
            ...sneaked,
          },
        },
      });
      expect(!widened.ok && widened.error).toMatchObject({
        kind: "forbidden",
        message: expect.stringMatching(/may change only what the request was made for/),
      });
    }
    const demoted = await service.rebaseRequest(db(), made.value.id, {
      ...product,
      role: "viewer",
    });
    expect(!demoted.ok && demoted.error).toMatchObject({
      kind: "forbidden",
      message: expect.stringMatching(/may no longer make this change \(flags:write\)/),
    });
    expect(patches()).toBe(0);
    expect((await service.getChangeRequest(db(), made.value.id))?.status).toBe("needs_rebase");

    const rebased = await service.rebaseRequest(db(), made.value.id, product, {
      seenUpdatedAt: seen,
      documents: { private_metadata: { features: { support_tier: "priority" }, crmId: "crm_1" } },
    });
    expect(rebased.ok && rebased.value.request).toMatchObject({
      status: "open",
      round: 2,
      patch: { private_metadata: { features: { support_tier: "priority" } } },
    });
    expect(await events(made.value.id)).toEqual([
      "change_requested:success",
      "change_approved:success",
      "metadata_write:conflict",
      ...Array(5).fill("change_rebased:refused"),
      "change_rebased:success",
    ]);
    // Every other request here is Sam's own (the queue test below counts on it).
    expect((await service.withdrawRequest(db(), made.value.id, product)).ok).toBe(true);
  });

  it("a rebased metadata request gains no paths; approvals start again; the write names its author and every approver", async () => {
    const user = await userWith({ role: "member" }, { billing: { plan: "free" } });
    const made = await request(user, { private_metadata: { billing: { plan: "pro" } } }, twoAdmins);
    const changed = await clerk.users.updateUserMetadata(user.id, {
      privateMetadata: { billing: { plan: "team" } },
    });
    emulator.stats.reset();
    expect((await service.approveRequest(db(), made.id, admin)).ok).toBe(true);
    const applied = await service.approveRequest(db(), made.id, admin2);
    expect(applied.ok && applied.value.applied).toBe("needs_rebase");

    const widened = await service.rebaseRequest(db(), made.id, author, {
      seenUpdatedAt: changed.updatedAt,
      documents: { private_metadata: { billing: { plan: "pro", seats: 500 }, stripe: "cus_x" } },
    });
    expect(!widened.ok && widened.error.message).toMatch(
      /would also change private_metadata\.billing\.seats, private_metadata\.stripe/,
    );
    const demoted = await service.rebaseRequest(db(), made.id, { ...author, role: "viewer" });
    expect(!demoted.ok && demoted.error.kind).toBe("forbidden");

    // Rebased, its rules are those of metadeck.config.ts now: Billing, one admin's approval.
    const rebased = await service.rebaseRequest(db(), made.id, author);
    expect(rebased.ok && rebased.value.request).toMatchObject({ status: "open", round: 2 });
    // The two approvals of round one do not carry over: it waits until someone approves again.
    expect(patches()).toBe(0);
    const again = await service.approveRequest(db(), made.id, admin2);
    expect(again.ok && again.value.request.status).toBe("applied");
    const write = await db()
      .selectFrom("audit_log")
      .select(["message", "actor_email"])
      .where("change_request_id", "=", made.id)
      .where("event", "=", "metadata_write")
      .where("outcome", "=", "success")
      .executeTakeFirstOrThrow();
    expect(write.actor_email).toBe(admin2.email);
    expect(write.message).toBe(
      `Change request #${made.id}, requested by sam@support.test, approved by bo@admin.test.`,
    );
  });

  it("the user changed on other keys since the request: it applies", async () => {
    const user = await userWith({ role: "member", plan: "free" });
    const made = await request(user, { public_metadata: { role: "admin" } });
    await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: "pro" } });
    const approved = await service.approveRequest(db(), made.id, admin);
    expect(approved.ok && approved.value.request.status).toBe("applied");
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      role: "admin",
      plan: "pro",
    });
  });

  it("withdraw, reject and expiry write nothing; a final request refuses every further step", async () => {
    const user = await userWith({ role: "member" });
    const a = await request(user, { public_metadata: { role: "a" } });
    const b = await request(user, { public_metadata: { role: "b" } });
    const c = await request(user, { public_metadata: { role: "c" } });
    emulator.stats.reset();

    const notAuthor = await service.withdrawRequest(db(), a.id, admin);
    expect(!notAuthor.ok && notAuthor.error.kind).toBe("forbidden");
    expect((await service.withdrawRequest(db(), a.id, author)).ok).toBe(true);
    const ownReject = await service.rejectRequest(db(), b.id, author, "no");
    expect(!ownReject.ok && ownReject.error.kind).toBe("forbidden");
    expect((await service.rejectRequest(db(), b.id, admin, "Not without a ticket.")).ok).toBe(true);
    expect((await service.listComments(db(), b.id)).map((x) => [x.kind, x.body])).toEqual([
      ["rejection", "Not without a ticket."],
    ]);
    await db()
      .updateTable("change_request")
      .set({ expires_at: Date.now() - 1 })
      .where("id", "=", c.id)
      .execute();

    for (const [id, status] of [
      [a.id, "withdrawn"],
      [b.id, "rejected"],
      [c.id, "expired"],
    ] as const) {
      const late = await service.approveRequest(db(), id, admin2);
      expect(!late.ok && late.error).toMatchObject({ kind: "final" });
      expect((await service.getChangeRequest(db(), id))?.status).toBe(status);
      const comment = await service.commentOnRequest(db(), id, admin2, "late");
      expect(!comment.ok && comment.error.kind).toBe("final");
    }
    expect(patches()).toBe(0);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ role: "member" });
    const done = await Promise.all([a.id, b.id, c.id].map(events));
    expect(done.map((e) => e.filter((x) => x.endsWith(":success")))).toEqual([
      ["change_requested:success", "change_withdrawn:success"],
      ["change_requested:success", "change_rejected:success"],
      ["change_requested:success", "change_expired:success"],
    ]);
  });

  it("a change that no rule covers is not a request", async () => {
    const user = await userWith({ plan: "free" });
    const answer = await service.requestChange(
      {
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        patch: { public_metadata: { plan: "pro" } },
      },
      { actor: author, db: db(), policy: roles, permission: "metadata:write" },
    );
    expect(!answer.ok && answer.error.kind).toBe("no_review_needed");
  });

  it("lists what waits for each person, and counts it for the badge", async () => {
    const user = await userWith({ role: "member" });
    const made = await request(user, { public_metadata: { role: "x" } });
    const waiting = await service.listChangeRequests(
      db(),
      { view: "waiting", staff: { id: admin.id, role: "admin" } },
      { limit: 100, offset: 0 },
    );
    expect(waiting.requests.map((r) => r.id)).toContain(made.id);
    // Every request here is the author's own: none waits for them, whatever their role.
    expect(await service.countWaitingFor(db(), { id: author.id, role: "admin" })).toBe(0);
    expect(await service.countWaitingFor(db(), { id: admin.id, role: "admin" })).toBe(
      waiting.totalCount,
    );
    expect(await service.countWaitingFor(db(), { id: viewer.id, role: "viewer" })).toBe(0);
    const mine = await service.listChangeRequests(
      db(),
      { view: "mine", status: "open", staff: { id: author.id, role: "support" } },
      { limit: 100, offset: 0 },
    );
    expect(mine.requests.every((r) => r.author.id === author.id && r.status === "open")).toBe(true);
  });
});
