import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_STAFF, storageStateFor } from "./support/e2e-env";
import { seedSavedChange } from "./support/server-actions";

test.describe("without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("pages send you to sign in and back to where you were going", async ({
    page,
    freshUser,
  }) => {
    const user = await freshUser();
    await page.goto(`/users/${user.id}`);
    await expect(page).toHaveURL(new RegExp(`/sign-in\\?next=%2Fusers%2F${user.id}$`));
    for (const path of ["/users", "/audit"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in\?next=/);
    }
    await page.goto(`/users/${user.id}`);
    await page.getByLabel("Email").fill(E2E_STAFF.viewer.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "Wrong email or password" }),
    ).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(E2E_STAFF.viewer.email);
    await page.getByLabel("Password").fill(E2E_STAFF.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`/users/${user.id}`);
    await expect(page.getByTestId("signed-in-as")).toContainText("(viewer)");
  });

  test("anonymous or forged requests cost no Backend API calls", async ({ request, emulator }) => {
    await emulator.resetStats();
    const variants: Record<string, string>[] = [
      {},
      { Cookie: "better-auth.session_token=forged.c2lnbmF0dXJl" },
    ];
    for (const headers of variants) {
      for (const path of ["/users", "/users?page=2", "/api/users"]) {
        const response = await request.get(path, { headers, maxRedirects: 0 });
        expect([307, 401]).toContain(response.status());
      }
    }
    expect((await emulator.stats()).total).toBe(0);
  });

  test("route handlers answer 401 with no or a forged session cookie", async ({ request }) => {
    for (const path of ["/api/users", "/api/audit", "/api/users/user_abc"]) {
      expect((await request.get(path)).status()).toBe(401);
      const forged = await request.get(path, {
        headers: { Cookie: "better-auth.session_token=forged.value" },
      });
      expect(forged.status()).toBe(401);
      expect(await forged.json()).toMatchObject({ error: { message: "Sign in first." } });
    }
  });
});

for (const role of ["viewer", "product", "support", "admin"] as const) {
  test.describe(`signed in as ${role}`, () => {
    test.use({ storageState: storageStateFor(role) });

    test("sees only what the role may do", async ({ page, freshUser }) => {
      const mayWrite = role === "support" || role === "admin";
      const user = await freshUser({ publicMetadata: { plan: "free" } });
      const [saved] = await seedSavedChange(user.id, user.updatedAt);
      await page.goto("/users");
      await expect(page.getByTestId("signed-in-as")).toContainText(`(${role})`);
      await expect(
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }),
      ).toHaveCount(role === "admin" ? 1 : 0);

      await page.goto(`/users/${user.id}`);
      await expect(
        page.getByRole("textbox", { name: "Public metadata", exact: true }),
      ).toBeVisible();
      await expect(page.getByRole("button", { name: "Review changes" })).toHaveCount(
        mayWrite ? 1 : 0,
      );
      await expect(page.getByText("Your role can read metadata but not change it.")).toHaveCount(
        mayWrite ? 0 : 1,
      );

      await page.goto(`/audit/${saved}`);
      await expect(page.getByRole("heading", { name: `Audit entry #${saved}` })).toBeVisible();
      await expect(page.getByRole("button", { name: "Revert" })).toHaveCount(mayWrite ? 1 : 0);
    });
  });
}

test("signing out ends the session", async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: E2E_APP_URL,
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(E2E_STAFF.admin.email);
  await page.getByLabel("Password").fill(E2E_STAFF.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("(admin)");
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The old cookie no longer opens anything.
  const replay = await browser.newContext({
    baseURL: E2E_APP_URL,
    storageState: { cookies, origins: [] },
  });
  expect((await replay.request.get("/api/users")).status()).toBe(401);
  await replay.close();
  await context.close();
});
