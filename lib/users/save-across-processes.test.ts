import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/emulator/server";
import { startTestEmulator, TEST_SECRET_KEY } from "@/emulator/tests/support/test-emulator";
import { listAuditEntries } from "@/lib/audit/audit-log";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";

const run = promisify(execFile);

let emulator: RunningEmulator;
let clerk: Awaited<ReturnType<typeof startTestEmulator>>["clerk"];
beforeAll(async () => {
  ({ emulator, clerk } = await startTestEmulator());
});
afterAll(() => emulator.close());

/** A second dashboard process, saving the user `count` times at once. */
async function savingProcess(database: TestDatabase, env: Record<string, string>) {
  const { stdout } = await run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/support/save-worker.ts"],
    {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        CLERK_SECRET_KEY: TEST_SECRET_KEY,
        CLERK_API_URL: emulator.url,
        ...env,
      },
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as string[];
}

describe.each(databaseKinds)("saves of one user from two processes on one %s database", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  // The lock lives in the console database, so it holds across processes, not only within one.
  it("20 saves on one version, split over two processes: one lands, 19 conflict, 20 audited", async () => {
    const user = await clerk.users.createUser({
      emailAddress: [`${kind}.two.processes@example.com`],
      publicMetadata: { owner: "nobody" },
    });
    const env = { USER_ID: user.id, BASE_UPDATED_AT: String(user.updatedAt), COUNT: "10" };
    const outcomes = (
      await Promise.all([
        savingProcess(database, { ...env, TAG: "first" }),
        savingProcess(database, { ...env, TAG: "second" }),
      ])
    ).flat();
    const winners = outcomes.filter((o) => o.startsWith("success"));
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => o === "conflict")).toHaveLength(19);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      owner: winners[0]!.replace("success ", ""),
    });
    const { totalCount } = await listAuditEntries(
      database.db,
      { targetUserId: user.id },
      { limit: 50, offset: 0 },
    );
    expect(totalCount).toBe(20);
  }, 120_000);
});
