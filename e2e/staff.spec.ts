import { expect, test } from "./fixtures";
import { staffEvents } from "./support/audit";
import { E2E_APP_URL, storageStateFor } from "./support/e2e-env";
import { freshSessionCookie } from "./support/sessions";

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("adds a staff account, changes its role, resets its password and disables it", async ({
    page,
    browser,
  }) => {
    const email = `new.${Date.now().toString(36)}@e2e.test`;
    await page.goto("/staff");
    await page.getByLabel("New staff email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByLabel("Initial password (12+ characters)").fill("short");
    await page.getByLabel("Initial password (12+ characters)").fill("initial password 1");
    await page.getByRole("button", { name: "Add staff" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Added ${email}.` })).toBeVisible();
    await expect(page.getByLabel("New staff email")).toHaveValue("");
    await expect(page.getByLabel("Initial password (12+ characters)")).toHaveValue("");
    await expect(page.getByRole("cell", { name: email, exact: true })).toBeVisible();

    // A role change asks first; Escape leaves the role as it was. Chosen from the keyboard's
    // focus, as a keyboard user would.
    await page.getByLabel(`Role of ${email}`).focus();
    await page.getByLabel(`Role of ${email}`).selectOption("admin");
    const roleDialog = page.getByRole("alertdialog", { name: `Make ${email} an admin?` });
    await expect(roleDialog).toContainText("From viewer to admin");
    await expect(roleDialog).toContainText(
      "They gain editing metadata (protected paths still need approval)",
    );
    await expect(roleDialog).not.toContainText("They lose");
    // In the middle of the window, focus inside it, its button not red (nothing is destroyed).
    const box = (await roleDialog.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(Math.abs(box.x + box.width / 2 - viewport.width / 2)).toBeLessThan(2);
    expect(Math.abs(box.y + box.height / 2 - viewport.height / 2)).toBeLessThan(2);
    await expect(roleDialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(roleDialog.getByRole("button", { name: "Change role" })).toBeFocused();
    await expect(roleDialog.getByRole("button", { name: "Change role" })).not.toHaveClass(/red/);
    await page.keyboard.press("Escape");
    await expect(roleDialog).toBeHidden();
    await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("viewer");
    // Focus is back on the row's role, not at the top of the page.
    await expect(page.getByLabel(`Role of ${email}`)).toBeFocused();
    await page.getByLabel(`Role of ${email}`).selectOption("support");
    await page
      .getByRole("alertdialog", { name: `Make ${email} a support?` })
      .getByRole("button", { name: "Change role" })
      .click();
    await expect(
      page.getByRole("status").filter({ hasText: `Changed the role of ${email}.` }),
    ).toBeVisible();
    // A demotion says what is taken away.
    await page.getByLabel(`Role of ${email}`).selectOption("product");
    const demotion = page.getByRole("alertdialog", { name: `Make ${email} a product?` });
    await expect(demotion).toContainText(
      "They lose editing metadata (protected paths still need approval) and reverting audit entries.",
    );
    await expect(demotion).not.toContainText("They gain");
    await demotion.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("support");
    await page.getByLabel(`New password for ${email}`).fill("second password 2");
    await page
      .getByRole("row", { name: new RegExp(email) })
      .getByRole("button", { name: "Reset password" })
      .click();
    await expect(
      page.getByRole("status").filter({ hasText: `Reset the password of ${email}.` }),
    ).toBeVisible();

    // The new account signs in with the new password and has the new role.
    const other = await browser.newContext({
      baseURL: E2E_APP_URL,
      storageState: { cookies: [], origins: [] },
    });
    const otherPage = await other.newPage();
    await otherPage.goto("/sign-in");
    await otherPage.getByLabel("Email").fill(email);
    await otherPage.getByLabel("Password").fill("second password 2");
    await otherPage.getByRole("button", { name: "Sign in" }).click();
    await expect(otherPage.getByTestId("signed-in-as")).toContainText("(support)");

    await page.getByRole("button", { name: `Disable ${email}` }).click();
    const disableDialog = page.getByRole("alertdialog", { name: `Disable ${email}?` });
    await disableDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(disableDialog).toBeHidden();
    expect((await other.request.get("/api/users")).status()).toBe(200);
    await page.getByRole("button", { name: `Disable ${email}` }).click();
    await disableDialog.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Disabled ${email}.` })).toBeVisible();
    // Disabling ends the account's sessions at once.
    expect((await other.request.get("/api/users")).status()).toBe(401);

    // Enabled again, the account signs in with the password it had.
    await page.getByRole("button", { name: `Enable ${email}` }).click();
    await expect(page.getByRole("status").filter({ hasText: `Enabled ${email}.` })).toBeVisible();
    await otherPage.goto("/sign-in");
    await otherPage.getByLabel("Email").fill(email);
    await otherPage.getByLabel("Password").fill("second password 2");
    await otherPage.getByRole("button", { name: "Sign in" }).click();
    await expect(otherPage.getByTestId("signed-in-as")).toContainText("(support)");
    await other.close();

    // The staff page says when the account last signed in and what its two-factor is.
    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(email) });
    await expect(row).not.toContainText("Never");
    await expect(row).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    await expect(row).toContainText("Not needed");

    // Every one of those changes is in the audit log, shown with the staff events filter.
    await page.goto("/audit");
    await page.getByLabel("Event").selectOption({ label: "Staff and sign-in events" });
    await page.getByLabel("Staff account").fill(email);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/[?&]event=staff&.*staff=new/);
    const rows = page.getByRole("row").filter({ hasText: email });
    await expect(rows).toHaveCount(5);
    for (const [i, label] of [
      "Staff enabled",
      "Staff disabled",
      "Password reset",
      "Role changed",
      "Staff added",
    ].entries()) {
      await expect(rows.nth(i)).toContainText(label);
      await expect(rows.nth(i)).toContainText("admin@e2e.test");
    }
    await expect(rows.nth(3)).toContainText("role: viewer → support");
    await rows.nth(3).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
    const role = page.getByRole("row", { name: /^role/ });
    await expect(role).toContainText("viewer");
    await expect(role).toContainText("support");
    await expect(page.getByText("second password 2")).toHaveCount(0);
  });
});

test.describe("as support", () => {
  test("the staff page is not offered and refuses access", async ({ page }) => {
    await page.goto("/users");
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff" }),
    ).toHaveCount(0);
    await page.goto("/staff");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  });

  // Staff events name staff, their roles and the addresses failed sign-ins came from.
  test("staff and sign-in events stay out of their audit log, page and route alike", async ({
    page,
  }) => {
    await freshSessionCookie("viewer"); // at least one staff event: the account it adds
    const [event] = await staffEvents();
    await page.goto("/audit?event=staff");
    // Their Event filter offers metadata writes and exports, no staff events.
    await expect(page.getByLabel("Event").locator('option[value^="staff"]')).toHaveCount(0);
    await expect(page.getByText("No audit entries match.")).toBeVisible();
    const api = await page.request.get("/api/audit?event=staff");
    expect(await api.json()).toEqual({ entries: [], totalCount: 0, bulkJobs: {} });
    const all = (await (await page.request.get("/api/audit")).json()) as {
      entries: { kind: string }[];
    };
    expect(all.entries.every((e) => e.kind !== "staff")).toBe(true);
    await page.goto(`/audit/${event!.id}`);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  });
});
