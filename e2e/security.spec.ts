import { expect, test } from "@playwright/test";
import { E2E_SECRET_KEY } from "./support/e2e-env";
import { createFixtureUser } from "./support/emulator";
import { UserPage } from "./pages/user-page";

test("no request leaves 127.0.0.1 and the secret key is in nothing the browser receives", async ({
  page,
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

  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  await page.goto("/users");
  await page.getByLabel("Search users").fill(user.emailAddresses[0]!.emailAddress);
  await expect(page.locator("table tbody tr")).toHaveCount(1);
  await page.locator("table tbody tr a").first().click();
  const view = new UserPage(page);
  await expect(view.editor("Public metadata")).toBeVisible();
  await view.replaceText("Public metadata", JSON.stringify({ plan: "pro" }));
  await view.reviewButton.click();
  await view.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await Promise.all(pending);
  expect(pending.length).toBeGreaterThan(5);
  expect(outside).toEqual([]);
  expect(leaks).toEqual([]);
});
