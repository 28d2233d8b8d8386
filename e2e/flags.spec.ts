import { expect, test } from "@playwright/test";
import { auditEntriesFor } from "./support/audit";
import { storageStateFor } from "./support/e2e-env";
import { clerk, createFixtureUser } from "./support/emulator";
import { UserPage } from "./pages/user-page";

test.describe("as a product manager", () => {
  test.use({ storageState: storageStateFor("product") });

  test("switches a flag on the user page and sees the returned user; cannot save JSON", async ({
    page,
  }) => {
    const user = await createFixtureUser({ publicMetadata: { plan: "pro" } });
    const view = new UserPage(page);
    await view.goto(user.id);
    const updatedBefore = await view.updatedAt.innerText();
    await expect(view.flagValue("new_dashboard")).toHaveText("off (default)");
    await expect(view.flagSwitch("new_dashboard")).toHaveAttribute("aria-checked", "false");
    await expect(view.useDefault("new_dashboard")).toBeDisabled();

    await view.flagSwitch("new_dashboard").click();
    await expect(
      page.getByRole("status").filter({ hasText: "Saved: new_dashboard is on (set on this user)" }),
    ).toBeVisible();
    await expect(view.flagSwitch("new_dashboard")).toHaveAttribute("aria-checked", "true");
    await expect(view.updatedAt).not.toHaveText(updatedBefore);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      plan: "pro",
      features: { new_dashboard: true },
    });
    // The read-only editor follows the returned user.
    await expect.poll(() => view.text("Public metadata")).toContain("new_dashboard");

    await view.flagSelect("support_tier").selectOption("priority");
    await expect(view.flagValue("support_tier")).toHaveText("priority (set on this user)");
    expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({
      features: { support_tier: "priority" },
    });

    await view.useDefault("new_dashboard").click();
    await expect(view.flagValue("new_dashboard")).toHaveText("off (default)");
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      plan: "pro",
      features: {},
    });

    const entries = await auditEntriesFor(user.id);
    expect(entries.map((e) => [e.outcome, e.actor?.email, e.patch])).toEqual([
      ["success", "product@e2e.test", { public_metadata: { features: { new_dashboard: null } } }],
      [
        "success",
        "product@e2e.test",
        { private_metadata: { features: { support_tier: "priority" } } },
      ],
      ["success", "product@e2e.test", { public_metadata: { features: { new_dashboard: true } } }],
    ]);

    await expect(page.getByRole("button", { name: "Review changes" })).toHaveCount(0);
    await expect(page.getByText("Your role can read metadata but not change it.")).toBeVisible();
  });
});

test("a flag changed meanwhile by someone else is a conflict: nothing is written, the panel shows the current value", async ({
  page,
}) => {
  const user = await createFixtureUser();
  const view = new UserPage(page);
  await view.goto(user.id);
  await clerk.users.updateUserMetadata(user.id, {
    publicMetadata: { features: { beta_exports: true } },
  });
  await view.flagSwitch("new_dashboard").click();
  await expect(
    page.getByRole("alert").filter({ hasText: "This user changed since the page loaded" }),
  ).toBeVisible();
  await expect(view.flagValue("beta_exports")).toHaveText("on (set on this user)");
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    features: { beta_exports: true },
  });
  await view.flagSwitch("new_dashboard").click();
  await expect(view.flagValue("new_dashboard")).toHaveText("on (set on this user)");
});

test("the JSON editor knows the catalogue: completion, markers for a wrong type, and the save refuses it", async ({
  page,
}) => {
  const user = await createFixtureUser({ publicMetadata: { features: { editor: "blocks" } } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await expect(view.flagValue("editor")).toHaveText("blocks (set on this user)");

  await view.replaceText("Public metadata", '{"features": {"new_dashboard": "yes"}}');
  await expect(view.errorMarkers("Public metadata")).not.toHaveCount(0);
  await view.reviewButton.click();
  await view.saveButton.click();
  await expect(
    page.getByRole("alert").filter({
      hasText:
        'public_metadata.features.new_dashboard must be a boolean (true or false) (got "yes")',
    }),
  ).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    features: { editor: "blocks" },
  });

  await view.replaceText("Public metadata", '{"features": {"new_dashboard": true}}');
  await expect(view.errorMarkers("Public metadata")).toHaveCount(0);

  // Completion offers the catalogued keys inside "features".
  await view.replaceText("Public metadata", '{"features": {}}');
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Control+Space");
  await expect(page.locator(".suggest-widget")).toContainText("beta_exports");
});

test("the catalogue page lists every flag", async ({ page }) => {
  await page.goto("/flags");
  await expect(page.getByRole("heading", { name: "Feature flags" })).toBeVisible();
  const row = page.getByRole("row", { name: /support_tier/ });
  await expect(row).toContainText("Routing for the user's support tickets");
  await expect(row).toContainText("support-ops");
  await expect(row).toContainText("enum: standard | priority | enterprise");
  await expect(row).toContainText("standard");
  await expect(row).toContainText("private_metadata.features.support_tier");
  await expect(page.getByRole("row")).toHaveCount(5);
});
