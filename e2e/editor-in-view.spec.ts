import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { UserPage } from "./pages/user-page";

/**
 * What the editor asks of the person, and what came of it, shows where they are looking: the
 * preview scrolls into view with the focus, and every outcome is said in the bar below the
 * editors, which stays on screen.
 */
const bar = (page: Page) =>
  page.getByRole("button", { name: "Review changes" }).locator("xpath=..").getByRole("status");

async function editPlan(userPage: UserPage, plan: string) {
  await userPage.replaceText("Public metadata", JSON.stringify({ plan }));
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("Ctrl/⌘+S shows the review in view, a second Ctrl/⌘+S saves, and Saved shows in view", async ({
      page,
      clerk,
      userPage,
    }) => {
      const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
      await editPlan(userPage, "pro");
      await page.keyboard.press("ControlOrMeta+S");
      const preview = page.getByRole("region", { name: "Review changes" });
      await expect(preview.getByRole("heading", { name: "Review changes" })).toBeInViewport();
      // Focus went with it: the keyboard is in the review, not in the editor above.
      await expect
        .poll(() =>
          preview.evaluate((region) => region.parentElement!.contains(document.activeElement)),
        )
        .toBe(true);
      await expect(bar(page)).toHaveText(
        "Reviewing 1 bag — Save (Ctrl/⌘+S) or Back to editing (Esc)",
      );
      await expect(bar(page)).toBeInViewport();

      await page.keyboard.press("ControlOrMeta+S");
      await expect(bar(page)).toContainText("Saved.");
      await expect(bar(page)).toBeInViewport();
      expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "pro" });
    });

    test("Escape goes back from the review to editing, with the edit kept", async ({
      page,
      clerk,
      userPage,
    }) => {
      const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
      await editPlan(userPage, "team");
      await userPage.reviewButton.click();
      await expect(page.getByRole("region", { name: "Review changes" })).toBeInViewport();
      await page.keyboard.press("Escape");
      await expect(page.getByRole("region", { name: "Review changes" })).toHaveCount(0);
      await expect(bar(page)).toHaveText("1 bag changed · Ctrl/⌘+S to review");
      // Focus is back where it was (the button), and from the editor, back in the editor, in
      // view: typing goes on at once.
      await expect(userPage.reviewButton).toBeFocused();
      const editor = page.getByRole("textbox", { name: "Public metadata", exact: true });
      await editor.focus();
      await page.keyboard.press("ControlOrMeta+S");
      await expect(page.getByRole("region", { name: "Review changes" })).toBeInViewport();
      await page.keyboard.press("Escape");
      await expect(editor).toBeFocused();
      await expect(editor).toBeInViewport();
      expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free" });
    });

    test("a conflict and a requested review are said in view", async ({
      page,
      clerk,
      userPage,
    }) => {
      const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
      await editPlan(userPage, "pro");
      await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: "team" } });
      await page.keyboard.press("ControlOrMeta+S");
      await page.keyboard.press("ControlOrMeta+S");
      await expect(bar(page)).toHaveText(
        "Not saved: this user changed since you opened it. Choose above how to go on.",
      );
      await expect(bar(page)).toBeInViewport();
      await expect(
        page.getByRole("heading", { name: "This user changed since you opened it" }),
      ).toBeInViewport();

      // A change a review rule covers (public_metadata.role) is requested, not saved.
      await page.getByRole("button", { name: "Discard my changes" }).click();
      await userPage.replaceText(
        "Public metadata",
        JSON.stringify({ plan: "team", role: "admin" }),
      );
      await page.keyboard.press("ControlOrMeta+S");
      await expect(bar(page)).toContainText("Request review (Ctrl/⌘+S)");
      await page.keyboard.press("ControlOrMeta+S");
      await expect(bar(page)).toContainText("Review requested.");
      await expect(bar(page)).toBeInViewport();
    });

    test("a switched flag says so in view", async ({ page, userPage }) => {
      await userPage.openNewUser();
      await userPage.flagSwitch("new_dashboard").click();
      const said = page.getByRole("status").filter({ hasText: "new_dashboard" });
      await expect(said).toBeVisible();
      await expect(said).toBeInViewport();
    });
  });
}
