import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { UserPage } from "./pages/user-page";
import { watchPageProblems } from "./support/page-problems";
import { createFixtureUser } from "./support/emulator";

// Monaco's diff editor leaves its own, disposed services behind as the page-wide source of
// tooltips (microsoft/monaco-editor#4612). Monaco builds an editor's suggestion widget when the
// browser is first idle, or on first use if it never was (a busy machine): built after a diff had
// closed, it threw — on leaving the page, that took the whole next page down.

/**
 * In a browser too busy ever to be idle (work Monaco defers to idle time waits for first use),
 * opens a new user's page and the review of an edit, with its diff. Answers the page's problems.
 */
async function reviewAnEdit(page: Page, userPage: UserPage): Promise<string[]> {
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
  const problems = await watchPageProblems(page);
  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  await userPage.goto(user.id);
  await userPage.previewEdit("Public metadata", JSON.stringify({ plan: "pro" }));
  await expect(
    page.getByRole("textbox", { name: "Diff of public_metadata, after" }),
  ).toBeAttached();
  return problems;
}

test("after a review diff closes, the editor's suggestions still open and nothing errors", async ({
  page,
  userPage,
}) => {
  const problems = await reviewAnEdit(page, userPage);
  await page.getByRole("button", { name: "Back to editing" }).click();
  await expect(page.getByRole("textbox", { name: "Diff of public_metadata, after" })).toHaveCount(
    0,
  );

  await userPage.editor("Public metadata").focus();
  await page.keyboard.press("Control+Space");
  await expect(page.getByRole("listbox", { name: "Suggest" })).toBeVisible();
  expect(problems).toEqual([]);
});

test("a saved change opens from the user's history with its diff, and nothing errors", async ({
  page,
  userPage,
}) => {
  const problems = await reviewAnEdit(page, userPage);
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.getByRole("region", { name: "History" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
  await expect(
    page.getByRole("textbox", { name: "Diff of public_metadata, after" }),
  ).toBeAttached();
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});
