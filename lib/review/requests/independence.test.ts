import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth, migrateAuthSchema, type StaffAuth } from "@/lib/auth/create-auth";
import * as staff from "@/lib/auth/staff-accounts";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { emulatedClerk, testPolicy, type EmulatedClerk } from "@/tests/support/emulated-clerk";
import { testDesk } from "@/tests/support/staff-desk";
import { notIndependent } from "./independence";

let emulated: EmulatedClerk;
let clerk: EmulatedClerk["clerk"];
let service: typeof import("./request-change") & typeof import("./decide-request");

const PASSWORD = "a long enough password";
const roles = testPolicy([{ name: "Roles", paths: ["public_metadata.role"] }]);
const twoApprovals = testPolicy([{ name: "Roles", paths: ["public_metadata.role"], approvals: 2 }]);

beforeAll(async () => {
  emulated = await emulatedClerk();
  ({ clerk } = emulated);
  service = { ...(await import("./request-change")), ...(await import("./decide-request")) };
});
afterAll(() => emulated.dispose());

/** `npm run staff` against this database, as the author (`--by`). */
function staffCommand(database: TestDatabase, args: string[], by: string) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/staff.ts", ...args, "--by", by],
    {
      input: `${PASSWORD}\n`,
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    },
  );
  expect(run.status, run.stderr).toBe(0);
}

