import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markClientAddressesStamped } from "@/lib/config/client-address-stamp";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";
import { postToAuth } from "@/tests/support/auth-requests";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { createAuth, migrateAuthSchema, type StaffAuth } from "./create-auth";
import { SIGN_IN_FAILURES } from "@/lib/config/limits";
import { signInWait } from "./sign-in-limits";

const { account: ACCOUNT_FAILURES, address: ADDRESS_FAILURES } = SIGN_IN_FAILURES;
import { addStaff, disableStaff, listStaff } from "./staff-accounts";
import { testDesk } from "@/tests/support/staff-desk";
import { listAuditEntries } from "@/lib/audit/audit-log";
import type { StaffDesk } from "./staff-accounts";

const ORIGIN = "http://127.0.0.1:3998";
const PASSWORD = "the right password";

async function signIn(auth: StaffAuth, email: string, password: string, address: string) {
  const response = await postToAuth(
    auth,
    ORIGIN,
    "/sign-in/email",
    { email, password },
    {
      [CLIENT_ADDRESS_HEADER]: address,
      // What the old limiter keyed on: a client can write any value here.
      "X-Forwarded-For": `198.51.100.${Math.floor(Math.random() * 250)}`,
    },
  );
  return {
    status: response.status,
    retryAfter: response.headers.get("Retry-After"),
    body: await response.text(),
  };
}

