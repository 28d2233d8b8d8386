import { Secret, TOTP } from "otpauth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { postToAuth } from "@/tests/support/auth-requests";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { testDesk } from "@/tests/support/staff-desk";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";
import { createAuth, migrateAuthSchema, type StaffAuth } from "../create-auth";
import { addStaff } from "../staff-accounts";
import { forgetUsedSteps, spendStep } from "./code-once";
import { forgetTrustedDevices } from "./trusted-devices";

const ORIGIN = "http://127.0.0.1:3996";
const EMAIL = "totp@example.com";
const PASSWORD = "a long enough password";
const STEP_MS = 30_000;
/** The middle of a time step, so no request in a test crosses into the next one. */
const START = Math.floor(Date.UTC(2026, 11, 7, 9) / STEP_MS) * STEP_MS + STEP_MS / 2;

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

describe.each(databaseKinds)("an authenticator code is accepted once, on %s", (kind) => {
  let database: TestDatabase;
  let auth: StaffAuth;
  let totp: TOTP;
  let address = 0;
  const call = (path: string, body: unknown, cookie?: string) =>
    postToAuth(auth, ORIGIN, path, body, {
      // Each sign-in from an address of its own: the per-address failure limit is not the point.
      [CLIENT_ADDRESS_HEADER]: `10.7.0.${++address}`,
      ...(cookie ? { Cookie: cookie } : {}),
    });
  const codeAt = (step: number) => totp.generate({ timestamp: START + step * STEP_MS });
  /** The password step of a sign-in: the cookie of its two-factor challenge. */
  const challenge = async () => {
    const response = await call("/sign-in/email", { email: EMAIL, password: PASSWORD });
    expect(await response.json()).toMatchObject({ twoFactorRedirect: true });
    return cookiesOf(response);
  };

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(START);
    database = await createTestDatabase(kind);
    await migrateAuthSchema(database);
    auth = createAuth(database, {
      secret: "test-secret-test-secret-test-secret-0123",
      baseURL: ORIGIN,
    });
    await addStaff(testDesk(auth, database), { email: EMAIL, role: "admin", password: PASSWORD });
  });
  afterEach(() => vi.setSystemTime(START));
  afterAll(async () => {
    vi.useRealTimers();
    await database.dispose();
  });

  it("enrolling: the code that turned two-factor on cannot confirm again", async () => {
    const signedIn = await call("/sign-in/email", { email: EMAIL, password: PASSWORD });
    const session = cookiesOf(signedIn);
    const enabled = await call("/two-factor/enable", { password: PASSWORD }, session);
    const { totpURI } = (await enabled.json()) as { totpURI: string };
    const secret = new URL(totpURI).searchParams.get("secret")!;
    totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });

    const first = await call("/two-factor/verify-totp", { code: codeAt(0) }, session);
    expect(first.status).toBe(200);
    const again = await call("/two-factor/verify-totp", { code: codeAt(0) }, cookiesOf(first));
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: "CODE_ALREADY_USED" });
  });

  it("one code, three sign-ins at once: one enters; the next time step's code works", async () => {
    vi.setSystemTime(START + STEP_MS);
    const challenges = await Promise.all([challenge(), challenge(), challenge()]);
    const answers = await Promise.all(
      challenges.map((cookie) => call("/two-factor/verify-totp", { code: codeAt(1) }, cookie)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401]);
    for (const refused of answers.filter((a) => a.status === 401))
      expect(await refused.json()).toMatchObject({ code: "CODE_ALREADY_USED" });

    vi.setSystemTime(START + 2 * STEP_MS);
    const next = await call("/two-factor/verify-totp", { code: codeAt(2) }, await challenge());
    expect(next.status).toBe(200);
  });

  it("no device is remembered: trustDevice is refused, and devices remembered before are forgotten at start", async () => {
    vi.setSystemTime(START + 5 * STEP_MS);
    const refused = await call(
      "/two-factor/verify-totp",
      { code: codeAt(5), trustDevice: true },
      await challenge(),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "TRUST_DEVICE_OFF" });
    const ctx = await auth.$context;
    await ctx.internalAdapter.createVerificationValue({
      identifier: "trust-device-made-before",
      value: "someone",
      expiresAt: new Date(START + 30 * 24 * 3600 * 1000),
    });
    await forgetTrustedDevices(database);
    expect(await ctx.internalAdapter.findVerificationValue("trust-device-made-before")).toBeFalsy();
  });

  it("each account's steps only move forward, in one write: of five uses of a step at once, one", async () => {
    const spend = (step: number) => spendStep(database.db, "someone", step, START);
    expect(await spend(5)).toBe(true);
    expect(await spend(5)).toBe(false);
    expect(await spend(4)).toBe(false);
    expect(await spend(6)).toBe(true);
    const racing = await Promise.all([7, 7, 7, 7, 7].map(spend));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await spendStep(database.db, "someone else", 5, START)).toBe(true);
    // A new secret (set up again, or reset by an admin) starts afresh.
    await forgetUsedSteps(database.db, "someone");
    expect(await spend(5)).toBe(true);
  });

  it("an older code of the window is refused once a newer one was used; a wrong code is still just wrong", async () => {
    vi.setSystemTime(START + 3 * STEP_MS);
    expect(
      (await call("/two-factor/verify-totp", { code: codeAt(4) }, await challenge())).status,
    ).toBe(200);
    const older = await call("/two-factor/verify-totp", { code: codeAt(3) }, await challenge());
    expect(await older.json()).toMatchObject({ code: "CODE_ALREADY_USED" });
    const wrong = await call("/two-factor/verify-totp", { code: "000000" }, await challenge());
    expect(await wrong.json()).toMatchObject({ code: "INVALID_CODE" });
  });
});
