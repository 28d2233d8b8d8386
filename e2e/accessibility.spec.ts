import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";

async function seriousViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the users list has no serious or critical accessibility violations", async ({
  page,
  usersPage,
}) => {
  await usersPage.goto();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the user page, and its review, have no serious or critical accessibility violations", async ({
  page,
  freshUser,
  userPage,
}) => {
  const user = await freshUser({ publicMetadata: { plan: "free" } });
  await userPage.goto(user.id);
  await userPage.editorsRendered();
  expect(await seriousViolations(page)).toEqual([]);
  await userPage.replaceText("Public metadata", JSON.stringify({ plan: "pro" }));
  await userPage.reviewButton.click();
  await userPage.diffEditor.waitFor();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the audit log has no serious or critical accessibility violations", async ({ page }) => {
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the staff page has no serious or critical accessibility violations", async ({ pageAs }) => {
  const page = await pageAs("admin");
  await page.goto("/staff");
  await expect(page.getByRole("heading", { name: "Staff", exact: true })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the flag catalogue, bulk changes (with a dry run) and a job's progress have no serious or critical accessibility violations", async ({
  page,
  freshUser,
}) => {
  await page.goto("/flags");
  await expect(page.getByRole("heading", { name: "Feature flags" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const user = await freshUser();
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