describe.each(databaseKinds)("sign-in limits on %s", (kind) => {
  let database: TestDatabase;
  let auth: StaffAuth;
  let desk: StaffDesk;
  beforeAll(async () => {
    // As scripts/serve.ts does in the server: the address header is the server's own.
    markClientAddressesStamped();
    database = await createTestDatabase(kind);
    await migrateAuthSchema(database);
    auth = createAuth(database, {
      secret: "test-secret-test-secret-test-secret-0123",
      baseURL: ORIGIN,
    });
    desk = testDesk(auth, database);
    for (const name of ["ann", "bob", "cid", "dee", "eve"])
      await addStaff(desk, {
        email: `${name}@example.com`,
        role: "viewer",
        password: PASSWORD,
      });
  });
  afterAll(() => database.dispose());

  // Rotating X-Forwarded-For (or the address itself) used to give unlimited guesses.
  it("stops guessing one account from any number of addresses", async () => {
    for (let i = 0; i < ACCOUNT_FAILURES.max; i++)
      expect(
        (await signIn(auth, "ann@example.com", `guess ${i} long`, `203.0.113.${i}`)).status,
      ).toBe(401);
    const blocked = await signIn(auth, "ann@example.com", PASSWORD, "203.0.113.200");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    // Someone else, from an address that failed before, is not held up by ann's lock.
    expect((await signIn(auth, "bob@example.com", PASSWORD, "203.0.113.1")).status).toBe(200);
  });

  // Checked before and counted after the password check, parallel guesses all passed: 24 wrong
  // passwords and the right one, sent at once, got 24 × 401 and a 200.
  it("counts parallel guesses before checking any of them", async () => {
    await addStaff(desk, {
      email: "par@example.com",
      role: "viewer",
      password: PASSWORD,
    });
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) =>
        signIn(auth, "par@example.com", `parallel guess ${i}`, `203.0.113.${100 + i}`),
      ),
      signIn(auth, "par@example.com", PASSWORD, "203.0.113.180"),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401 || s === 200).length).toBeLessThanOrEqual(
      ACCOUNT_FAILURES.max,
    );
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(
      25 - ACCOUNT_FAILURES.max,
    );
  });

  it("stops one address guessing many accounts", async () => {
    const address = "192.0.2.50";
    for (let i = 0; i < ADDRESS_FAILURES.max; i++) {
      const account = `nobody${i}@example.com`;
      expect((await signIn(auth, account, "not the password", address)).status).toBe(401);
    }
    expect((await signIn(auth, "cid@example.com", PASSWORD, address)).status).toBe(429);
    expect((await signIn(auth, "cid@example.com", PASSWORD, "192.0.2.51")).status).toBe(200);
  });

  it("waits 30 s after the account's limit, then twice as long after each further failure", async () => {
    const t = 1_900_000_000_000;
    const fail = async (at: number) =>
      database.db
        .insertInto("sign_in_failure")
        .values({ account: "slow@example.com", address: `198.18.0.${at % 200}`, failed_at: at })
        .execute();
    for (let i = 0; i < ACCOUNT_FAILURES.max; i++) await fail(t + i);
    const last = t + ACCOUNT_FAILURES.max - 1;
    expect(await signInWait(database.db, "slow@example.com", "198.18.1.1", last)).toBe(30_000);
    await fail(last + 30_000);
    expect(await signInWait(database.db, "slow@example.com", "198.18.1.1", last + 30_000)).toBe(
      60_000,
    );
    // Never longer than the window; and a quiet window forgets it all.
    for (let i = 1; i <= 8; i++) await fail(last + 30_000 + i);
    expect(await signInWait(database.db, "slow@example.com", "x", last + 30_008)).toBe(
      ACCOUNT_FAILURES.windowMs,
    );
    expect(
      await signInWait(
        database.db,
        "slow@example.com",
        "x",
        last + 30_008 + ACCOUNT_FAILURES.windowMs,
      ),
    ).toBe(0);
  });

  // A shared office: everyone behind one NAT signs in at 9:00.
  it("never counts successful sign-ins", async () => {
    for (let i = 0; i < ADDRESS_FAILURES.max + 10; i++)
      expect((await signIn(auth, "dee@example.com", PASSWORD, "192.0.2.99")).status).toBe(200);
  });

  // The old answer for a disabled account with the right password was FAILED_TO_CREATE_SESSION:
  // an oracle that told the password was right.
  it("answers a disabled account exactly as a wrong password", async () => {
    await disableStaff(desk, "eve@example.com");
    const disabled = await signIn(auth, "eve@example.com", PASSWORD, "192.0.2.150");
    const wrong = await signIn(auth, "eve@example.com", "a wrong password!", "192.0.2.151");
    expect(disabled.status).toBe(401);
    expect(disabled).toEqual(wrong);
  });

  // Sign-in failures beyond the limit left no trace an admin could see.
  it("audits the failure that starts a lock, once, and not the attempts it then refuses", async () => {
    const locks = async () =>
      (
        await listAuditEntries(database.db, { event: "sign_in_locked" }, { limit: 100, offset: 0 })
      ).entries.filter((e) => e.kind === "staff");
    const ann = (await listStaff(auth)).find((s) => s.email === "ann@example.com");
    const annLocks = (await locks()).filter((e) => e.target.email === "ann@example.com");
    expect(annLocks).toHaveLength(1);
    expect(annLocks[0]).toMatchObject({
      actor: null,
      target: { id: ann?.id },
      outcome: "success",
      message: expect.stringMatching(
        /^10 failed sign-ins to this account within 15 minutes, the last from 203\.0\.113\.9: its next attempt waits 30 s\.$/,
      ),
    });
    const addressLocks = (await locks()).filter((e) => e.message?.includes("from 192.0.2.50"));
    expect(addressLocks).toHaveLength(1);
    expect(addressLocks[0]).toMatchObject({
      target: { id: null, email: "nobody29@example.com" },
      message: expect.stringMatching(
        /^30 failed sign-ins from 192\.0\.2\.50 within a minute: that address waits \d+ s\.$/,
      ),
    });
    // Hammering a locked account adds nothing.
    const before = (await locks()).length;
    for (let i = 0; i < 20; i++)
      expect(
        (await signIn(auth, "ann@example.com", `more ${i} guesses`, `203.0.114.${i}`)).status,
      ).toBe(429);
    expect(await locks()).toHaveLength(before);
  });
});
