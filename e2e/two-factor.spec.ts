import { expect, test, type Browser, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { databaseKinds } from "../tests/support/console-databases";
import {
  createStaff,
  STACK_PASSWORD,
  startDashboard,
  type DashboardProcess,
} from "../tests/support/dashboard-processes";
import { startTestStack, type TestStack } from "../tests/support/test-stack";
import { seriousViolations } from "./support/axe";

/**
 * Two-factor sign-in for password accounts, with REQUIRE_2FA=admin (the default): an admin is
 * sent to enrol, codes are computed here from the setup key the page shows, as an
 * authenticator app would.
 */
test.use({ storageState: { cookies: [], origins: [] } });

const PORTS = { sqlite: 3331, postgres: 3332 } as const;
const ADMIN = "ada@2fa.test";
const SUPPORT = "sam@2fa.test";

for (const kind of databaseKinds) {
  test.describe(`two-factor sign-in, on ${kind}`, () => {
    // Each database kind on a worker of its own; within one, the steps build on each other.
    test.describe.configure({ mode: "serial" });
    let stack: TestStack;
    let dashboard: DashboardProcess;
    let secret = "";
    let backupCodes: string[] = [];
    /** The code that turned two-factor on: spent. */
    let enrolledWith = "";

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      stack = await startTestStack(kind, { seedUsers: 20 });
      await createStaff(stack.database.url, ADMIN, "admin");
      await createStaff(stack.database.url, SUPPORT, "support");
      dashboard = await startDashboard({
        root: process.cwd(),
        port: PORTS[kind],
        emulatorUrl: stack.emulator.url,
        databaseUrl: stack.database.url,
        env: { REQUIRE_2FA: "admin" },
      });
    });

    test.afterAll(async () => {
      await dashboard?.stop();
      await stack?.dispose();
    });

    /**
     * The app's code `steps` time steps from now. Each code is accepted once, and a step either
     * side of now is accepted: the sign-in after enrolling types the next step's code.
     */
    const code = (steps = 0) =>
      new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
        timestamp: Date.now() + steps * 30_000,
      });

    async function withPassword(page: Page, email: string, next = "/users") {
      await page.goto(`${dashboard.url}/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(STACK_PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
    }

    async function freshPage(browser: Browser) {
      const context = await browser.newContext();
      return { page: await context.newPage(), close: () => context.close() };
    }

    test("an admin is sent to enrol after signing in, and can do nothing else until enrolled", async ({
      page,
    }) => {
      await withPassword(page, ADMIN);
      await expect(page).toHaveURL(`${dashboard.url}/security?next=%2Fusers`);
      await expect(page.getByText("Set up two-factor sign-in to continue")).toBeVisible();
      // Nothing in the header leads to a page they cannot open yet, or counts what waits there.
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText(["Security"]);
      await expect(page.getByRole("link", { name: "Metadeck" })).toHaveAttribute(
        "href",
        "/security",
      );
      await page.goto(`${dashboard.url}/audit`);
      await expect(page).toHaveURL(/\/security\?next=%2Faudit/);
      const api = await page.request.get(`${dashboard.url}/api/users`);
      expect(api.status()).toBe(403);
      expect(await api.text()).toContain("Set up two-factor sign-in first");

      const setUp = async () => {
        await page.getByLabel("Your password").fill(STACK_PASSWORD);
        await page.getByRole("button", { name: "Set up two-factor" }).click();
        await expect(
          page.getByRole("img", { name: "QR code for your authenticator app" }),
        ).toBeVisible();
        // The key in groups of four, for typing by hand, and a button that copies it whole.
        const shown = (await page.getByTestId("totp-secret").textContent()) ?? "";
        expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
        await expect(page.getByRole("button", { name: "Copy the setup key" })).toBeVisible();
        return shown.replace(/ /g, "");
      };
      const abandoned = await setUp();
      // A reload mid-setup says that setting up again replaces what was shown.
      await page.reload();
      await expect(page.getByText("A setup was started and not finished")).toBeVisible();
      secret = await setUp();
      expect(secret).not.toBe(abandoned);
      backupCodes = await page
        .getByRole("list", { name: "Backup codes" })
        .getByRole("listitem")
        .allTextContents();
      expect(backupCodes).toHaveLength(10);
      // Nothing that reads two ways on paper: no 0/o, no 1/l/i, no capitals.
      for (const backup of backupCodes)
        expect(backup).toMatch(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){2}$/);
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByLabel("Code from your app").fill("000000");
      await page.getByRole("button", { name: "Turn on two-factor" }).click();
      await expect(page.getByRole("alert").filter({ hasText: /not right|invalid/i })).toBeVisible();
      enrolledWith = code();
      await page.getByLabel("Code from your app").fill(enrolledWith);
      await page.getByRole("button", { name: "Turn on two-factor" }).click();
      // On to the page it was sent here from.
      await expect(page).toHaveURL(`${dashboard.url}/audit`);
      await page.goto(`${dashboard.url}/security`);
      await expect(page.getByText("Two-factor sign-in is on")).toBeVisible();
      await page.goto(`${dashboard.url}/users`);
      await expect(nav.getByRole("link", { name: /Reviews/ })).toBeVisible();
      const audited = await stack.database.db
        .selectFrom("audit_log")
        .select("event")
        .where("target_email", "=", ADMIN)
        .where("event", "=", "two_factor_turned_on")
        .execute();
      expect(audited).toHaveLength(1);
    });

    test("signing in then asks for the code: a wrong one is refused, the right one enters", async ({
      browser,
    }) => {
      const { page, close } = await freshPage(browser);
      await withPassword(page, ADMIN);
      await expect(page.getByLabel("Authentication code")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      // The password alone made no session.
      expect((await page.request.get(`${dashboard.url}/api/users`)).status()).toBe(401);
      await page.getByLabel("Authentication code").fill("123456");
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(
        page.getByRole("alert").filter({ hasText: "That code is not right." }),
      ).toBeVisible();
      // The code that turned two-factor on was spent there (a few seconds ago, inside its window).
      await page.getByLabel("Authentication code").fill(enrolledWith);
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(
        page.getByRole("alert").filter({ hasText: "That code has been used already." }),
      ).toBeVisible();
      await page.getByLabel("Authentication code").fill(code(1));
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(page).toHaveURL(`${dashboard.url}/users`);
      await close();
    });

    test("a backup code signs in once only", async ({ browser }) => {
      const once = backupCodes[0]!;
      for (const expected of ["enters", "refused"] as const) {
        const { page, close } = await freshPage(browser);
        await withPassword(page, ADMIN);
        await page.getByRole("button", { name: "Use a backup code" }).click();
        // Typed as from paper the first time: capitals, spaces for hyphens.
        await page
          .getByLabel("Backup code")
          .fill(expected === "enters" ? once.toUpperCase().replace(/-/g, " ") : once);
        await page.getByRole("button", { name: "Verify" }).click();
        if (expected === "enters") await expect(page).toHaveURL(`${dashboard.url}/users`);
        else
          await expect(
            page.getByRole("alert").filter({ hasText: "That code is not right." }),
          ).toBeVisible();
        await close();
      }
    });

    test("a role that does not need it signs in with the password alone", async ({ page }) => {
      await withPassword(page, SUPPORT);
      await expect(page).toHaveURL(`${dashboard.url}/users`);
    });

    test("wrong codes count against the same failure limit as wrong passwords", async ({
      browser,
    }) => {
      let refusedFor = "";
      for (let attempt = 0; attempt < 12 && !refusedFor; attempt++) {
        const { page, close } = await freshPage(browser);
        await withPassword(page, ADMIN);
        const box = page.getByLabel("Authentication code");
        const tooMany = page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" });
        await expect(box.or(tooMany)).toBeVisible();
        if (await tooMany.isVisible()) refusedFor = "password";
        else {
          await box.fill("000000");
          await page.getByRole("button", { name: "Verify" }).click();
          await expect(page.getByRole("alert").last()).toBeVisible();
          if (await tooMany.isVisible()) refusedFor = "code";
        }
        await close();
      }
      expect(refusedFor).not.toBe("");
    });
  });
}
