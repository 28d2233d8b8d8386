import { expect, storageStateFor, test } from "./fixtures";
import { E2E_APP_URL } from "./support/e2e-env";
import { watchPageProblems } from "./support/page-problems";
import { seedSavedChange } from "./support/server-actions";

test.describe("as an admin, with the Content-Security-Policy on", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("every page works, Monaco's editors, diff and workers included, with no violation or console error", async ({
    page,
    freshUser,
    userPage,
  }) => {
    const problems = await watchPageProblems(page);
    const user = await freshUser({ publicMetadata: { plan: "free" } });
    const [entry] = await seedSavedChange(user.id, user.updatedAt);

    await page.goto("/users");
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await userPage.goto(user.id);
    await userPage.editorsRendered();
    // A wrong type shows markers: the JSON worker runs under the policy.
    await userPage.replaceText("Public metadata", '{"features": {"new_dashboard": "yes"}}');
    await expect(userPage.errorMarkers("Public metadata")).not.toHaveCount(0);
    await userPage.previewEdit("Public metadata", '{"plan": "team"}');
    await expect(userPage.diffEditor).toBeVisible();
    for (const path of [
      "/audit",
      `/audit/${entry}`,
      "/flags",
      "/sync",
      "/flags/bulk",
      "/flags/bulk/bulk_nosuchjob",
      "/staff",
      "/users/user_nosuchuser",
    ]) {
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
    }
    // Not-found pages log their 404 as a failed resource; anything else is a problem.
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
  });
});

test("every response carries the security headers; pages a nonce policy; route handlers no-store", async ({
  request,
}) => {
  for (const path of [
    "/users",
    "/sign-in",
    "/favicon.svg",
    "/robots.txt",
    "/api/health",
    "/api/users",
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["permissions-policy"], path).toBe("camera=(), microphone=(), geolocation=()");
    if (path.startsWith("/api/")) expect(headers["cache-control"], path).toBe("private, no-store");
  }
  const page = await request.get("/users");
  const csp = page.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  for (const directive of [
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "connect-src 'self'",
  ])
    expect(csp).toContain(directive);
  expect(csp).not.toContain("unsafe-eval");
  // A fresh nonce per response.
  const again = (await request.get("/users")).headers()["content-security-policy"];
  expect(again).not.toBe(csp);
});

// Another site (here: another origin on the same host) framed the signed-in user page, flag
// switches and all.
test("no other page can frame the dashboard", async ({ page, freshUser }) => {
  const user = await freshUser();
  await page.goto("about:blank");
  await page.setContent(`<iframe id="framed" src="${E2E_APP_URL}/users/${user.id}"></iframe>`);
  await page.waitForLoadState("load");
  await expect(
    page.frameLocator("#framed").getByRole("heading", { name: "Feature flags" }),
  ).toHaveCount(0);
  const framed = page.frames().find((f) => f !== page.mainFrame());
  expect(framed?.url()).not.toContain("/users/");
});