describe.each(databaseKinds)("approvals independent of the author, on %s", (kind) => {
  let database: TestDatabase;
  let auth: StaffAuth;
  let author: staff.StaffAccount;
  let colleague: staff.StaffAccount;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrateAuthSchema(database);
    auth = createAuth(database, {
      secret: "test-secret-test-secret-test-secret-0123",
      baseURL: "http://127.0.0.1",
    });
    const setUp = testDesk(auth, database);
    const made = async (email: string, role: string) => {
      const added = await staff.addStaff(setUp, { email, role, password: PASSWORD });
      if (!added.ok) throw new Error(added.error.message);
      return added.value;
    };
    author = await made(`author-${kind}@staff.test`, "admin");
    colleague = await made(`colleague-${kind}@staff.test`, "admin");
  });
  afterAll(() => database.dispose());

  const asActor = (a: staff.StaffAccount) => ({ id: a.id, email: a.email, name: a.name });
  const byAuthor = () => ({ auth, db: database.db, actor: asActor(author) });

  /** A role change of a fresh user, requested by `by` (the author unless said). */
  async function requestBy(by: staff.StaffAccount = author, policy = roles) {
    const user = await clerk.users.createUser({
      emailAddress: [`${kind}-${++n}@independence.test`],
      publicMetadata: { role: "member" },
    });
    const made = await service.requestChange(
      {
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        patch: { public_metadata: { role: "owner" } },
        reason: "TICKET-9",
      },
      { actor: asActor(by), db: database.db, policy, permission: "metadata:write" },
    );
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  }
  const authorsRequest = () => requestBy();

  /** The author's hand on an account, through /staff's functions or `npm run staff --by`. */
  const ways = {
    "added it": async (via: "ui" | "cli", email: string) => {
      if (via === "ui")
        await staff.addStaff(byAuthor(), { email, role: "admin", password: PASSWORD });
      else staffCommand(database, ["add", "--email", email, "--role", "admin"], author.email);
    },
    "enabled it again": async (via: "ui" | "cli", email: string) => {
      await staff.addStaff(testDesk(auth, database), { email, role: "admin", password: PASSWORD });
      await staff.disableStaff(testDesk(auth, database), email);
      if (via === "ui") await staff.enableStaff(byAuthor(), email);
      else staffCommand(database, ["enable", "--email", email], author.email);
    },
    "reset its password": async (via: "ui" | "cli", email: string) => {
      await staff.addStaff(testDesk(auth, database), { email, role: "admin", password: PASSWORD });
      if (via === "ui") await staff.resetStaffPassword(byAuthor(), email, `${PASSWORD}!`);
      else staffCommand(database, ["reset-password", "--email", email], author.email);
    },
    "reset its two-factor sign-in": async (via: "ui" | "cli", email: string) => {
      await staff.addStaff(testDesk(auth, database), { email, role: "admin", password: PASSWORD });
      if (via === "ui") await staff.resetStaffTwoFactor(byAuthor(), email);
      else staffCommand(database, ["reset-2fa", "--email", email], author.email);
    },
    "raised its role": async (via: "ui" | "cli", email: string) => {
      await staff.addStaff(testDesk(auth, database), { email, role: "viewer", password: PASSWORD });
      if (via === "ui") await staff.setStaffRole(byAuthor(), email, "admin");
      else staffCommand(database, ["set-role", "--email", email, "--role", "admin"], author.email);
    },
  };

  for (const via of ["ui", "cli"] as const)
    for (const [what, act] of Object.entries(ways))
      it(`the author ${what} (${via === "ui" ? "on /staff" : "with npm run staff"}): that approval does not count, says why, and a colleague's does`, async () => {
        const email = `${what.replaceAll(/[^a-z]/g, "")}-${via}-${kind}@staff.test`;
        await act(via, email);
        const helper = (await staff.listStaff(auth)).find((s) => s.email === email)!;
        const request = await authorsRequest();

        const dependent = await service.approveRequest(database.db, request.id, {
          ...asActor(helper),
          role: "admin",
        });
        expect(dependent.ok && dependent.value).toMatchObject({
          request: { status: "open" },
          notCounted: expect.stringMatching(
            /^The approver's account and the request's author's are linked by what one did to the other less than 30 days \(REVIEW_INDEPENDENCE_DAYS\) before the approval \(author-.+\), so one person may hold both/,
          ),
        });
        const audited = await database.db
          .selectFrom("audit_log")
          .select(["message", "actor_id"])
          .where("change_request_id", "=", request.id)
          .where("event", "=", "change_approved")
          .executeTakeFirstOrThrow();
        expect(audited).toMatchObject({
          actor_id: helper.id,
          message: expect.stringMatching(/does not count/),
        });

        const independent = await service.approveRequest(database.db, request.id, {
          ...asActor(colleague),
          role: "admin",
        });
        expect(independent.ok && independent.value.request.status).toBe("applied");
      });

  /** Adds an admin account, as `by` on /staff (or as the test's set-up). */
  async function addedBy(by: staff.StaffAccount | null, email: string) {
    const desk = by ? { auth, db: database.db, actor: asActor(by) } : testDesk(auth, database);
    const added = await staff.addStaff(desk, { email, role: "admin", password: PASSWORD });
    if (!added.ok) throw new Error(added.error.message);
    return added.value;
  }

  /** A role change requested by `by`, and `approver`'s answer to it. */
  async function requestedAndApproved(by: staff.StaffAccount, approver: staff.StaffAccount) {
    const made = await requestBy(by);
    const answer = await service.approveRequest(database.db, made.id, {
      ...asActor(approver),
      role: "admin",
    });
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value;
  }

  it("either way round, and through accounts in between: an admin's second account neither approves nor authors for them", async () => {
    const boss = await addedBy(null, `boss-${kind}@staff.test`);
    // The admin makes a second account and requests through it, approving themselves.
    const sock = await addedBy(boss, `sock-${kind}@staff.test`);
    expect(await requestedAndApproved(sock, boss)).toMatchObject({
      request: { status: "open" },
      notCounted: expect.stringContaining(`(${boss.email} added ${sock.email} on `),
    });
    // Through a chain: the boss's account made one that made the approver.
    const middle = await addedBy(sock, `middle-${kind}@staff.test`);
    const end = await addedBy(middle, `end-${kind}@staff.test`);
    const chained = await requestedAndApproved(boss, end);
    expect(chained.notCounted).toContain(`${boss.email} added ${sock.email} on `);
    expect(chained.notCounted).toContain(`${middle.email} added ${end.email} on `);
    // Two accounts the same person made, one authoring and one approving.
    const twin = await addedBy(boss, `twin-${kind}@staff.test`);
    expect((await requestedAndApproved(sock, twin)).notCounted).toBeDefined();
    // Someone the boss never touched still approves.
    expect(await requestedAndApproved(sock, colleague)).toMatchObject({
      request: { status: "applied" },
    });
  });

  it("two approvals are two people: an approver linked to one who approved already does not count", async () => {
    const bee = await addedBy(null, `bee-${kind}@staff.test`);
    const cee = await addedBy(bee, `cee-${kind}@staff.test`);
    const made = await requestBy(author, twoApprovals);
    const approve = (by: staff.StaffAccount) =>
      service.approveRequest(database.db, made.id, { ...asActor(by), role: "admin" });
    expect(await approve(bee)).toMatchObject({ ok: true, value: { request: { status: "open" } } });
    const second = await approve(cee);
    expect(second.ok && second.value).toMatchObject({
      request: { status: "open" },
      notCounted: expect.stringContaining(`and ${bee.email}'s, who approved already, are linked`),
    });
    expect(await approve(colleague)).toMatchObject({
      ok: true,
      value: { request: { status: "applied" } },
    });
  });

  it("lowering a role, or the author's changes to a colleague long ago, leave approvals counting", async () => {
    const email = `lowered-${kind}@staff.test`;
    await staff.addStaff(testDesk(auth, database), { email, role: "admin", password: PASSWORD });
    await staff.setStaffRole(byAuthor(), email, "support");
    await staff.setStaffRole(testDesk(auth, database), email, "admin");
    const helper = (await staff.listStaff(auth)).find((s) => s.email === email)!;
    const request = await authorsRequest();
    const approved = await service.approveRequest(database.db, request.id, {
      ...asActor(helper),
      role: "admin",
    });
    expect(approved.ok && approved.value).toMatchObject({ request: { status: "applied" } });
    expect(approved.ok && approved.value.notCounted).toBeUndefined();

    // Added by the author: an approval 31 days later counts (REVIEW_INDEPENDENCE_DAYS is 30),
    // one now does not, and with the check turned off (0 days) nothing is held against it.
    const longAgo = `long-ago-${kind}@staff.test`;
    await staff.addStaff(byAuthor(), { email: longAgo, role: "admin", password: PASSWORD });
    const old = (await staff.listStaff(auth)).find((s) => s.email === longAgo)!;
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    expect(await notIndependent(database.db, author.id, old.id, now, 30)).toContain(
      `(${author.email} added ${longAgo} on `,
    );
    expect(await notIndependent(database.db, author.id, old.id, now + 31 * day, 30)).toBeNull();
    expect(await notIndependent(database.db, author.id, old.id, now, 0)).toBeNull();
    expect(await notIndependent(database.db, colleague.id, old.id, now, 30)).toBeNull();
  });
});
