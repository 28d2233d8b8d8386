import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { applyBulkChange } from "./pages/bulk-change";
import { requestIdFrom } from "./pages/review-page";
import { seriousViolations } from "./support/axe";

/**
 * Every page, in the states people meet, has no serious or critical accessibility violation
 * (text contrast included, so 4.5:1 for every text) in either theme: the dark one mirrors the
 * palette (app/dark-theme.css), so each is checked anew. accessibility.spec.ts checks the
 * main flows step by step; this sweep covers the pages they leave out.
 */
for (const colorScheme of ["light", "dark"] as const) {
  test(`every page and state passes axe in the ${colorScheme} theme`, async ({
    page,
    pageAs,
    userPage,
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme });
    const problems: string[] = [];
    const check = async (name: string, on: Page = page) => {
      await expect(on.locator("main h1, h1").first()).toBeVisible();
      for (const violation of await seriousViolations(on)) problems.push(`${name}: ${violation}`);
    };

    // Signed out: the sign-in page.
    const signedOut = await browser.newContext({ baseURL, colorScheme });
    const outside = await signedOut.newPage();
    await outside.goto("/sign-in");
    await check("/sign-in", outside);
    await signedOut.close();

    // A user with a change waiting for review: the marker on the editor, the request's page
    // (as its author, with the note saying why there is no Approve), and the list of requests.
    const user = await userPage.openNewUser({ publicMetadata: { role: "member", plan: "free" } });
    await userPage.editorsRendered();
    await check("a user");
    await userPage.previewEdit("Public metadata", JSON.stringify({ role: "admin", plan: "free" }));
    await expect(page.getByRole("region", { name: "This change needs review" })).toBeVisible();
    await check("a user, a change needing review");
    await userPage.requestReviewButton.click();
    const requestId = await requestIdFrom(page);
    await expect(page.getByRole("note").filter({ hasText: "Change requested by" })).toBeVisible();
    await check("a user with a pending request");
    await page.goto(`/reviews/${requestId}`);
    await check("a change request, as its author");
    await page.goto("/reviews");
    await check("/reviews");

    // A saved change, and its audit entry.
    await userPage.goto(user.id);
    await userPage.previewEdit("Public metadata", JSON.stringify({ role: "member", plan: "pro" }));
    await userPage.saveButton.click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await check("a user, saved");
    await page.getByRole("region", { name: "History" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
    await check("an audit entry");
    await page.goto(`/audit?user=${user.id}`);
    await check("/audit?user=");

    // The list: filtered, with a bad filter, with a search that finds nothing.
    await page.goto(`/users?where=${encodeURIComponent('public_metadata.plan = "pro"')}`);
    await expect(page.getByText(/match, from the index|matches, from the index/)).toBeVisible();
    await check("/users filtered");
    await page.goto(`/users?where=${encodeURIComponent("public_metadata.plan = pro")}`);
    await expect(page.getByRole("alert").first()).toBeVisible();
    await check("/users with a bad filter");
    await page.goto("/users?query=nobody-at-all-matches-this");
    await expect(page.getByText("No users match")).toBeVisible();
    await check("/users, nothing found");

    // The flags: a dry run and a finished job.
    await page.goto("/flags");
    await check("/flags");
    await page.goto("/flags/bulk");
    await page.getByLabel("A pasted or uploaded list").check();
    await page.getByLabel("User ids or email addresses").fill(user.id);
    await page.getByLabel("Flag").selectOption("new_dashboard");
    await page.getByLabel("New value").selectOption("true");
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("dry-run-summary")).toBeVisible();
    await applyBulkChange(page, 1);
    await expect(page.getByTestId("job-status")).toHaveText("Completed");
    await check("a bulk job");

    await page.goto("/sync");
    await check("/sync");
    await page.goto("/security");
    await check("/security");
    await page.goto("/no-such-page");
    await check("a page that does not exist");

    // An admin: the staff page, and the request waiting for them.
    const admin = await pageAs("admin");
    await admin.emulateMedia({ colorScheme });
    await admin.goto("/staff");
    await check("/staff", admin);
    await admin.goto(`/reviews/${requestId}`);
    await expect(admin.getByRole("button", { name: "Approve" })).toBeVisible();
    await check("a change request, as its approver", admin);

    expect(problems).toEqual([]);
  });
}
