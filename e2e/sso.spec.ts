import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { sql } from "kysely";
import type { SpawnedEmulator } from "../emulator/bench/spawn-emulator";
import { STAFF_EVENTS } from "../lib/audit/staff-event";
import { EMBEDDED_SECRET_KEY } from "../lib/config/embedded-defaults";
import { databaseKinds, type TestDatabase } from "../tests/support/console-databases";
import {
  createStaff,
  signIn,
  STACK_AUTH_SECRET,
  STACK_PASSWORD,
  startDashboard,
  type DashboardProcess,
} from "../tests/support/dashboard-processes";
import {
  CLAIMS_PLACEMENTS,
  startOidcTestProvider,
  type ClaimsPlacement,
  type OidcTestProvider,
} from "../tests/support/oidc-test-provider";
import { startTestStack, type TestStack } from "../tests/support/test-stack";

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, certified), through
 * its own login page, with a dashboard configured for it on each console database. The provider
 * runs at its defaults (groups at userinfo only) unless a test places the claims otherwise.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const PORTS = { sqlite: 3321, postgres: 3322 } as const;
/** One dashboard keeps passwords beside single sign-on, the other turns them off. */
const PASSWORDS = { sqlite: "on", postgres: "off" } as const;

for (const kind of databaseKinds) {
  test.describe(`single sign-on, on ${kind}`, () => {
    // Each database kind on a worker of its own; within one, the steps build on each other.
    test.describe.configure({ mode: "serial" });
    let stack: TestStack;
    let database: TestDatabase;
    let emulator: SpawnedEmulator;
    let provider: OidcTestProvider;
    let dashboard: DashboardProcess;

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const appUrl = `http://127.0.0.1:${PORTS[kind]}`;
      provider = await startOidcTestProvider({
        redirectUris: [`${appUrl}/api/auth/callback/oidc`],
        identities: {
          ada: { email: "ada@corp.test", name: "Ada", groups: ["metadeck-admins"] },
          sam: { email: "sam@corp.test", name: "Sam", groups: ["metadeck-support"] },
          eve: { email: "eve@elsewhere.test", groups: ["metadeck-admins"] },
          nia: { email: "nia@corp.test", groups: ["engineering"] },
          uma: { email: "uma@corp.test", emailVerified: false, groups: ["metadeck-admins"] },
          lia: { email: "lia@corp.test", name: "Lia", groups: ["metadeck-support"] },
          zoe: { email: "zoe@corp.test", name: "Zoe", groups: ["metadeck-admins"] },
        },
      });
      stack = await startTestStack(kind, { seedUsers: 20 });
      ({ database, emulator } = stack);
      // An account with a password from before single sign-on was set up.
      await createStaff(database.url, "lia@corp.test", "viewer");
      // A password account that never signs in through the provider.
      await createStaff(database.url, "pat@corp.test", "viewer");
      dashboard = await startDashboard({
        root: process.cwd(),
        port: PORTS[kind],
        emulatorUrl: emulator.url,
        databaseUrl: database.url,
        env: {
          OIDC_ISSUER: provider.issuer,
          OIDC_CLIENT_ID: provider.clientId,
          OIDC_CLIENT_SECRET: provider.clientSecret,
          OIDC_NAME: "Corp ID",
          OIDC_SCOPES: "groups",
          OIDC_ALLOWED_DOMAINS: "corp.test",
          OIDC_ROLE_CLAIM: "groups",
          OIDC_ROLE_MAP:
            "metadeck-admins=admin,metadeck-support=support,metadeck-product=product,metadeck-viewers=viewer",
          REQUIRE_2FA: "off",
          PASSWORD_SIGN_IN: PASSWORDS[kind],
          // Behind a proxy, as offices are: each person below signs in from an address of their
          // own, so the dozens of sign-ins here stay under the per-address limit on starting one.
          TRUSTED_PROXIES: "127.0.0.1",
        },
      });
    });

    test.afterAll(async () => {
      await dashboard?.stop();
      await provider?.close();
      await stack?.dispose();
    });

    /** The provider's development pages pull a web font; nothing may leave the machine. */
    async function offline(context: BrowserContext) {
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    }

    /** The sign-in page's account of a refused sign-in. */
    const refusal = (page: Page) => page.getByRole("alert").filter({ hasText: "Sign-in refused" });

    let people = 0;
    /** From the dashboard's sign-in page through the provider's login and consent pages. */
    async function signInAs(page: Page, login: string, next = "/users") {
      await offline(page.context());
      await page.setExtraHTTPHeaders({ "X-Forwarded-For": `10.9.0.${++people}` });
      await page.goto(`${dashboard.url}${next}`);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
      await page.getByRole("button", { name: "Sign in with Corp ID" }).click();
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill("any password");
      await page.getByRole("button", { name: "Sign-in" }).click();
      await page.getByRole("button", { name: "Continue" }).click();
    }

    /**
     * The reference the refusal shows, and the server log line it points to: the details are
     * there, not on the page.
     */
    async function loggedReference(page: Page): Promise<string> {
      const reference = (await refusal(page).locator("code").textContent()) ?? "";
      expect(reference).toMatch(/^[0-9a-f]{12}$/);
      const line = dashboard
        .logs()
        .split("\n")
        .find((l) => l.includes(`[sso] sign-in failed, reference ${reference}:`));
      expect(line, `no log line for ${reference}`).toBeDefined();
      return line!;
    }

    async function account(email: string) {
      const found = await sql<{ id: string; role: string }>`
        SELECT "id", "role" FROM "user" WHERE "email" = ${email}`.execute(database.db);
      return found.rows[0] ?? null;
    }

    async function staffEvents(email: string) {
      const rows = await database.db
        .selectFrom("audit_log")
        .select("event")
        .where("event", "in", [...STAFF_EVENTS])
        .where("target_email", "=", email)
        .orderBy("id")
        .execute();
      return rows.map((r) => r.event);
    }

    test("a person in a mapped group signs in through the provider and lands with that role", async ({
      page,
    }) => {
      await signInAs(page, "ada");
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      await expect(page.getByRole("link", { name: "Staff" })).toBeVisible();
      expect(await account("ada@corp.test")).toMatchObject({ role: "admin" });
      expect(await staffEvents("ada@corp.test")).toEqual(["staff_added", "staff_role_changed"]);
    });

    async function subjectsOf(userId: string) {
      const found = await sql<{ accountId: string }>`
        SELECT "accountId" FROM "account" WHERE "userId" = ${userId} AND "providerId" = 'oidc'`.execute(
        database.db,
      );
      return found.rows.map((r) => r.accountId);
    }

    /**
     * New provider subjects claiming a linked address, however it is written (as it is,
     * upper-cased, with a leading space, with a second `@`): each refused on the sign-in page
     * with a reason and a reference, and no account made or linked.
     */
    async function expectSecondSubjectsRefused(
      browser: Browser,
      login: string,
      email: string,
      group: string,
    ) {
      const count = async () =>
        Number(
          (await sql<{ n: number }>`SELECT COUNT(*) AS "n" FROM "user"`.execute(database.db))
            .rows[0]?.n,
        );
      const before = await count();
      for (const [suffix, written, says] of [
        ["again", email, /signs in as someone else/],
        ["upper", email.toUpperCase(), /signs in as someone else/],
        ["space", ` ${email}`, /signs in as someone else/],
        ["two-at", `${email}@corp.test`, /cannot use/],
      ] as const) {
        provider.identities.set(`${login}-${suffix}`, { email: written, groups: [group] });
        const context = await browser.newContext();
        const page = await context.newPage();
        await signInAs(page, `${login}-${suffix}`);
        await expect(page).toHaveURL(/\/sign-in\?/);
        await expect(refusal(page)).toContainText(says);
        await loggedReference(page);
        await page.goto(`${dashboard.url}/users`);
        await expect(page).toHaveURL(/\/sign-in\?next=/);
        await context.close();
      }
      expect(await count()).toBe(before);
    }

    const PLACED: Record<ClaimsPlacement, string> = {
      userinfo: "only at userinfo (the provider's defaults)",
      "id-token": "only in the ID token",
      both: "in the ID token and at userinfo",
    };
    const GROUP_OF = {
      admin: "metadeck-admins",
      support: "metadeck-support",
      product: "metadeck-product",
      viewer: "metadeck-viewers",
    } as const;

    for (const placement of CLAIMS_PLACEMENTS)
      test(`groups ${PLACED[placement]}: each group gives its role, leaving a group demotes at the next sign-in, and a second subject with a linked address is refused`, async ({
        browser,
      }) => {
        // Ten sign-ins through the provider's pages, each a browser of its own.
        test.setTimeout(180_000);
        provider.placeClaims(placement);
        try {
          const signInFresh = async (login: string) => {
            const context = await browser.newContext();
            const page = await context.newPage();
            await signInAs(page, login);
            await expect(page).toHaveURL(`${dashboard.url}/users`);
            await context.close();
          };
          for (const [role, group] of Object.entries(GROUP_OF)) {
            const login = `${role}-${placement}`;
            provider.identities.set(login, { email: `${login}@corp.test`, groups: [group] });
            await signInFresh(login);
            expect(await account(`${login}@corp.test`)).toMatchObject({ role });
          }
          // The admin leaves the admins' group for the support group, then for the viewers'.
          for (const [group, role] of [
            ["metadeck-support", "support"],
            ["metadeck-viewers", "viewer"],
          ] as const) {
            provider.identities.set(`admin-${placement}`, {
              email: `admin-${placement}@corp.test`,
              groups: ["engineering", group],
            });
            await signInFresh(`admin-${placement}`);
            expect(await account(`admin-${placement}@corp.test`)).toMatchObject({ role });
          }
          expect(await staffEvents(`admin-${placement}@corp.test`)).toEqual([
            "staff_added",
            "staff_role_changed",
            "staff_role_changed",
            "staff_role_changed",
          ]);
          const admin = (await account(`admin-${placement}@corp.test`))!;
          await expectSecondSubjectsRefused(
            browser,
            `admin-${placement}`,
            `admin-${placement}@corp.test`,
            "metadeck-admins",
          );
          expect(await subjectsOf(admin.id)).toEqual([`admin-${placement}`]);
          expect(await account(`admin-${placement}@corp.test`)).toMatchObject({ role: "viewer" });
        } finally {
          provider.placeClaims("userinfo");
        }
      });

    test("outside the allowed domains, without a verified address or a mapped group: refused, no account", async ({
      browser,
    }) => {
      for (const [login, email, says] of [
        ["eve", "eve@elsewhere.test", /not in a domain allowed/],
        ["uma", "uma@corp.test", /has not verified your e-mail address/],
        ["nia", "nia@corp.test", /None of your groups gives you access/],
      ] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await signInAs(page, login);
        await expect(page).toHaveURL(/\/sign-in\?/);
        await expect(refusal(page)).toContainText(says);
        expect(await loggedReference(page)).toContain('"error":"');
        expect(await account(email)).toBeNull();
        await context.close();
      }
    });

    test("a changed group gives a new role at the next sign-in, and /staff shows where it comes from", async ({
      browser,
    }) => {
      const first = await browser.newContext();
      await signInAs(await first.newPage(), "sam");
      expect(await account("sam@corp.test")).toMatchObject({ role: "support" });
      await first.close();

      provider.identities.set("sam", {
        email: "sam@corp.test",
        name: "Sam",
        groups: ["metadeck-admins"],
      });
      const second = await browser.newContext();
      const page = await second.newPage();
      await signInAs(page, "sam");
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      expect(await account("sam@corp.test")).toMatchObject({ role: "admin" });

      await page.goto(`${dashboard.url}/staff`);
      const row = page.getByRole("row").filter({ hasText: "sam@corp.test" });
      await expect(row).toContainText("Single sign-on");
      await expect(row.getByRole("combobox")).toHaveCount(0);
      await second.close();
    });

    test("the sign-in page offers passwords only where they are on", async ({ page }) => {
      await page.goto(`${dashboard.url}/sign-in`);
      await expect(page.getByRole("button", { name: "Sign in with Corp ID" })).toBeVisible();
      await expect(page.getByLabel("Password")).toHaveCount(PASSWORDS[kind] === "on" ? 1 : 0);
      if (PASSWORDS[kind] === "off")
        await expect(signIn(dashboard.url, "lia@corp.test")).rejects.toThrow(/sign-in failed/);
    });

    test("an existing account becomes an SSO account at its first SSO sign-in; its password no longer lets it in", async ({
      page,
    }) => {
      if (PASSWORDS[kind] === "on") await signIn(dashboard.url, "lia@corp.test");
      await signInAs(page, "lia");
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      expect(await account("lia@corp.test")).toMatchObject({ role: "support" });
      await expect(signIn(dashboard.url, "lia@corp.test")).rejects.toThrow(/401/);
    });

    test("a second subject with a linked address is refused, however the address is written, until an admin unlinks the first", async ({
      browser,
    }) => {
      test.setTimeout(180_000);
      const ada = await account("ada@corp.test");
      expect(await subjectsOf(ada!.id)).toEqual(["ada"]);
      await expectSecondSubjectsRefused(browser, "ada", "ada@corp.test", "metadeck-admins");
      expect(await subjectsOf(ada!.id)).toEqual(["ada"]);

      // Another admin unlinks Ada's old subject on /staff; the new one then signs in as Ada.
      provider.identities.set("max", { email: "max@corp.test", groups: ["metadeck-admins"] });
      const admin = await browser.newContext();
      const staffPage = await admin.newPage();
      await signInAs(staffPage, "max", "/staff");
      const row = staffPage.getByRole("row").filter({ hasText: "ada@corp.test" });
      await expect(row).toContainText("Corp ID as ada");
      // An account that signs in through the provider only: no password to reset, its second
      // factor is the provider's, and it has signed in.
      await expect(row.getByRole("button", { name: "Reset password" })).toHaveCount(0);
      await expect(row).toContainText("At the identity provider");
      await expect(row).not.toContainText("Never");
      await row.getByRole("button", { name: "Unlink ada from ada@corp.test" }).click();
      await staffPage.getByRole("button", { name: "Unlink", exact: true }).click();
      await expect(
        staffPage.getByText("Unlinked the single sign-on of ada@corp.test."),
      ).toBeVisible();
      await expect(row).not.toContainText("Corp ID as ada");
      await admin.close();
      expect(await staffEvents("ada@corp.test")).toContain("sso_unlinked");

      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAs(page, "ada-again");
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      await context.close();
      expect(await subjectsOf(ada!.id)).toEqual(["ada-again"]);
      expect(await account("ada@corp.test")).toMatchObject({ id: ada!.id, role: "admin" });
    });

    test("a callback with a tampered state is refused", async ({ page }) => {
      provider.tamper("state");
      try {
        await signInAs(page, "ada-again");
      } finally {
        provider.tamper("none");
      }
      await expect(page).toHaveURL(/\/sign-in\?/);
      await expect(refusal(page)).toContainText(/Sign-in refused/);
      expect(await loggedReference(page)).toMatch(/"error":"[a-z_]+"/);
      await page.goto(`${dashboard.url}/users`);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
    });

    test("a callback replayed after it signed someone in is refused", async ({ page, browser }) => {
      await signInAs(page, "ada-again");
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      const callback = provider.lastCallback();
      expect(callback).toContain("code=");

      // Its code and state are spent: in another browser, it signs no one in.
      const other = await browser.newContext();
      const replay = await other.newPage();
      await offline(other);
      await replay.goto(callback!);
      await expect(replay).toHaveURL(/\/sign-in\?/);
      await expect(refusal(replay)).toContainText(/Sign-in refused/);
      await replay.goto(`${dashboard.url}/users`);
      await expect(replay).toHaveURL(/\/sign-in\?next=/);
      await other.close();
    });

    test("an ID token the front door signs again unchanged is accepted (the control for the next four)", async ({
      page,
    }) => {
      provider.tamper("re-signed");
      try {
        await signInAs(page, "ada-again");
        await expect(page).toHaveURL(`${dashboard.url}/users`);
      } finally {
        provider.tamper("none");
      }
    });

    for (const [mode, what] of [
      ["wrong-audience", "for another audience"],
      ["wrong-issuer", "from another issuer"],
      ["expired", "that has expired"],
      ["foreign-key", "signed by another key"],
    ] as const) {
      test(`an ID token ${what} is refused, creates no account and signs no one in`, async ({
        page,
      }) => {
        provider.tamper(mode);
        try {
          await signInAs(page, "zoe");
          await expect(page).toHaveURL(/\/sign-in\?/);
          await expect(refusal(page)).toContainText(/Sign-in refused/);
          await loggedReference(page);
          expect(await account("zoe@corp.test")).toBeNull();
          await page.goto(`${dashboard.url}/users`);
          await expect(page).toHaveURL(/\/sign-in\?next=/);
        } finally {
          provider.tamper("none");
        }
      });
    }

    test("a session left idle, or older than the maximum age, returns to sign-in with next kept", async ({
      page,
    }) => {
      await signInAs(page, "sam");
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      const stamp = (minutesAgo: number) => {
        const at = new Date(Date.now() - minutesAgo * 60_000);
        return kind === "sqlite" ? at.toISOString() : at;
      };
      const { id } = (await account("sam@corp.test"))!;
      await sql`UPDATE "session" SET "updatedAt" = ${stamp(61)} WHERE "userId" = ${id}`.execute(
        database.db,
      );
      await page.goto(`${dashboard.url}/audit?event=staff`);
      await expect(page).toHaveURL(
        `${dashboard.url}/sign-in?next=${encodeURIComponent("/audit?event=staff")}`,
      );

      await page.getByRole("button", { name: "Sign in with Corp ID" }).click();
      await expect(page).toHaveURL(`${dashboard.url}/audit?event=staff`);
      await sql`UPDATE "session" SET "createdAt" = ${stamp(12 * 60 + 1)} WHERE "userId" = ${id}`.execute(
        database.db,
      );
      await page.goto(`${dashboard.url}/users`);
      await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers/);
    });

    test("a disabled account stays disabled whatever the provider says", async ({ page }) => {
      await sql`UPDATE "user" SET "disabled" = ${kind === "sqlite" ? 1 : true} WHERE "email" = ${"ada@corp.test"}`.execute(
        database.db,
      );
      await signInAs(page, "ada-again");
      await expect(page).toHaveURL(/\/sign-in\?/);
      await expect(refusal(page)).toContainText(/disabled/);
    });

    // Last: the dashboard keeps a "down" answer for a few seconds.
    test("with the provider down, the sign-in page says so, and passwords still work where they are on", async ({
      page,
    }) => {
      provider.tamper("down");
      try {
        await offline(page.context());
        await page.goto(`${dashboard.url}/sign-in?next=%2Fusers`);
        await page.getByRole("button", { name: "Sign in with Corp ID" }).click();
        await expect(page.getByRole("alert").filter({ hasText: "not answering" })).toHaveText(
          PASSWORDS[kind] === "on"
            ? "Corp ID is not answering right now. Try again later, or sign in with your password below."
            : "Corp ID is not answering right now. Try again later.",
        );
        await expect(page).toHaveURL(/\/sign-in\?next=/);
        expect(dashboard.logs()).toContain(
          "[sso] sign-in not started: the identity provider could not be reached",
        );
        if (PASSWORDS[kind] === "on") {
          await page.getByLabel("Email").fill("pat@corp.test");
          await page.getByLabel("Password").fill(STACK_PASSWORD);
          await page.getByRole("button", { name: "Sign in", exact: true }).click();
          await expect(page).toHaveURL(`${dashboard.url}/users`);
        }
      } finally {
        provider.tamper("none");
      }
    });
  });
}

test("a dashboard whose OIDC_ISSUER does not answer refuses to start, naming the variable", async () => {
  // A port that was free a moment ago: no provider listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));

  const serve = promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(process.cwd(), "scripts/serve.ts"), "--port", "3323"],
    {
      env: {
        ...process.env,
        CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
        CLERK_API_URL: "http://127.0.0.1:9",
        BETTER_AUTH_SECRET: STACK_AUTH_SECRET,
        BETTER_AUTH_URL: "http://127.0.0.1:3323",
        OIDC_ISSUER: `http://127.0.0.1:${port}`,
        OIDC_CLIENT_ID: "metadeck",
        OIDC_CLIENT_SECRET: "secret",
        OIDC_ROLE_MAP: "*=viewer",
      },
      timeout: 60_000,
    },
  );
  await expect(serve).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining(
      `OIDC_ISSUER: the identity provider could not be reached at http://127.0.0.1:${port}/.well-known/openid-configuration (ECONNREFUSED)`,
    ),
  });
});
