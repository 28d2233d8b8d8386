import { expect, test } from "./fixtures";
import { E2E_APP_URL, E2E_STAFF } from "./support/e2e-env";

// An open redirect after sign-in: a tab after the first slash passed the old check, and the
// browser, which drops tabs, landed on //evil.example. Each route of entry is tried.
const TAB_TRICK = "/sign-in?next=/%09/evil.example";

test.describe("without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("signing in with a hostile ?next= stays on the dashboard", async ({ page }) => {
    await page.goto(TAB_TRICK);
    await page.getByLabel("Email").fill(E2E_STAFF.viewer.email);
    await page.getByLabel("Password").fill(E2E_STAFF.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${E2E_APP_URL}/users`);
  });

  test("a ?next= a Location header cannot carry is a sign-in page, not a server error", async ({
    request,
  }) => {
    const response = await request.get("/sign-in?next=/%E3%80%82/evil", { maxRedirects: 0 });
    expect(response.status()).toBe(200);
  });
});

test("already signed in, a hostile ?next= sends you to /users on the dashboard", async ({
  page,
}) => {
  for (const next of ["/%09/evil.example", "/%E3%80%82/evil", "//evil.example", "/%5Cevil"]) {
    // page.request carries the page's signed-in cookie.
    const response = await page.request.get(`/sign-in?next=${next}`, { maxRedirects: 0 });
    expect(response.status(), next).toBe(307);
    expect(response.headers().location, next).toBe("/users");
  }
  await page.goto(TAB_TRICK);
  await expect(page).toHaveURL(`${E2E_APP_URL}/users`);
});
