import { expect, test } from "./fixtures";
import { applyBulkChange } from "./pages/bulk-change";
import { seriousViolations } from "./support/axe";

// Both themes: the dark one mirrors the palette (app/dark-theme.css), so contrast is checked anew.

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`in the ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test("the users list has no serious or critical accessibility violations", async ({
      page,
      usersPage,
    }) => {
      await usersPage.goto();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the user page, and its review, have no serious or critical accessibility violations", async ({
      page,
      userPage,
    }) => {
      await userPage.openNewUser({ publicMetadata: { plan: "free" } });
      await userPage.editorsRendered();
      expect(await seriousViolations(page)).toEqual([]);
      await userPage.previewEdit("Public metadata", JSON.stringify({ plan: "pro" }));
      await userPage.diffEditor.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the audit log has no serious or critical accessibility violations", async ({ page }) => {
      await page.goto("/audit");
      await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("the staff page has no serious or critical accessibility violations", async ({
      pageAs,
    }) => {
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

      await page.goto("/sync");
      await expect(page.getByRole("heading", { name: "User index" })).toBeVisible();
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

      // The confirmation, open, is checked too.
      await page.getByRole("button", { name: "Apply", exact: true }).click();
      await expect(page.getByRole("alertdialog", { name: "Apply to 1 user?" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press("Escape");
      await applyBulkChange(page, 1);
      await expect(page.getByTestId("job-status")).toHaveText("Completed");
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test.describe("the dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("follows the system: dark pages and Monaco's dark theme", async ({ page, userPage }) => {
    await userPage.openNewUser({ publicMetadata: { plan: "free" } });
    await userPage.editorsRendered();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(lightnessOf(background), background).toBeLessThan(0.3);
    await expect(page.locator(".monaco-editor.vs-dark").first()).toBeVisible();

    // An audit entry's patch is a dark block too, not a light one left on the dark page; the
    // entry has no serious violations (contrast included).
    await userPage.previewEdit("Public metadata", JSON.stringify({ plan: "pro" }));
    await userPage.saveButton.click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await page.getByRole("region", { name: "History" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
    const patch = await page
      .getByTestId("audit-patch")
      .evaluate((block) => getComputedStyle(block).backgroundColor);
    expect(lightnessOf(patch), patch).toBeLessThan(0.3);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

/** A CSS colour's lightness: OKLCH's own (0 black … 1 white), or the mean of its RGB. */
function lightnessOf(color: string): number {
  const numbers = (color.match(/[\d.]+%?/g) ?? []).map((n) =>
    n.endsWith("%") ? Number.parseFloat(n) / 100 : Number(n),
  );
  return color.startsWith("oklch")
    ? numbers[0]!
    : (numbers[0]! + numbers[1]! + numbers[2]!) / 3 / 255;
}
