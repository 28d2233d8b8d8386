import { expect, test } from "./fixtures";
import { applyBulkChange } from "./pages/bulk-change";
import { storageStateFor } from "./support/e2e-env";

test.use({ storageState: storageStateFor("product") });

test("a bulk change for the users a filter selects: from /users, dry run, apply, progress", async ({
  page,
  clerk,
}) => {
  const cohort = `bulkwhere${Date.now().toString(36)}`;
  const members = [];
  for (let i = 0; i < 4; i++)
    members.push(
      await clerk.users.createUser({
        emailAddress: [`member${i}@${cohort}.test`],
        publicMetadata: { cohort, ...(i === 0 ? { features: { new_dashboard: true } } : {}) },
      }),
    );
  const outsider = await clerk.users.createUser({
    emailAddress: [`outsider@${cohort}.test`],
    publicMetadata: { cohort: `${cohort}-not` },
  });
  const where = `public_metadata.cohort = "${cohort}"`;
  // The webhooks index new users within moments.
  await expect(async () => {
    await page.goto(`/users?where=${encodeURIComponent(where)}`);
    await expect(page.getByText("4 users match, from the index")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });

  await page.getByRole("link", { name: "Change a flag for these users" }).click();
  await expect(page).toHaveURL(/\/flags\/bulk\?where=/);
  await expect(page.getByLabel("Filter", { exact: true })).toHaveValue(where);
  await page.getByLabel("Flag").selectOption("new_dashboard");
  await page.getByLabel("New value").selectOption("true");
  await page.getByRole("button", { name: "Dry run" }).click();
  const summary = page.getByTestId("dry-run-summary");
  await expect(summary).toContainText("4 users targeted");
  await expect(summary).toContainText(`users where ${where} (user index as of`);
  await expect(summary).toContainText("3 would change, 1 already has that value");

  await applyBulkChange(page, 3);
  await expect(page).toHaveURL(/\/flags\/bulk\/bulk_[a-z0-9]+$/);
  await expect(page.getByTestId("job-status")).toHaveText("Completed");
  await expect(page.getByTestId("job-changed")).toHaveText("3");
  await expect(page.getByTestId("job-skipped")).toHaveText("1");
  await expect(page.getByText(`users where ${where} (user index as of`)).toBeVisible();
  for (const member of members)
    expect((await clerk.users.getUser(member.id)).publicMetadata).toEqual({
      cohort,
      features: { new_dashboard: true },
    });
  expect((await clerk.users.getUser(outsider.id)).publicMetadata).toEqual({
    cohort: `${cohort}-not`,
  });
});

test("a malformed filter is refused in the bulk form, with its position, before anything runs", async ({
  page,
}) => {
  await page.goto("/flags/bulk");
  await page.getByLabel("Users matching a filter (from the user index)").check();
  await page.getByLabel("Filter", { exact: true }).fill("public_metadata.plan = ");
  await page.getByLabel("New value").selectOption("true");
  await page.getByRole("button", { name: "Dry run" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /^At character \d+: / })).toBeVisible();
  await expect(page.getByTestId("dry-run-summary")).toHaveCount(0);
});
