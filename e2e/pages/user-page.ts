import { expect, type Locator, type Page } from "@playwright/test";
import { createFixtureUser } from "../support/emulator";

export type BagLabel = "Public metadata" | "Private metadata" | "Unsafe metadata";

/** A user's page at /users/[userId], with its three Monaco editors. */
export class UserPage {
  readonly reviewButton: Locator;
  readonly saveButton: Locator;
  /** Takes the place of "Save" when the change touches a path a review rule protects. */
  readonly requestReviewButton: Locator;
  readonly requestBody: Locator;
  readonly updatedAt: Locator;

  constructor(readonly page: Page) {
    this.reviewButton = page.getByRole("button", { name: "Review changes" });
    this.saveButton = page.getByRole("button", { name: "Save", exact: true });
    this.requestReviewButton = page.getByRole("button", { name: "Request review" });
    this.requestBody = page.getByTestId("request-body");
    this.updatedAt = page.getByTestId("user-updated-at");
  }

  async goto(userId: string) {
    await this.page.goto(`/users/${userId}`);
    await expect(this.editor("Public metadata")).toBeVisible();
  }

  /** A fresh Clerk user for this test alone (as the `freshUser` fixture makes), opened here. */
  async openNewUser(...input: Parameters<typeof createFixtureUser>) {
    const user = await createFixtureUser(...input);
    await this.goto(user.id);
    return user;
  }

  editor(label: BagLabel): Locator {
    return this.page.getByRole("textbox", { name: label, exact: true });
  }

  /** Replaces an editor's whole text (insertText: typing drops characters under Monaco's suggestions). */
  async replaceText(label: BagLabel, text: string) {
    // Monaco's text area sits under its rendered lines, so it is focused rather than clicked.
    await this.editor(label).focus();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(text);
  }

  /** Replaces a bag's text and opens the preview of the change ("Review changes"). */
  async previewEdit(label: BagLabel, text: string) {
    await this.replaceText(label, text);
    await this.reviewButton.click();
  }

  /** Edits one bag to `json` and sends the change for review, as its author would. */
  async requestReview(label: BagLabel, json: unknown) {
    await this.previewEdit(label, JSON.stringify(json));
    await this.requestReviewButton.click();
  }

  /** The "Feature flags" panel: each flag's control is named by its key. */
  get flagsPanel(): Locator {
    return this.page.getByRole("region", { name: "Feature flags" });
  }

  flagSwitch(key: string): Locator {
    return this.flagsPanel.getByRole("switch", { name: key, exact: true });
  }

  flagSelect(key: string): Locator {
    return this.flagsPanel.getByRole("combobox", { name: key, exact: true });
  }

  useDefault(key: string): Locator {
    return this.flagsPanel.getByRole("button", { name: `Use default for ${key}` });
  }

  flagValue(key: string): Locator {
    return this.page.getByTestId(`flag-value-${key}`);
  }

  /** The card that holds one bag's editor. */
  private bagSection(label: BagLabel): Locator {
    return this.page.locator("section").filter({ has: this.editor(label) });
  }

  /** Monaco's error squiggles in one editor (validation markers, JSON or schema). */
  errorMarkers(label: BagLabel): Locator {
    return this.bagSection(label).locator(".squiggly-error");
  }

  /** The lines Monaco renders for one editor: what a person sees in it. */
  lines(label: BagLabel): Locator {
    return this.bagSection(label).locator(".view-lines");
  }

  /** The editor's current text as rendered. */
  async text(label: BagLabel): Promise<string> {
    return this.lines(label).innerText();
  }

  /** Waits until Monaco has rendered the editors (not only their text areas). */
  async editorsRendered() {
    await this.page.locator(".monaco-editor").first().waitFor();
  }

  /** The review's side-by-side diff. */
  get diffEditor(): Locator {
    return this.page.locator(".monaco-diff-editor");
  }

  /** Monaco's completion list, open after Ctrl+Space. */
  get suggestions(): Locator {
    return this.page.locator(".suggest-widget");
  }

  /**
   * Hovers a quoted key in one editor and returns the hover that names `owner`. Monaco drops a
   * hover that lands while it is still re-validating new text, as a person's pointer would be
   * moved again; so this moves away and back until the hover shows.
   */
  async hoverKey(label: BagLabel, key: string, owner: string): Promise<Locator> {
    const hover = this.page.locator(".monaco-hover").filter({ hasText: owner });
    await expect(async () => {
      await this.page.mouse.move(0, 0);
      await this.lines(label)
        .locator("span", { hasText: new RegExp(`^"${key}"$`) })
        .hover();
      await expect(hover).toBeVisible({ timeout: 3_000 });
    }).toPass();
    return hover;
  }
}
