import { expect, test } from "./fixtures";
import { E2E_SECRET_KEY } from "./support/e2e-env";

test("no request leaves 127.0.0.1 and the secret key is in nothing the browser receives", async ({
  page,
  freshUser,
  userPage,
}) => {
  const outside: string[] = [];
  const leaks: string[] = [];
  const pending: Promise<void>[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.hostname !== "127.0.0.1")
      outside.push(request.url());
  });
  page.on("response", (response) => {
    pending.push(
      response
        .body()
        .then((body) => {
          if (body.toString("latin1").includes(E2E_SECRET_KEY)) leaks.push(response.url());
        })
        .catch(() => undefined),
    );
  });

  const user = await freshUser({ publicMetadata: { plan: "free" } });
  await page.goto("/users");
  await page.getByLabel("Search users").fill(user.emailAddresses[0]!.emailAddress);
  await expect(page.locator("table tbody tr")).toHaveCount(1);
  await page.locator("table tbody tr a").first().click();
  await expect(userPage.editor("Public metadata")).toBeVisible();
  await userPage.previewEdit("Public metadata", JSON.stringify({ plan: "pro" }));
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await Promise.all(pending);
  expect(pending.length).toBeGreaterThan(5);
  expect(outside).toEqual([]);
  expect(leaks).toEqual([]);
});
