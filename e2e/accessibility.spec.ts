import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { createFixtureUser } from "./support/emulator";
import { UserPage } from "./pages/user-page";
import { UsersPage } from "./pages/users-page";

async function seriousViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the users list has no serious or critical accessibility violations", async ({ page }) => {
  await new UsersPage(page).goto();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the user page, and its review, have no serious or critical accessibility violations", async ({
  page,
}) => {
  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await page.locator(".monaco-editor").first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await view.replaceText("Public metadata", JSON.stringify({ plan: "pro" }));
  await view.reviewButton.click();
  await page.locator(".monaco-diff-editor").waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the audit log has no serious or critical accessibility violations", async ({ page }) => {
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test.describe("as an admin", () => {
  test.use({ storageState: "test-results/.auth/admin.json" });
  test("the staff page has no serious or critical accessibility violations", async ({ page }) => {
    await page.goto("/staff");
    await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test("the flag catalogue, bulk changes (with a dry run) and a job's progress have no serious or critical accessibility violations", async ({
  page,
}) => {
  await page.goto("/flags");
  await expect(page.getByRole("heading", { name: "Feature flags" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const user = await createFixtureUser();
  await page.goto("/flags/bulk");
  await page.getByLabel("A pasted or uploaded list").check();
  await page.getByLabel("User ids or email addresses").fill(`${user.id}\nnobody@nowhere.test`);
  await page.getByLabel("Flag").selectOption("new_dashboard");
  await page.getByLabel("New value").selectOption("true");
  await page.getByRole("button", { name: "Dry run" }).click();
  await expect(page.getByTestId("dry-run-summary")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("job-status")).toHaveText("Completed");
  expect(await seriousViolations(page)).toEqual([]);
});
