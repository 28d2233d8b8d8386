import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { startTestEmulator } from "@/emulator/tests/support/test-emulator";
import { toUserDto, type UserDto } from "@/lib/clerk/user-dto";
import type { ClerkResult } from "@/lib/clerk/users";
import { fromJsonColumn } from "@/lib/db/json-column";
import { fail, ok } from "@/lib/result/result";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { runIndexSync, type SyncDeps } from "./index-sync";
import { readSync } from "./sync-store";
import type { WalkLister } from "./user-walk";

type Clerk = Awaited<ReturnType<typeof startTestEmulator>>["clerk"];

/** Clerk's list as the runtime calls it (`listFullUsers`), straight through the SDK. */
function sdkLister(clerk: Clerk, calls: { count: number }): WalkLister {
  return async ({ createdBefore, offset, limit }) => {
    calls.count += 1;
    const { data, totalCount } = await clerk.users.getUserList({
      createdAtBefore: createdBefore ?? undefined,
      offset,
      limit,
      orderBy: "-created_at",
    });
    return ok({ users: data.map(toUserDto), totalCount });
  };
}

async function sdkGetUser(clerk: Clerk, userId: string): Promise<ClerkResult<UserDto | null>> {
  try {
    return ok(toUserDto(await clerk.users.getUser(userId)));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return ok(null);
    throw error;
  }
}

async function everyClerkUser(clerk: Clerk) {
  const users = new Map<string, UserDto>();
  for (let offset = 0; ; offset += 500) {
    const { data } = await clerk.users.getUserList({ limit: 500, offset });
    for (const user of data) users.set(user.id, toUserDto(user));
    if (data.length < 500) return users;
  }
}

async function indexedLive(database: TestDatabase) {
  const rows = await database.db
    .selectFrom("user_index")
    .select(["user_id", "updated_at", "public_metadata"])
    .where("deleted_at", "is", null)
    .execute();
  return new Map(
    rows.map((r) => [
      r.user_id,
      {
        updatedAt: Number(r.updated_at),
        publicMetadata: fromJsonColumn<unknown>(r.public_metadata),
      },
    ]),
  );
}

async function expectIndexEqualsClerk(database: TestDatabase, clerk: Clerk) {
  const clerkUsers = await everyClerkUser(clerk);
  const index = await indexedLive(database);
  expect([...index.keys()].sort()).toEqual([...clerkUsers.keys()].sort());
  for (const [id, user] of clerkUsers)
    expect(index.get(id)).toEqual({
      updatedAt: user.updatedAt,
      publicMetadata: user.publicMetadata,
    });
}

describe.each(databaseKinds)("the index backfill and reconciliation, on %s", (kind) => {
  let database: TestDatabase;
  let emulator: RunningEmulator;
  let clerk: Clerk;
  let time = Date.now();
  const deps = (list: WalkLister, owner = "instance-a"): SyncDeps => ({
    db: database.db,
    list,
    getUser: (id) => sdkGetUser(clerk, id),
    now: () => time,
    owner,
  });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ({ emulator, clerk } = await startTestEmulator({ seedUsers: 1234 }));
  });
  afterAll(async () => {
    await emulator.close();
    await database.dispose();
  });

  it("backfills every user, and a run cut off half-way goes on where it stopped", async () => {
    const calls = { count: 0 };
    const list = sdkLister(clerk, calls);
    let pages = 0;
    const dying: WalkLister = async (page) => {
      if (++pages === 2) throw new Error("the instance died");
      return list(page);
    };
    await expect(runIndexSync("backfill", deps(dying), { fresh: true })).rejects.toThrow(/died/);
    expect(await readSync(database.db, "backfill")).toMatchObject({ status: "running", seen: 500 });
    // Another instance, once the lease has run out, takes over from the second page.
    expect(
      await runIndexSync("backfill", deps(list, "instance-b"), { fresh: false }),
    ).toMatchObject({
      ran: false,
    });
    time += 60_000;
    calls.count = 0;
    const run = await runIndexSync("backfill", deps(list, "instance-b"), { fresh: false });
    expect(run).toMatchObject({ ran: true, sync: { status: "completed", seen: 1234 } });
    expect(calls.count).toBe(2);
    await expectIndexEqualsClerk(database, clerk);
  });

  it("a Clerk failure stops the run, which resumes from its cursor next time", async () => {
    const calls = { count: 0 };
    const list = sdkLister(clerk, calls);
    let pages = 0;
    const failing: WalkLister = async (page) =>
      ++pages === 2 ? fail({ kind: "network" as const, message: "unreachable" }) : list(page);
    const run = await runIndexSync("backfill", deps(failing), { fresh: true });
    expect(run).toMatchObject({ ran: false, reason: expect.stringMatching(/unreachable/) });
    expect(await readSync(database.db, "backfill")).toMatchObject({ status: "failed", seen: 500 });
    calls.count = 0;
    const resumed = await runIndexSync("backfill", deps(list), { fresh: false });
    expect(resumed).toMatchObject({ ran: true, sync: { seen: 1234 } });
    expect(calls.count).toBe(2);
  });

  it("reconciliation corrects what differs and removes users Clerk no longer has", async () => {
    const [first, second, third] = [...(await everyClerkUser(clerk)).values()];
    // Missed webhooks: a change the index never heard of, a deletion, a user never indexed.
    await clerk.users.updateUserMetadata(first!.id, { publicMetadata: { drift: true } });
    await clerk.users.deleteUser(second!.id);
    await database.db.deleteFrom("user_index").where("user_id", "=", third!.id).execute();
    time += 1000;
    const run = await runIndexSync("reconcile", deps(sdkLister(clerk, { count: 0 })), {
      fresh: true,
    });
    expect(run).toMatchObject({ ran: true, sync: { changed: 2, removed: 1, seen: 1233 } });
    await expectIndexEqualsClerk(database, clerk);
    const gone = await database.db
      .selectFrom("user_index")
      .select("deleted_at")
      .where("user_id", "=", second!.id)
      .executeTakeFirstOrThrow();
    expect(gone.deleted_at).not.toBeNull();
    // Nothing left to correct.
    time += 1000;
    const again = await runIndexSync("reconcile", deps(sdkLister(clerk, { count: 0 })), {
      fresh: true,
    });
    expect(again).toMatchObject({ ran: true, sync: { changed: 0, removed: 0 } });
  });
});
