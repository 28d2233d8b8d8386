import { expect, type Page } from "@playwright/test";

/** "Apply" on the bulk change form, then its confirmation "Apply to N users?". */
export async function applyBulkChange(page: Page, users: number) {
  await page.getByRole("button", { name: "Apply", exact: true }).click();
  const dialog = page.getByRole("alertdialog", {
    name: `Apply to ${users} ${users === 1 ? "user" : "users"}?`,
  });
  await dialog.getByRole("button", { name: "Apply", exact: true }).click();
  await expect(dialog).toBeHidden();
}
